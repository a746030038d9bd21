"""Cut quoted text and signatures off a reply, so the ticket shows what the merchant wrote.

Pure text in, text out. The raw message stays stored (mailin.InboundMessage), so nothing cut
here is lost for agents. Recognised: "On ... wrote:" attributions (English, German, French,
Spanish, Italian, Dutch, also wrapped over two lines), Outlook header blocks ("From:/Sent:",
"Von:/Gesendet:"), "-----Original Message-----" separators, trailing "> " quotes, the "-- "
signature delimiter, mobile footers and a closing salutation near the end.
"""

import re

ATTRIBUTION = re.compile(
    r"^\s*(On\s.+wrote|Am\s.+schrieb.*|Le\s.+a\s+écrit|El\s.+escribió|Il\s.+ha\s+scritto|Op\s.+schreef.*)\s*:?\s*$",
    re.IGNORECASE,
)
ATTRIBUTION_START = re.compile(r"^\s*(On|Am|Le|El|Il|Op)\s.+", re.IGNORECASE)
ATTRIBUTION_END = re.compile(r".*(wrote|schrieb|a écrit|escribió|ha scritto|schreef)[^:]{0,60}:\s*$", re.IGNORECASE)
SEPARATOR = re.compile(
    r"^\s*(-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Originalnachricht)"
    r"\s*-{2,}|_{20,})\s*$",
    re.IGNORECASE,
)
FORWARD = re.compile(r"^\s*-{2,}\s*(Forwarded message|Weitergeleitete Nachricht|Message transféré)\s*-{2,}\s*$",
                     re.IGNORECASE)
HEADER_FROM = re.compile(r"^\s*\**(From|Von|De|Van|Da)\s*:\**\s*\S", re.IGNORECASE)
HEADER_NEXT = re.compile(r"^\s*\**(Sent|Date|Gesendet|Datum|Envoyé|Enviado|Verzonden|Inviato|To|An|À|Para|Aan|A)"
                         r"\s*:", re.IGNORECASE)
MOBILE_FOOTER = re.compile(
    r"^\s*(Sent from my \w+|Sent from (Outlook|Mail|Yahoo Mail|Gmail)\b.*|Get Outlook for \w+.*|"
    r"Von meinem \w+ gesendet|Gesendet von (meinem )?\w+.*|Envoyé de mon \w+|Enviado desde mi \w+)\s*$",
    re.IGNORECASE,
)
VALEDICTION = re.compile(
    r"^\s*(best|kind|warm|many thanks and best)?\s*(regards|wishes)\b.{0,20}$|^\s*(cheers|thanks|thank you|"
    r"many thanks|best|cordialement|saludos|mit freundlichen grüßen|mit freundlichen grüssen|freundliche grüße|"
    r"viele grüße|beste grüße|liebe grüße|herzliche grüße|lg|vg|mfg|gruß|grüße)\s*[,.!]?\s*$",
    re.IGNORECASE,
)
SIGNATURE_LINES = 8  # a closing salutation this near the end starts the signature


def _reply_header_at(lines: list[str], i: int) -> bool:
    line = lines[i]
    if ATTRIBUTION.match(line) or SEPARATOR.match(line):
        return True
    if ATTRIBUTION_START.match(line) and i + 1 < len(lines) and ATTRIBUTION_END.match(line + " " + lines[i + 1]):
        return not line.rstrip().endswith((".", "?", "!"))
    if HEADER_FROM.match(line):
        following = [candidate for candidate in lines[i + 1:i + 4] if candidate.strip()]
        return any(HEADER_NEXT.match(candidate) for candidate in following)
    return False


def _strip_trailing_quotes(lines: list[str]) -> list[str]:
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith(">")):
        lines.pop()
    return lines


def strip_signature(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if line.rstrip() in ("--", "-- ") or line == "-- " or MOBILE_FOOTER.match(line):
            lines = lines[:i]
            break
    content = [i for i, line in enumerate(lines) if line.strip()]
    for i in content[-SIGNATURE_LINES:]:
        if VALEDICTION.match(lines[i]) and i != content[0]:
            return lines[:i]
    return lines


def strip_reply(text: str) -> str:
    """The new part of a reply. Returns the whole text when cutting would leave nothing."""
    lines = text.replace("\r\n", "\n").split("\n")
    for i in range(len(lines)):
        if _reply_header_at(lines, i) or FORWARD.match(lines[i]):
            lines = lines[:i]
            break
    lines = strip_signature(_strip_trailing_quotes(lines))
    result = "\n".join(_strip_trailing_quotes(lines)).strip()
    return result or text.strip()


def strip_new_message(text: str) -> str:
    """A new request keeps forwarded and quoted content (it is often the point); only the signature goes."""
    lines = text.replace("\r\n", "\n").split("\n")
    cut = next((i for i, line in enumerate(lines) if FORWARD.match(line) or _reply_header_at(lines, i)), len(lines))
    head = strip_signature(lines[:cut])
    result = "\n".join(head + lines[cut:]).strip()
    return result or text.strip()
