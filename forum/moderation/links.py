"""Links in a post: how many, and to which domains (pure)."""

import re

# Bare domains count too ("shop-deals.example/offer"): spammers leave out the scheme to dodge link limits.
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>()\[\]\"']+|\b(?:[a-z0-9-]+\.)+(?:com|net|org|io|shop|store|biz|info|"
    r"xyz|top|online|site|club|ru|cn|de|fr|es|it|nl|pl|pt|br|in|co|me|ly|gl|link|app)\b(?:/[^\s]*)?",
    re.IGNORECASE,
)
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?([^/:?#\s]+)", re.IGNORECASE)
# Our own and the vendor's addresses are not advertising.
OWN_DOMAINS = ("ixxo.example", "ixxo.com")


def links(text: str) -> list[str]:
    return [m.group(0).rstrip(".,;:!?") for m in _URL.finditer(text or "")]


def link_domains(text: str) -> list[str]:
    out = []
    for url in links(text):
        found = _DOMAIN.match(url)
        if found:
            out.append(found.group(1).lower().rstrip("."))
    return out


def foreign_link_count(text: str) -> int:
    return sum(1 for d in link_domains(text) if not any(d == o or d.endswith("." + o) for o in OWN_DOMAINS))
