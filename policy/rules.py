"""Topics, rules and partners as plain data, and their fast compiled matcher.

Admins edit rules in Django admin; this module only knows dataclasses, so the same
validation serves the admin form, the system checks and the seed file.

Pattern syntax (matched on lowercased, accent-free text, one sentence at a time):

- ``keyword``: one word; ``zertifikat*`` matches every word starting with "zertifikat";
  ``a|b`` lists alternatives.
- ``phrase``: words in order, each like a keyword; ``...`` lets up to six other words
  stand between its neighbours (``install|upgrade ... php*``); ``(does not|doesnt)``
  lists alternatives of several words.
- ``regex``: a Python regular expression, searched in the folded sentence.

Before matching, every name or alias of a partnered integration is replaced by the word
``partnered_service``, so a rule says "how ... configure ... partnered_service" once for
all partners, and editing the partner list changes what such rules see.

A rule's weight (-5..5) is added to its topic for every sentence it matches; negative
weights speak against a topic ("nothing was changed" against the customization topics).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from policy.text import clean, fold, guess_language, strip_subject

__all__ = [
    "LANGUAGES", "PARTNER_TOKEN", "RULE_KINDS", "SEED_PATH", "TOPIC_KINDS", "WEIGHT_RANGE", "CompiledRules",
    "Document", "Partner", "Rule", "RuleSet", "Topic", "Unit", "UnitSignals", "analyse", "load_seed", "read_ticket",
    "ruleset_from_dict", "ruleset_to_dict", "tokens", "validate_rule",
]

TopicKind = Literal["in_scope", "restricted"]
RuleKind = Literal["phrase", "keyword", "regex"]
TOPIC_KINDS: tuple[str, ...] = ("in_scope", "restricted")
RULE_KINDS: tuple[str, ...] = ("phrase", "keyword", "regex")
LANGUAGES: tuple[str, ...] = ("any", "en", "de", "fr", "es", "it", "nl")
WEIGHT_RANGE = (-5.0, 5.0)
SEED_PATH = Path(__file__).resolve().parent / "data" / "seed_rules.json"
SCHEMA = "ixxo-scope-rules/1"
_GAP = "..."
_MAX_GAP = 6
_MAX_VARIANTS = 256
_CACHE_LIMIT = 100_000
_TOKEN = re.compile(r"\w+")
PARTNER_TOKEN = "partnered_service"


@dataclass(frozen=True)
class Topic:
    slug: str
    kind: TopicKind
    clause: str
    explanation: str
    offer: str


@dataclass(frozen=True)
class Rule:
    topic: str
    kind: RuleKind
    pattern: str
    language: str = "any"
    weight: float = 1.0
    enabled: bool = True


@dataclass(frozen=True)
class Partner:
    name: str
    aliases: tuple[str, ...] = ()


def tokens(text: str) -> list[str]:
    """Folded word tokens, the unit that keywords and phrases match ("can't" gives "cant")."""
    return _TOKEN.findall(fold(text).replace("n't", "nt"))


# A term is a set of exact words plus a tuple of prefixes; a phrase is a list of terms
# where None marks a gap.
_Term = tuple[frozenset[str], tuple[str, ...]]


def _parse_term(raw: str) -> tuple[list[_Term], list[str]]:
    """One whitespace-separated piece of a pattern: 'php.ini' gives two terms, 'a|b*' one."""
    if "|" in raw:
        term, errors = _one_word_term(raw.split("|"))
        return [term], errors
    star = raw.endswith("*")
    words = tokens(raw.rstrip("*"))
    if not words:
        return [], [f"'{raw}' has no word in it"]
    terms: list[_Term] = [(frozenset({w}), ()) for w in words[:-1]]
    if star and len(words[-1]) < 3:
        return terms, [f"'{raw}': a prefix needs at least 3 letters before '*'"]
    terms.append((frozenset(), (words[-1],)) if star else (frozenset({words[-1]}), ()))
    return terms, []


def _one_word_term(alternatives: list[str]) -> tuple[_Term, list[str]]:
    exact: set[str] = set()
    prefixes: list[str] = []
    errors: list[str] = []
    for alt in alternatives:
        star = alt.strip().endswith("*")
        words = tokens(alt.strip().rstrip("*"))
        if len(words) != 1:
            errors.append(f"'{alt}': each alternative must be exactly one word")
        elif star and len(words[0]) < 3:
            errors.append(f"'{alt}': a prefix needs at least 3 letters before '*'")
        elif star:
            prefixes.append(words[0])
        else:
            exact.add(words[0])
    return (frozenset(exact), tuple(prefixes)), errors


_PIECE = re.compile(r"\(([^()]*)\)|\S+")


def _parse_words(text: str) -> tuple[list[_Term | None], list[str]]:
    terms: list[_Term | None] = []
    errors: list[str] = []
    for piece in text.split():
        if piece == _GAP:
            terms.append(None)
            continue
        parsed, errs = _parse_term(piece)
        terms.extend(parsed)
        errors.extend(errs)
    return terms, errors


def _parse_pattern(kind: str, pattern: str) -> tuple[list[list[_Term | None]], list[str]]:
    """The token sequences a phrase or keyword stands for; '(a b|c)' expands to two."""
    if kind == "keyword" and (len(pattern.split()) != 1 or "(" in pattern or _GAP in pattern):
        return [], ["a keyword is one word (alternatives with '|'); use a phrase for several words"]
    variants: list[list[_Term | None]] = [[]]
    errors: list[str] = []
    for m in _PIECE.finditer(pattern):
        group = m.group(1)
        if group is None and "|" in m.group(0) and any(len(tokens(a.rstrip("*"))) > 1 for a in m.group(0).split("|")):
            group = m.group(0)  # 'pop-up|popup' is one word to the merchant: expand it like a group
        if group is None:
            options = [m.group(0)]
        else:
            options = group.split("|")
            if any(not o.strip() for o in options):
                errors.append(f"empty alternative in '{m.group(0)}'")
        singles = [o.strip() for o in options if len(tokens(o.rstrip("*"))) == 1 and _GAP not in o]
        parsed = []
        if singles:  # one-word options share one term, so groups do not multiply
            term, errs = _one_word_term(singles)
            errors.extend(errs)
            parsed.append([term])
        for option in options:
            if option.strip() not in singles:
                terms, errs = _parse_words(option)
                errors.extend(errs)
                parsed.append(terms)
        variants = [v + t for v in variants for t in parsed]
        if len(variants) > _MAX_VARIANTS:
            return [], [f"too many alternatives (more than {_MAX_VARIANTS} word sequences): split the rule"]
    for v in variants:
        double_gap = any(a is None and b is None for a, b in zip(v, v[1:], strict=False))
        if not v or v[0] is None or v[-1] is None or double_gap:
            errors.append("'...' must stand between two words")
            break
    return ([] if errors else variants), sorted(set(errors))


def validate_rule(rule: Rule, topic_slugs: Iterable[str]) -> list[str]:
    """Every reason this rule cannot be used; an empty list means it is fine."""
    errors: list[str] = []
    if rule.topic not in set(topic_slugs):
        errors.append(f"unknown topic '{rule.topic}'")
    if rule.kind not in RULE_KINDS:
        errors.append(f"unknown rule kind '{rule.kind}' (expected one of {', '.join(RULE_KINDS)})")
    if rule.language not in LANGUAGES:
        errors.append(f"unknown language '{rule.language}' (expected one of {', '.join(LANGUAGES)})")
    weight = rule.weight
    if not isinstance(weight, int | float) or math.isnan(weight) or not WEIGHT_RANGE[0] <= weight <= WEIGHT_RANGE[1]:
        errors.append(f"weight {weight!r} out of range {WEIGHT_RANGE[0]:g}..{WEIGHT_RANGE[1]:g}")
    if not isinstance(rule.pattern, str) or not rule.pattern.strip():
        errors.append("empty pattern")
        return errors
    if rule.kind == "regex":
        try:
            compiled = re.compile(rule.pattern)
        except re.error as exc:
            errors.append(f"broken regex: {exc}")
        else:
            if compiled.search(""):
                errors.append("regex matches the empty text, so it would match every sentence")
    elif rule.kind in ("phrase", "keyword"):
        errors.extend(_parse_pattern(rule.kind, rule.pattern)[1])
    return errors


class CompiledRules:
    """All enabled, valid rules indexed by their first word, plus the partner names."""

    def __init__(self, rules: Iterable[Rule], partners: Iterable[Partner], topic_slugs: Iterable[str]):
        slugs = set(topic_slugs)
        self.rules: list[Rule] = [r for r in rules if r.enabled and not validate_rule(r, slugs)]
        self._variants: list[tuple[int, list[_Term | None], frozenset[str], list[frozenset[str]], int]] = []
        self._by_word: dict[str, list[int]] = {}
        self._by_prefix: dict[str, list[tuple[str, int]]] = {}
        # languages -> word -> phrases the word anchors; filled as words come
        self._anchors: dict[frozenset[str], dict[str, tuple[int, ...]]] = {}
        self._regexes: list[tuple[int, re.Pattern[str]]] = []
        for index, rule in enumerate(self.rules):
            if rule.kind == "regex":
                self._regexes.append((index, re.compile(rule.pattern)))
            else:
                for terms in _parse_pattern(rule.kind, rule.pattern)[0]:
                    self._index(index, terms)
        self._partners: dict[str, list[tuple[str, list[str]]]] = {}
        for partner in partners:
            for alias in {partner.name, *partner.aliases}:
                words = tokens(alias)
                if words:
                    self._partners.setdefault(words[0], []).append((partner.name, words))
        for candidates in self._partners.values():
            candidates.sort(key=lambda c: (-len(c[1]), c[1]))  # longest alias first, whatever the set order

    def _index(self, index: int, terms: list[_Term | None]) -> None:
        """File a phrase under its most selective word, so common words ("how", "is")
        never trigger a scan of the many phrases that contain them."""
        variant = len(self._variants)
        exact = [t[0] for t in terms if t is not None and not t[1]]
        single = frozenset(w for ws in exact if len(ws) == 1 for w in ws)  # words that must all be there
        alternatives = [ws for ws in exact if len(ws) > 1]  # one of each must be there
        anchor = max(range(len(terms)), key=lambda k: _selectivity(terms[k]))
        # How far before the anchor's word the phrase can start: one word per term, six per gap.
        reach = sum(1 if t is not None else _MAX_GAP for t in terms[:anchor])
        self._variants.append((index, terms, single, alternatives, reach))
        term = terms[anchor]
        assert term is not None
        for word in term[0]:
            self._by_word.setdefault(word, []).append(variant)
        for prefix in term[1]:
            self._by_prefix.setdefault(prefix[:3], []).append((prefix, variant))

    def match(self, words: list[str], folded: str, languages: frozenset[str]) -> list[Rule]:
        """Rules matching one sentence (given as its folded tokens and folded text)."""
        anchors = self._anchors.get(languages)
        if anchors is None:
            anchors = self._anchors[languages] = {}
        anchored: dict[int, list[int]] = {}
        for i, word in enumerate(words):
            variants = anchors.get(word)
            if variants is None:
                variants = self._anchors_of(word, languages, anchors)
            for variant in variants:
                anchored.setdefault(variant, []).append(i)
        hits: set[int] = set()
        present = set(words)
        for variant, positions in anchored.items():
            index, terms, single, alternatives, reach = self._variants[variant]
            if (index in hits or not single <= present
                    or (alternatives and not all(not present.isdisjoint(r) for r in alternatives))):
                continue
            first = terms[0]
            assert first is not None
            if any(_term_hit(first, words[s]) and _match_from(words, s + 1, terms, 1)
                   for s in range(max(0, positions[0] - reach), positions[-1] + 1)):
                hits.add(index)
        for index, regex in self._regexes:
            if self.rules[index].language in languages and regex.search(folded):
                hits.add(index)
        return [self.rules[i] for i in sorted(hits)]

    def _anchors_of(self, word: str, languages: frozenset[str], cache: dict[str, tuple[int, ...]]
                    ) -> tuple[int, ...]:
        """The phrases of these languages that this word anchors, remembered for next time."""
        found = tuple(v for v in (*self._by_word.get(word, ()),
                                  *(v for prefix, v in self._by_prefix.get(word[:3], ()) if word.startswith(prefix)))
                      if self.rules[self._variants[v][0]].language in languages)
        if len(cache) < _CACHE_LIMIT:
            cache[word] = found
        return found

    def mask_partners(self, words: list[str]) -> tuple[list[str], frozenset[str]]:
        """Replace partner names by PARTNER_TOKEN, so no rule or model depends on a name."""
        if self._partners.keys().isdisjoint(words):  # most sentences name no partner: no word-by-word walk
            return words, frozenset()
        found: set[str] = set()
        out: list[str] = []
        i = 0
        while i < len(words):
            for name, alias in self._partners.get(words[i], ()):
                if words[i:i + len(alias)] == alias:
                    found.add(name)
                    out.append(PARTNER_TOKEN)
                    i += len(alias)
                    break
            else:
                out.append(words[i])
                i += 1
        return out, frozenset(found)

    def is_partner(self, name: str) -> bool:
        words = tokens(name)
        return bool(words) and any(words[:len(a)] == a for _, a in self._partners.get(words[0], ()))


_COMMON = frozenset(
    [
        "how", "do", "does", "did", "can", "could", "would", "should", "i", "we", "you", "it", "is", "are",
        "was", "be", "the", "a", "an", "to", "of", "in", "on", "at", "for", "with", "from", "my", "our",
        "your", "not", "no", "and", "or", "but", "what", "which", "where", "when", "why", "this", "that",
        "there", "have", "has", "had", "will", "wie", "ich", "wir", "die", "der", "das", "und", "ist", "nicht",
        "comment", "je", "nous", "le", "la", "les", "et", "est", "pas", "como", "yo", "el", "los", "es", "no",
        "come", "il", "non", "hoe", "ik", "de", "het", "een", "en", "niet"
    ])


def _selectivity(term: _Term | None) -> tuple[int, int, int]:
    """Uncommon, exact, long words first: they rarely occur, so they make good anchors."""
    if term is None:
        return (-1, -1, -1)
    words = [*term[0], *term[1]]
    return (not any(w in _COMMON for w in words), not term[1], min(map(len, words)) - len(words) // 4)


def _term_hit(term: _Term, word: str) -> bool:
    return word in term[0] or (bool(term[1]) and word.startswith(term[1]))


def _match_from(words: list[str], pos: int, terms: list[_Term | None], k: int) -> bool:
    if k == len(terms):
        return True
    term = terms[k]
    if term is None:
        nxt = terms[k + 1]
        assert nxt is not None
        for j in range(pos, min(len(words), pos + _MAX_GAP + 1)):
            if _term_hit(nxt, words[j]) and _match_from(words, j + 1, terms, k + 2):
                return True
        return False
    return pos < len(words) and _term_hit(term, words[pos]) and _match_from(words, pos + 1, terms, k + 1)


@dataclass(frozen=True)
class RuleSet:
    topics: tuple[Topic, ...]
    rules: tuple[Rule, ...]
    partners: tuple[Partner, ...]
    version: str

    @cached_property
    def compiled(self) -> CompiledRules:
        return CompiledRules(self.rules, self.partners, self.slugs)

    @cached_property
    def slugs(self) -> tuple[str, ...]:
        return tuple(t.slug for t in self.topics)

    @cached_property
    def by_slug(self) -> dict[str, Topic]:
        return {t.slug: t for t in self.topics}

    @cached_property
    def kinds(self) -> dict[str, str]:
        return {t.slug: t.kind for t in self.topics}

    def errors(self) -> list[str]:
        """Problems of the whole set, one line per broken rule."""
        return [f"rule {i} ({r.topic} {r.kind} {r.pattern!r}): {e}"
                for i, r in enumerate(self.rules) for e in validate_rule(r, self.slugs)]


def ruleset_from_dict(data: Mapping[str, Any]) -> RuleSet:
    """Build a RuleSet from the seed JSON layout (see seed_rules.json's 'schema')."""
    topics = tuple(Topic(t["slug"], t["kind"], t["clause"], t["explanation"], t["offer"]) for t in data["topics"])
    rules = tuple(Rule(r["topic"], r["kind"], r["pattern"], r.get("language", "any"), float(r.get("weight", 1.0)),
                       bool(r.get("enabled", True))) for r in data["rules"])
    partners = tuple(Partner(p["name"], tuple(p.get("aliases", ()))) for p in data["partners"])
    return RuleSet(topics, rules, partners, str(data.get("version", "")))


def ruleset_to_dict(ruleset: RuleSet) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "version": ruleset.version,
        "topics": [{"slug": t.slug, "kind": t.kind, "clause": t.clause, "explanation": t.explanation,
                    "offer": t.offer} for t in ruleset.topics],
        "partners": [{"name": p.name, "aliases": list(p.aliases)} for p in ruleset.partners],
        "rules": [{"topic": r.topic, "kind": r.kind, "pattern": r.pattern, "language": r.language,
                   "weight": r.weight, "enabled": r.enabled} for r in ruleset.rules],
    }


def load_seed(path: Path = SEED_PATH) -> RuleSet:
    with open(path, encoding="utf-8") as fh:
        return ruleset_from_dict(json.load(fh))


# --- one sentence at a time ----------------------------------------------------------

# A capitalised product name right before a word that names a piece of software or a
# connection ("Klaviyo flows", "Sendcloud connector"): how a merchant names a third party.
_NAMED_SERVICE = re.compile(
    r"\b((?:[A-Z][\w&.+-]*[\w+])(?:\s[A-Z][\w&+-]*)?)\s+(?:test\s+connection|connection|connector|plugin|plug-in|app"
    r"|apps|module|integration|add-on|addon|extension|sync|api|account|dashboard|portal|flows?|panel|widget|zap"
    r"|login|credentials|connects?|webhooks?|feed|support|tool)\b"
)
_SERVICE_WORDS = frozenset(tokens(
    "connection connector plugin plug-in app apps module integration add-on addon extension sync api account "
    "dashboard portal flow flows panel widget zap login credentials connect connects webhook webhooks feed "
    "support tool"))
_NOT_NAMES = frozenset(tokens(
    "ixxo the a an my our we i you it this that these those your their its his her api ftp sftp smtp imap rest json "
    "xml csv pdf php ssl dns http https url test live sandbox production admin shop store new old mobile email e-mail "
    "mail payment payments shipping theme custom own third and or but if when since after before also then google "
    "facebook meta microsoft apple invalid wrong incorrect every all no any some same other another first second "
    "default standard basic free paid main whole error errors customer customers user users merchant vendor vendors "
    "order orders product products account login password key keys token connection connect please hello hi dear "
    "thanks our, there here what which how why where can could would should does do is are was were has have had "
    "not now still only just even also however so because my the their"))


# A public post names the plugins it runs by name and version ("M2E Pro 1.58", "Dokan Lite 3.11") or as
# made for a shop system ("Germanized for WooCommerce"); shop systems, servers, languages and browsers
# named with a version are what the software runs on, not third parties.
_VERSIONED_NAME = re.compile(
    r"\b([A-Z][\w&+-]*[A-Za-z](?:\s(?:[A-Z][\w&+-]*|Pro|Lite|Plus|Premium))?)\s+v?\d+(?:\.\d+)+")
_VERSION_NUMBER = re.compile(r"\d\.\d")
_SHOP_SYSTEM_NAMES = ("WooCommerce", "Woo", "Magento", "Shopware", "PrestaShop", "Shopify", "OpenCart", "WordPress",
                      "BigCommerce", "IXXO")
_FOR = ("for", "für", "pour", "para", "per", "voor")
_MADE_FOR = re.compile(rf"\b([A-Z][\w&+-]*[A-Za-z](?:\s[A-Z][\w&+-]*)?)\s+(?:{'|'.join(_FOR)})\s+"
                       rf"(?:{'|'.join(_SHOP_SYSTEM_NAMES)})\b")
# Words a sentence must hold before _MADE_FOR is tried: it is costly, and most sentences have neither.
_SHOP_SYSTEMS = frozenset(tokens(" ".join(_SHOP_SYSTEM_NAMES)))
_FOR_WORDS = frozenset(tokens(" ".join(_FOR)))
_PLATFORMS = frozenset(tokens(
    "woocommerce woo wordpress wp magento adobe commerce shopware prestashop presta shopify opencart oc bigcommerce "
    "lightspeed nopcommerce ecwid jtl gambio wix squarespace oscommerce cs-cart sylius oxid xt plentymarkets "
    "storefront luma hyva classic dawn cornerstone twenty elementor gutenberg "
    "php mysql mariadb postgresql postgres nginx apache debian ubuntu centos almalinux rocky rhel windows macos ios "
    "android linux chrome firefox safari edge opera node nodejs npm composer python java redis varnish "
    "elasticsearch opensearch memcached docker kubernetes plesk cpanel directadmin ispconfig openssl curl tls "
    "version release update upgrade step stage phase option plan level tier part page item line row section "
    "chapter point number nr no rule field order invoice ticket error code status"))


@dataclass(frozen=True)
class UnitSignals:
    """What the rules see in one sentence (or the subject)."""

    words: tuple[str, ...]
    scores: dict[str, float]
    hits: tuple[Rule, ...]
    partners: frozenset[str]
    named_services: tuple[str, ...]


def analyse(ruleset: RuleSet, text: str, language: str) -> UnitSignals:
    compiled = ruleset.compiled
    folded = fold(text)
    words, partners = compiled.mask_partners(_TOKEN.findall(folded.replace("n't", "nt")))
    hits = compiled.match(words, folded, frozenset({"any", "en", language}))
    scores: dict[str, float] = {}
    for rule in hits:
        scores[rule.topic] = scores.get(rule.topic, 0.0) + rule.weight
    names = []
    for m in (_NAMED_SERVICE.finditer(text) if _SERVICE_WORDS.intersection(words) else ()):
        name = " ".join(w for w in m.group(1).split() if tokens(w) and tokens(w)[0] not in _NOT_NAMES)
        if name and not compiled.is_partner(name):
            names.append(name)
    if _VERSION_NUMBER.search(text):
        names.extend(_product_names(compiled, _VERSIONED_NAME.finditer(text)))
    if _SHOP_SYSTEMS.intersection(words) and _FOR_WORDS.intersection(words):
        names.extend(_product_names(compiled, _MADE_FOR.finditer(text)))
    return UnitSignals(tuple(words), scores, tuple(hits), partners, tuple(names))


def _product_names(compiled: CompiledRules, matches: Iterable[re.Match[str]]) -> list[str]:
    names = []
    for m in matches:
        words = tokens(m.group(1))
        if words and words[0] not in _PLATFORMS and words[0] not in _NOT_NAMES and not compiled.is_partner(m.group(1)):
            names.append(m.group(1))
    return names


@dataclass(frozen=True)
class Unit:
    """The subject or one kept sentence of the body, with its span in that field."""

    text: str
    start: int
    end: int
    source: Literal["subject", "body"]
    is_log: bool
    signals: UnitSignals

    @property
    def is_prose(self) -> bool:
        """A sentence the merchant wrote in the body: not the subject, not a pasted log."""
        return self.source == "body" and not self.is_log


@dataclass(frozen=True)
class Document:
    language: str
    units: tuple[Unit, ...]


_LOG_CHARS = 400  # a pasted log says what it is in its first lines; the rest only dilutes
# The work per ticket is capped: a merchant's own message rarely runs past a few dozen sentences,
# and what does (pasted pages, long logs) says nothing new after its beginning. The question is
# often asked last, so the tail of a long message is kept as well as its head.
MAX_LOG_UNITS = 3
MAX_PROSE_HEAD, MAX_PROSE_TAIL = 24, 8


def _capped(sentences: Iterable[Any]) -> list[Any]:
    logs = 0
    kept = []
    for s in sentences:
        if s.is_log:
            logs += 1
            if logs > MAX_LOG_UNITS:
                continue
        kept.append(s)
    prose = [i for i, s in enumerate(kept) if not s.is_log]
    if len(prose) > MAX_PROSE_HEAD + MAX_PROSE_TAIL:
        dropped = set(prose[MAX_PROSE_HEAD:len(prose) - MAX_PROSE_TAIL])
        kept = [s for i, s in enumerate(kept) if i not in dropped]
    return kept


def read_ticket(ruleset: RuleSet, subject: str, body: str) -> Document:
    """Clean a ticket and run the rules over its subject and each kept sentence."""
    cleaned = clean(body)
    title = strip_subject(subject)
    language = guess_language(title + "\n" + cleaned.text[:2000])
    units = []
    if title:
        start = subject.find(title)
        units.append(Unit(title, start, start + len(title), "subject", False, analyse(ruleset, title, language)))
    for s in _capped(cleaned.sentences):
        text = s.text[:_LOG_CHARS] if s.is_log else s.text
        units.append(Unit(s.text, s.start, s.end, "body", s.is_log, analyse(ruleset, text, language)))
    return Document(language, tuple(units))
