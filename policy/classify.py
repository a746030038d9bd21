"""Decide the scope of a ticket: verdict, topics, evidence.

Pure: plain data in, a frozen Verdict out; no ORM, settings or clock. The rules give
weighted evidence per sentence, the learned model (optional) gives probabilities, and the
decision leans towards in scope when unsure, because telling a merchant "we cannot
support this" wrongly is the worst mistake the policy names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np

from policy.model import ScopeModel
from policy.rules import Document, RuleSet, read_ticket

__all__ = ["Evidence", "Verdict", "classify"]

VerdictKind = Literal["in_scope", "restricted", "mixed"]

# Thresholds on the combined probability. Restricted topics need more certainty than
# in-scope ones: a false restriction costs more than a missed one.
IN_SCOPE_THRESHOLD = 0.5
RESTRICTED_THRESHOLD = 0.55
# Tickets whose verdict would flip if one topic moved this close to its threshold go to review.
REVIEW_MARGIN = 0.12
MAX_CHARS = 60_000
FALLBACK_TOPIC = "functionality"
# Features of IXXO itself that a merchant connects to: never a third party.
_BUILTIN_TARGETS = frozenset({"ftp", "sftp", "filezilla", "smtp", "imap", "pop3", "mailbox", "api", "email",
                              "emails", "mail", "mails", "webhook", "webhooks"})
_LETTER = re.compile(r"[^\W\d_]")
_JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")
# Rules-only fallback when no model is loaded: best rule score, further support, bias.
_RULES_ONLY = (1.3, 0.3, -2.2)


@dataclass(frozen=True)
class Evidence:
    topic: str
    sentence: str
    start: int  # span of `sentence` in the ticket's body (or subject, see `source`)
    end: int
    clause: str
    source: Literal["subject", "body"] = "body"


@dataclass(frozen=True)
class Verdict:
    verdict: VerdictKind
    topics: tuple[str, ...]
    confidence: float
    needs_review: bool
    evidence: tuple[Evidence, ...]
    language: str
    rules_version: str
    model_version: str


def classify(subject: str, body: str, *, ruleset: RuleSet, model: ScopeModel | None) -> Verdict:
    """Classify one ticket; never raises: unreadable input gives a needs_review verdict."""
    model_version = model.version if model is not None else ""
    subject, body, readable = _sanitise(subject, body)
    try:
        if not readable:
            return _unsure(ruleset, model_version, "en")
        return _classify(subject, body, ruleset, model)
    except Exception:  # a classifier bug must not lose a merchant's ticket; an agent decides
        return _unsure(ruleset, model_version, "en")


def _sanitise(subject: object, body: object) -> tuple[str, str, bool]:
    """Plain strings to work on, and whether they look like text a person wrote."""
    texts = []
    for value in (subject, body):
        if isinstance(value, bytes):
            value = value.decode("utf-8", errors="replace")
        texts.append(value if isinstance(value, str) else "")
    subject_text, body_text = texts
    readable = True
    if len(body_text) > MAX_CHARS:
        body_text, readable = body_text[:MAX_CHARS], False
    sample = (subject_text + body_text)[:5000]
    letters = len(_LETTER.findall(sample))
    junk = len(_JUNK.findall(sample))
    if letters < 3 or junk > 0.02 * len(sample) or letters < 0.3 * len(sample.strip()):
        readable = False
    return subject_text.replace("\x00", ""), body_text.replace("\x00", ""), readable


def _unsure(ruleset: RuleSet, model_version: str, language: str) -> Verdict:
    return Verdict("in_scope", (FALLBACK_TOPIC,), 0.0, True, (), language, ruleset.version, model_version)


def _classify(subject: str, body: str, ruleset: RuleSet, model: ScopeModel | None) -> Verdict:
    document = read_ticket(ruleset, subject, body)
    topics = ruleset.slugs
    if not document.units:
        return _unsure(ruleset, model.version if model else "", document.language)
    if model is not None and tuple(model.topics) == topics:
        probs, _, unit_probs = model.proba(document)
    else:
        probs, unit_probs = _rules_only(document, topics), None
    chosen, verdict, confidence, needs_review = decide(document, probs, ruleset)
    evidence = tuple(e for t in chosen for e in _evidence(document, ruleset, t, topics.index(t), unit_probs))
    return Verdict(verdict, chosen, confidence, needs_review, evidence, document.language,
                   ruleset.version, model.version if model else "")


def decide(document: Document, probs: np.ndarray, ruleset: RuleSet) -> tuple[tuple[str, ...], VerdictKind, float, bool]:
    """Topics, verdict, confidence and needs_review from the topic probabilities."""
    topics = ruleset.slugs
    kinds = {t.slug: t.kind for t in ruleset.topics}
    thresholds = np.array([RESTRICTED_THRESHOLD if kinds[t] == "restricted" else IN_SCOPE_THRESHOLD
                           for t in topics])
    chosen = {t for t, p, th in zip(topics, probs, thresholds, strict=True) if p >= th}
    chosen = _apply_partner_list(document, chosen, dict(zip(topics, probs, strict=True)))
    found = bool(chosen)
    if not chosen:
        chosen = {FALLBACK_TOPIC}
    verdict = _verdict(chosen, kinds)
    distance = np.abs(probs - thresholds)
    flips = [i for i, t in enumerate(topics) if _verdict(chosen ^ {t} or {FALLBACK_TOPIC}, kinds) != verdict]
    needs_review = not found or min((distance[i] for i in flips), default=1.0) < REVIEW_MARGIN
    # 0 when some topic sits on its threshold, 1 when every topic is clear-cut.
    confidence = float((distance / np.maximum(thresholds, 1 - thresholds)).min())
    if not found:
        confidence = min(confidence, 0.3)
    return tuple(t for t in topics if t in chosen), verdict, round(confidence, 3), bool(needs_review)


def _rules_only(document: Document, topics: tuple[str, ...]) -> np.ndarray:
    rule = np.array([[u.signals.scores.get(t, 0.0) for t in topics] for u in document.units])
    best = rule.max(axis=0)
    support = np.clip(np.clip(rule, 0, None).sum(axis=0) - np.clip(best, 0, None), 0, 4)
    a, b, c = _RULES_ONLY
    return 1.0 / (1.0 + np.exp(-(a * best + b * support + c)))


def _apply_partner_list(document: Document, chosen: set[str], probs: dict[str, float]) -> set[str]:
    """Partnered or not is the partner list's call: connectivity and configuration help
    exist only for partnered services (and IXXO's own FTP, e-mail and API)."""
    units = document.units
    partner = any(u.signals.partners for u in units)
    builtin = any(_BUILTIN_TARGETS.intersection(u.signals.words) for u in units)
    api = any("api" in u.signals.words for u in units)
    other = any(u.signals.named_services or u.signals.scores.get("third_party_software", 0) > 0 for u in units)
    chosen = set(chosen)
    if "connectivity" in chosen and not partner and not builtin and other:
        chosen = (chosen - {"connectivity"}) | {"third_party_software"}
    if "integration_usage" in chosen and not partner and not api and other:
        chosen = (chosen - {"integration_usage"}) | {"third_party_software"}
    if "third_party_software" in chosen and partner and not other:
        best = max(("connectivity", "integration_usage"), key=lambda t: probs.get(t, 0.0))
        chosen = (chosen - {"third_party_software"}) | {best}
    return chosen


def _verdict(chosen: set[str], kinds: dict[str, str]) -> VerdictKind:
    restricted = any(kinds.get(t) == "restricted" for t in chosen)
    in_scope = any(kinds.get(t) != "restricted" for t in chosen)
    if restricted and in_scope:
        return "mixed"
    return "restricted" if restricted else "in_scope"


def _evidence(document: Document, ruleset: RuleSet, topic: str, column: int,
              unit_probs: np.ndarray | None) -> list[Evidence]:
    """The merchant's sentences that speak most for this topic (at most two)."""
    scored = []
    for i, unit in enumerate(document.units):
        score = unit.signals.scores.get(topic, 0.0)
        if unit_probs is not None:
            score += 2.0 * (float(unit_probs[i, column]) - 0.5)
        if unit.is_log:
            score -= 0.5
        scored.append((score, i))
    scored.sort(key=lambda s: -s[0])
    picked = [i for score, i in scored if score > 0][:2] or [scored[0][1]]
    clause = ruleset.by_slug[topic].clause if topic in ruleset.by_slug else ""
    out = []
    for i in sorted(picked):
        unit = document.units[i]
        out.append(Evidence(topic, unit.text, unit.start, unit.end, clause, unit.source))
    return out
