"""Admin-edited watched words and domains, matched against a post's text (pure)."""

import re
from dataclasses import dataclass

from .links import link_domains


@dataclass(frozen=True)
class WatchedRule:
    pattern: str
    kind: str  # "word" or "domain"
    action: str  # "block", "hold" or "flag"
    label: str  # "spam" or "abuse"


@dataclass(frozen=True)
class Hit:
    rule: WatchedRule
    matched: str


def _word_regex(pattern: str) -> re.Pattern[str]:
    # `*` is a wildcard inside a word ("scam*"); the rest is literal, matched on word boundaries.
    parts = [re.escape(p) for p in pattern.strip().lower().split("*")]
    return re.compile(r"(?<!\w)" + r"\w*".join(parts) + r"(?!\w)", re.IGNORECASE)


def _domain_matches(domain: str, watched: str) -> bool:
    watched = watched.lower().strip().lstrip(".")
    return domain == watched or domain.endswith("." + watched)


def match(text: str, rules: tuple[WatchedRule, ...]) -> list[Hit]:
    hits: list[Hit] = []
    domains = link_domains(text)
    for rule in rules:
        if rule.kind == "domain":
            hits.extend(Hit(rule, d) for d in domains if _domain_matches(d, rule.pattern))
            continue
        found = _word_regex(rule.pattern).search(text)
        if found:
            hits.append(Hit(rule, found.group(0)))
    return hits
