"""Cleaning of ticket text: keep what the merchant wrote in this message, nothing else.

Quoted earlier replies, forwarded chains, signatures, disclaimers and greetings carry no
topic (taxonomy, last rule of thumb), so they are cut before anything is scored. Every kept
sentence remembers its span in the original text, so evidence always quotes the merchant's
own words. Pasted logs and code are kept but marked: they help the model, not the evidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

__all__ = ["Sentence", "CleanText", "clean", "fold", "guess_language", "strip_subject"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One kept sentence: ``text == original[start:end]``."""

    text: str
    start: int
    end: int
    is_log: bool = False


@dataclass(frozen=True, slots=True)
class CleanText:
    original: str
    sentences: tuple[Sentence, ...]

    @property
    def prose(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if not s.is_log)

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.sentences)


# --- folding -------------------------------------------------------------------------

def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if base and base != chr(code):
            table[code] = base.lower()
    table.update({ord("ß"): "ss", ord("æ"): "ae", ord("œ"): "oe", ord("ø"): "o", ord("’"): "'",
                  ord("‘"): "'", ord("«"): '"', ord("»"): '"', ord("“"): '"', ord("”"): '"',
                  ord("–"): "-", ord("—"): "-", ord("\u00a0"): " "})
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lowercase and strip accents, so rules match 'Zertifikat' and 'certificat' alike."""
    return text.lower().translate(_FOLD)


# --- line classification -------------------------------------------------------------

_ATTRIBUTION = re.compile(
    r"^\s*(?:(?:on|am|le|el|il|op|den|p[åa])\b.{0,160}?\b(?:wrote|schrieb|a\s+[ée]crit|escribi[óo]|ha\s+scritto|schreef"
    r"|skrev)\b.{0,100}|.{0,80}<[^>\s]+@[^>\s]+>\s*(?:wrote|schrieb|a\s+[ée]crit|escribi[óo]|ha\s+scritto|schreef))"
    r"\s*:\s*$",
    re.IGNORECASE,
)
_ATTRIBUTION_START = re.compile(r"^\s*(?:on|am|le|el|il|op)\b", re.IGNORECASE)
_CHAIN_MARK = re.compile(
    r"^\s*(?:-{2,}\s*(?:original(?:\s+message|nachricht)?|urspr[üu]ngliche\s+nachricht|message\s+d'origine"
    r"|mensaje\s+original|messaggio\s+originale|oorspronkelijk\s+bericht|forwarded\s+message"
    r"|weitergeleitete\s+nachricht|message\s+transf[ée]r[ée])\s*-{2,}|begin\s+forwarded\s+message:?)\s*$",
    re.IGNORECASE,
)
_HEADER = re.compile(
    r"^\s*\*?(?:from|von|de|da|van|sent|gesendet|envoy[ée]|enviado|inviato|verzonden|date|datum|to|an|[àa]"
    r"|para|aan|subject|betreff|objet|asunto|oggetto|onderwerp|cc)\s*\*?\s*:\s*\S",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"^\s*>")
_SIG_DASH = re.compile(r"^\s*--\s*$|^\s*_{5,}\s*$")
_SENT_FROM = re.compile(
    r"^\s*(?:sent\s+from\s+(?:my\s+)?\w+|sent\s+from\s+outlook|get\s+outlook\s+for|von\s+meinem\s+\w+\s+gesendet"
    r"|gesendet\s+von\s+meinem|envoy[ée]\s+de\s+mon|enviado\s+desde\s+mi|inviato\s+da\s+(?:il\s+mio\s+)?\w+"
    r"|verzonden\s+(?:met|vanaf)\s+mijn)\b.*$",
    re.IGNORECASE,
)
_CLOSING_WORDS = (
    r"(?:best|kind|warm|many|with\s+best|best\s+wishes|all\s+the\s+best)?\s*(?:regards|wishes)|regards|best"
    r"|cheers|thanks?(?:\s+(?:again|a\s+lot|so\s+much|in\s+advance"
    r"|you(?:\s+(?:so\s+much|in\s+advance|very\s+much))?))?"
    r"|thank\s+you(?:\s+(?:so|very)\s+much)?(?:\s+in\s+advance)?|many\s+thanks(?:\s+in\s+advance)?|thx|ty"
    r"|greetings|sincerely|yours(?:\s+(?:sincerely|truly|faithfully))?|take\s+care|speak\s+soon"
    r"|have\s+a\s+(?:nice|good|great)\s+\w+"
    r"|(?:mit\s+)?(?:freundlichen|besten|sch[öo]nen|lieben|herzlichen|viele)\s+gr[üu](?:ß|ss)en?"
    r"|viele\s+gr[üu](?:ß|ss)e|gr[üu](?:ß|ss)e?|lg|vg|mfg|danke(?:\s+(?:sch[öo]n|und\s+gru(?:ß|ss)|im\s+voraus))?"
    r"|vielen\s+dank(?:\s+im\s+voraus)?"
    r"|freundliche\s+gr[üu](?:ß|ss)e|beste\s+gr[üu](?:ß|ss)e"
    r"|cordialement|bien\s+(?:à|a)\s+vous|bien\s+cordialement|salutations"
    r"|merci(?:\s+(?:beaucoup|d'avance|par\s+avance))?"
    r"|bonne\s+journ[ée]e|sinc[èe]res\s+salutations|amiti[ée]s"
    r"|saludos(?:\s+cordiales)?|un\s+saludo|atentamente|gracias(?:\s+de\s+antemano)?|muchas\s+gracias|un\s+abrazo"
    r"|cordiali\s+saluti|distinti\s+saluti|saluti|grazie(?:\s+mille|\s+in\s+anticipo)?|un\s+saluto|buona\s+giornata"
    r"|met\s+vriendelijke\s+groet(?:en)?|vriendelijke\s+groet(?:en)?|groet(?:en|jes)?|hartelijke\s+groet(?:en)?"
    r"|alvast\s+bedankt|bedankt|dank\s+je(?:\s+wel)?|dank\s+u(?:\s+wel)?|xx+|xo"
    r"|(?:med\s+)?v[äa]nliga\s+h[äa]lsningar|mvh|(?:med\s+)?venlig\s+hilsen|hilsen|pozdrawiam|obrigad[oa]"
)
# "Many thanks and best regards", "Thank you and kind regards"
_CLOSING_WORDS = rf"(?:{_CLOSING_WORDS})(?:\s+(?:and|&|und|et|y|e|en)\s+(?:{_CLOSING_WORDS}))?"
_CLOSING_TAIL = (r"(?:\s*[,.!:;-]+[^\S\n]*[^?\n]{0,40}"
                 r"|[^\S\n]+[A-ZÀ-Þ(][\w.'()&-]*(?:[^\S\n]+[A-ZÀ-Þ(&][\w.'()&-]*){0,3})?")
_CLOSING_LINE = re.compile(rf"^\s*(?i:{_CLOSING_WORDS})\b{_CLOSING_TAIL}\s*$")
_CLOSING_SENT = re.compile(
    rf"^\s*(?i:{_CLOSING_WORDS})\b{_CLOSING_TAIL}\s*$"
    r"|^\s*(?i:thanks|thank\s+you|many\s+thanks|merci|danke|vielen\s+dank|gracias|grazie|bedankt)\b[^?]{0,70}$"
)
_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening)|greetings|hallo|hello|guten\s+(?:tag|morgen|abend)"
    r"|liebe[rs]?|sehr\s+geehrte[rs]?(?:\s+damen\s+und\s+herren)?|moin|servus|bonjour|bonsoir|salut|madame|monsieur"
    r"|cher|ch[èe]re|hola|buen[oa]s\s+(?:d[íi]as|tardes|noches)|buenas|estimad[oa]s?|ciao|salve|buongiorno"
    r"|buonasera|gentile|egregio|beste|geachte|hoi|goedemorgen|goedemiddag|dag|hej|hei|ol[áa]|bom\s+dia)\b"
    r"[^.?!\n:,;]{0,40}[,:;!.]?\s*",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"(?:this\s+e-?mail|this\s+message|the\s+information\s+(?:contained|in\s+this))\b.{0,80}"
    r"\b(?:confidential|privileged|intended\s+(?:solely|only))|intended\s+recipient"
    r"|please\s+consider\s+the\s+environment"
    r"|diese\s+(?:e-?mail|nachricht)\b.{0,80}\bvertraulich|nicht\s+der\s+richtige\s+adressat|registergericht"
    r"|gesch[äa]ftsf[üu]hrer(?:in)?\s*:|handelsregister|ust-?id|amtsgericht|ce\s+(?:message|courriel|mail)\b.{0,80}"
    r"\bconfidenti|destinataire|este\s+(?:mensaje|correo)\b.{0,80}\bconfidencial|destinatario"
    r"|questo\s+messaggio\b.{0,80}"
    r"\briservat|dit\s+(?:e-?mail)?bericht\b.{0,80}\bvertrouwelijk|geadresseerde|kvk|company\s+(?:no|number|reg)",
    re.IGNORECASE,
)
# Words one of which every disclaimer holds: a cheap test (plain substring search of the lowercased line)
# before the expensive pattern, since every line of a long e-mail is asked.
_DISCLAIMER_HINTS = ("confiden", "intended", "recipient", "environment", "vertraul", "adressat", "regist", "gesch",
                     "ust-id", "ustid", "amtsgericht", "destinat", "riservat", "vertrouw", "geadress", "kvk", "company")
_LOG = re.compile(
    r"^\s*(?:at\s+\S+\s*\(|#\d+\s+/|\[\d{4}-\d\d-\d\d|\d{4}-\d\d-\d\d[ t]\d\d:\d\d|traceback\b"
    r"|(?:php\s+)?(?:fatal\s+error"
    r"|warning|notice|parse\s+error|deprecated)\s*:|sqlstate\[|uncaught\s+\w*error|stack\s+trace|\w+exception\b"
    r"|[.#]?[\w-]+(?:\s+[.#]?[\w-]+)*\s*\{|\}|[\w-]+\s*:\s*[^;]{1,60};\s*$|</?[a-z][\w-]*(?:\s[^>]*)?>|\{\{|\$\s|"
    r"(?:get|post|put|patch|delete)\s+/|curl\s|[\w/.-]+\.(?:php|js|log|tpl|css|twig|liquid):\d+)",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^\s*```")
_CONTACT = re.compile(
    r"(?:\b(?:tel|phone|fon|mobil|mobile|fax|t|m)\b\.?\s*:?\s*\+?[\d(][\d\s()./-]{5,}|\+\d[\d\s()-]{6,}"
    r"|www\.|https?://"
    r"|\S+@\S+\.\w+|\b[\w-]+\.(?:com|de|fr|es|it|nl|at|ch|be|example|co\.uk|org|net|shop|store)\b"
    r"|\b(?:gmbh|ltd|llc|inc|s\.?a\.?r\.?l|s\.?l|s\.?r\.?l|b\.?v|ug|kg|ag|pty|co\.)\b|\|)",
    re.IGNORECASE,
)
_NAMEISH = re.compile(r"^[\w.'&()/+-]+(?:\s+[\w.'&()/+-]+){0,5}$")
_PS = re.compile(r"^\s*p\.?\s*p?\.?\s*s\.?\s*[:.\-]?(?:\s|$)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•·]|\(?\d{1,2}[.)]|\(?[a-h]\))\s+")
_SENT_END = re.compile(r"""[.!?…]+["')\]»]*\s+(?=["'(«¿¡]?[A-ZÀ-ÖØ-Þ0-9¿¡])""")
_SENT_END_LOWER = re.compile(r"""[.!?…]+["')\]»]*\s+(?=["'(«¿¡]?[a-zß-öø-ÿ])""")
_FIRST_LETTER = re.compile(r"[^\W\d_]")
_WORD_BEFORE = re.compile(r"[\w.]+$")
_CLOSERS = "\"')]»"
# Small words that open another request after a full stop, in the six languages tickets come in.
_SMALL_OPENER = re.compile(r"[\"'(«]?(?:also|and|plus|btw|und|außerdem|ausserdem|aussi|et|además|y|inoltre|e|ook|en)\b")
_ABBREVIATIONS = frozenset({
    "e.g", "i.e", "etc", "approx", "incl", "excl", "ca", "vs", "nr", "no", "tel", "min", "max", "resp", "bzw",
    "z.b", "d.h", "u.a", "usw", "ggf", "evtl", "inkl", "zzgl", "p.ex", "env", "cf", "p.ej", "aprox", "ecc",
    "bijv", "o.a", "i.p.v", "ong", "www"})
_LIST_NUMBER = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|[pP]\.?\s?[pP]?\.?\s?[sS]\.?:?)\s*$")
_CODE_LINE = re.compile(r"[;{}]\s*$|^\s*[{}]")
_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|aw|wg|fw|fwd|tr|rv|r|sv|antw|doorst|rif|enc)\s*(?:\[\d+\])?\s*:\s*)+",
                             re.IGNORECASE)


def strip_subject(subject: str) -> str:
    """Drop 'Re:', 'AW:', 'Fwd:' and their kin from a subject line."""
    return _SUBJECT_PREFIX.sub("", subject or "").strip()


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of every line, without its line break."""
    spans, pos = [], 0
    for line in text.split("\n"):
        end = pos + len(line)
        spans.append((pos, end - 1 if line.endswith("\r") else end))
        pos = end + 1
    return spans


def _is_chain_start(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    line = text[lines[i][0]:lines[i][1]]
    stripped = line.strip()
    if stripped[:1] in ("-", "b", "B") and _CHAIN_MARK.match(line):
        return True
    if stripped.endswith(":") and _ATTRIBUTION.match(line):
        return True
    if i + 1 < len(lines) and len(line) < 160 and _ATTRIBUTION_START.match(line):
        joined = line + " " + text[lines[i + 1][0]:lines[i + 1][1]]
        if joined.rstrip().endswith(":") and _ATTRIBUTION.match(joined):
            return True
    if ":" in line and _HEADER.match(line):
        following = [text[s:e] for s, e in lines[i + 1:i + 5]]
        return sum(1 for f in following if _HEADER.match(f)) >= 1
    return False


def _keep_mask(text: str, lines: list[tuple[int, int]]) -> list[str]:
    """Label every line: 'keep', 'log' or 'drop'."""
    labels = ["keep"] * len(lines)
    n = len(lines)
    i = 0
    in_fence = False
    depth = 0  # inside a pasted { ... } block (CSS, server config, JSON)
    while i < n:
        line = text[lines[i][0]:lines[i][1]]
        if depth > 0 and not _QUOTED.match(line):
            labels[i] = "log"
            depth = max(0, depth + line.count("{") - line.count("}"))
        elif _FENCE.match(line):
            in_fence = not in_fence
            labels[i] = "drop"
        elif in_fence:
            labels[i] = "log"
        elif _QUOTED.match(line):
            labels[i] = "drop"
        elif _is_chain_start(text, lines, i):
            labels[i] = "drop"
            rest = range(i + 1, n)
            quoted = [j for j in rest if text[lines[j][0]:lines[j][1]].strip()]
            # Bottom-posting: after the quoted block the merchant may write again.
            if quoted and _QUOTED.match(text[lines[quoted[0]][0]:lines[quoted[0]][1]]):
                i += 1
                continue
            for j in rest:
                labels[j] = "drop"
            break
        elif _SIG_DASH.match(line):
            for j in range(i, n):
                labels[j] = "drop"
            break
        elif _SENT_FROM.match(line) or _is_disclaimer(line):
            labels[i] = "drop"
        elif _CLOSING_LINE.match(line) and _closing_ends_message(text, lines, i):
            for j in range(i, n):
                if labels[j] == "keep" and _PS.match(text[lines[j][0]:lines[j][1]]):
                    break
                labels[j] = "drop"
        elif _LOG.match(line) or _CODE_LINE.search(line) or (line.startswith(("    ", "\t")) and line.strip()):
            labels[i] = "log"
            depth = max(0, line.count("{") - line.count("}"))
        i += 1
    _drop_trailing_contact_block(text, lines, labels)
    return labels


def _closing_ends_message(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """A closing opens the signature only when little but a short name block follows."""
    after = [text[s:e].strip() for s, e in lines[i + 1:]]
    content = []
    for line in after:
        if (_QUOTED.match(line) or _CHAIN_MARK.match(line) or _ATTRIBUTION.match(line) or _SIG_DASH.match(line)
                or _PS.match(line)):
            break
        if line:
            content.append(line)
    return len(content) <= 8 and all(len(c) <= 90 or _is_disclaimer(c) for c in content)


def _is_disclaimer(line: str) -> bool:
    low = line.lower()
    return any(map(low.__contains__, _DISCLAIMER_HINTS)) and bool(_DISCLAIMER.search(line))


def _drop_trailing_contact_block(text: str, lines: list[tuple[int, int]], labels: list[str]) -> None:
    kept = [j for j, lab in enumerate(labels) if lab == "keep" and text[lines[j][0]:lines[j][1]].strip()]
    for j in reversed(kept[1:]):
        line = text[lines[j][0]:lines[j][1]].strip()
        if len(line) > 70 or line.endswith(("?", "!", ":")) or not (_CONTACT.search(line) or _NAMEISH.match(line)):
            break
        if _NAMEISH.match(line) and not _CONTACT.search(line) and not all(w[:1].isupper() or not w[:1].isalpha()
                                                                           for w in line.split()):
            break
        labels[j] = "drop"


# --- sentences -----------------------------------------------------------------------

def _paragraphs(text: str, lines: list[tuple[int, int]], labels: list[str]) -> list[tuple[int, int, bool]]:
    """Runs of kept lines of one kind; a list item or a finished line starts a new run."""
    runs: list[tuple[int, int, bool]] = []
    cur: list[int] | None = None
    cur_log = False
    prev_line = ""
    for (s, e), lab in zip(lines, labels, strict=True):
        line = text[s:e]
        if lab == "drop" or not line.strip():
            if cur:
                runs.append((cur[0], cur[1], cur_log))
            cur, prev_line = None, ""
            continue
        is_log = lab == "log"
        stripped = line.strip()
        continues = (cur is not None and is_log == cur_log and not _BULLET.match(line)
                     and (is_log or not prev_line.endswith((".", "!", "?", ":", ";")) and stripped[:1].islower()))
        if continues and cur is not None:
            cur[1] = e
        else:
            if cur:
                runs.append((cur[0], cur[1], cur_log))
            cur, cur_log = [s, e], is_log
        prev_line = stripped
    if cur:
        runs.append((cur[0], cur[1], cur_log))
    return runs


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_prose(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, pos = [], start
    for stop in _sentence_ends(text, start, end):
        spans.append((pos, stop))
        pos = stop
    spans.append((pos, end))
    # "1.", "(2)" or "P.S." alone is no sentence: glue it to what follows.
    for k in range(len(spans) - 2, -1, -1):
        if _LIST_NUMBER.match(text[spans[k][0]:spans[k][1]]):
            spans[k:k + 2] = [(spans[k][0], spans[k + 1][1])]
    out = []
    for s, e in spans:
        s, e = _trim(text, s, e)
        g = _GREETING.match(text, s, e)
        if g and (g.end() == e or text[s:g.end()].rstrip()[-1:] in (",", ":", ";", "!", ".")):
            s, e = _trim(text, g.end(), e)
        if e > s and not _CLOSING_SENT.match(text[s:e]) and re.search(r"\w", text[s:e]):
            out.append((s, e))
    return out


def _sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Where the paragraph's sentences end. A sentence ends at ".", "!" or "?" before a capital; in a
    paragraph written without capitals ("where do i change the logo? and my husband added ...") also before
    a small letter, except after an abbreviation ("e.g. the", "approx. 20") or a number ("5.3. and"), and
    in any paragraph before a small word that opens another request ("... is blank. also how do i ...").
    A quote or bracket just before the stop ("error 'Invalid meter number'. and ...") ends the sentence
    whatever stands inside it."""
    ends = [m.end() for m in _SENT_END.finditer(text, start, end)]
    first = _FIRST_LETTER.search(text, start, end)
    written_small = first is not None and first.group().islower()
    for m in _SENT_END_LOWER.finditer(text, start, end):
        if not written_small and (not _SMALL_OPENER.match(text, m.end()) or m.group().rstrip()[-1] in _CLOSERS):
            continue  # "(CertCapture?) and link ..." goes on with the same question
        before = text[max(start, m.start() - 40):m.start()]  # a bounded look back
        word = before.rstrip(_CLOSERS)
        if word != before:
            ends.append(m.end())
            continue
        found = _WORD_BEFORE.search(word)
        word = found.group().lower() if found else ""
        if len(word) > 1 and not word[-1].isdigit() and word.rstrip(".") not in _ABBREVIATIONS:
            ends.append(m.end())
    return sorted(ends)


def clean(body: str) -> CleanText:
    """Keep the merchant's own sentences of this message, each with its span in ``body``."""
    if not isinstance(body, str):
        body = ""
    lines = _lines(body)
    labels = _keep_mask(body, lines)
    sentences: list[Sentence] = []
    for s, e, is_log in _paragraphs(body, lines, labels):
        if is_log:
            s, e = _trim(body, s, e)
            sentences.append(Sentence(body[s:e], s, e, True))
            continue
        sentences.extend(Sentence(body[a:b], a, b) for a, b in _split_prose(body, s, e))
    return CleanText(body, tuple(sentences))


# --- language ------------------------------------------------------------------------

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset([
        "the", "and", "is", "are", "to", "of", "in", "for", "on", "with", "my", "our", "we", "you", "it",
        "this", "that", "have", "has", "not", "can", "how", "do", "does", "what", "when", "from", "but", "be",
        "was", "i", "me", "your", "there", "which", "would"
    ]),
    "de": frozenset([
        "der", "die", "das", "und", "ist", "sind", "nicht", "ich", "wir", "mit", "für", "auf", "ein", "eine",
        "einen", "den", "dem", "des", "zu", "bei", "wie", "kann", "können", "haben", "hat", "unser", "unsere",
        "unseren", "sie", "es", "im", "vom", "seit", "noch", "auch", "aber"
    ]),
    "fr": frozenset([
        "le", "la", "les", "et", "est", "sont", "pas", "je", "nous", "vous", "avec", "pour", "sur", "un",
        "une", "des", "du", "dans", "ce", "cette", "comment", "mon", "ma", "mes", "notre", "nos", "que", "qui",
        "il", "elle", "depuis", "mais", "ou", "au", "aux"
    ]),
    "es": frozenset([
        "el", "la", "los", "las", "y", "es", "son", "no", "yo", "nosotros", "con", "para", "en", "un", "una",
        "del", "que", "por", "cómo", "mi", "mis", "nuestro", "nuestra", "tienda", "pero", "desde", "al", "lo",
        "se", "me", "hay", "está"
    ]),
    "it": frozenset([
        "il", "lo", "la", "gli", "le", "e", "è", "sono", "non", "io", "noi", "con", "per", "su", "un", "una",
        "del", "della", "che", "come", "mio", "mia", "nostro", "nostra", "negozio", "ma", "da", "nel", "si",
        "ho", "abbiamo", "questo"
    ]),
    "nl": frozenset([
        "de", "het", "een", "en", "is", "zijn", "niet", "ik", "wij", "we", "met", "voor", "op", "van", "dat",
        "die", "hoe", "mijn", "onze", "ons", "maar", "ook", "bij", "naar", "wordt", "kan", "kunnen", "hebben",
        "heb", "geen"
    ]),
}


_WORD = re.compile(r"[^\W\d_]+")
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOPWORDS.items():
    for _word in _words:
        _LANGUAGES_OF[_word] = (*_LANGUAGES_OF.get(_word, ()), _lang)


def guess_language(text: str) -> str:
    """Best of en, de, fr, es, it, nl by stopword counts; 'en' when nothing stands out."""
    scores = dict.fromkeys(_STOPWORDS, 0)
    counts = Counter(_WORD.findall((text or "")[:3000].lower())[:400])
    for word in counts.keys() & _LANGUAGES_OF.keys():
        for lang in _LANGUAGES_OF[word]:
            scores[lang] += counts[word]
    best = max(scores, key=lambda k: (scores[k], k == "en"))
    return best if scores[best] > scores["en"] else "en"
