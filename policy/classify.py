"""Decide the scope of a ticket: verdict, topics, evidence.

Pure: plain data in, a frozen Verdict out; no ORM, settings or clock. The rules give
weighted evidence per sentence, the learned model (optional) gives probabilities, and the
decision leans towards in scope when unsure, because telling a merchant "we cannot
support this" wrongly is the worst mistake the policy names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np

from policy.model import ScopeModel, Scores, logit
from policy.requests import request_parts
from policy.rules import Document, RuleSet, read_ticket

__all__ = ["Evidence", "Verdict", "classify"]

VerdictKind = Literal["in_scope", "restricted", "mixed"]

# Thresholds on the combined probability. Restricted topics need more certainty than
# in-scope ones: a false restriction costs more than a missed one.
IN_SCOPE_THRESHOLD = 0.5
RESTRICTED_THRESHOLD = 0.55
# The gates: does the ticket ask for anything in scope, for anything restricted?
IN_SCOPE_GATE = 0.6
RESTRICTED_GATE = 0.6
MIXED_GATE = 0.92
# Models without a mixed head: a sentence the sentence model finds this clearly in scope (logit) makes a
# restricted ticket mixed, when the in-scope gate is at least this open.
SECOND_QUESTION_KIND = -2.0
SECOND_QUESTION_GATE = 0.2
SURE = 0.95  # a topic this likely opens its gate on its own (see decide)
# A ticket whose verdict-deciding gate sits within this many logits of its threshold goes to review. Logits,
# not probability: the thresholds run from 0.5 to 0.92, and a band of fixed probability width around 0.92 takes
# in every ticket the gate is sure of (with 0.12, all from 0.80 up: half the mixed tickets went to review).
REVIEW_LOGITS = 0.8
# The confidence is that margin over this many logits (at most 1): review below 0.32. Near the 0.6 gates it is
# what the probability margin over 0.6 gave before.
CONFIDENT_LOGITS = 2.5
# A restricted request that the whole ticket did not see must be at least this plain in its own part.
PLAIN_RESTRICTED_PART = 0.72
MAX_CHARS = 60_000
# The model's mixed head (when it has one) decides between restricted and mixed at this probability.
MIXED_THRESHOLD = 0.5
FALLBACK_TOPIC = "functionality"
# Features of IXXO itself that a merchant connects to: never a third party.
_BUILTIN_TARGETS = frozenset({"ftp", "sftp", "filezilla", "smtp", "imap", "pop3", "mailbox", "api", "email",
                              "emails", "mail", "mails", "webhook", "webhooks"})
_NOT_LETTERS = re.compile(r"[\W\d_]+")
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
    sample = (subject_text + body_text)[:2000]
    letters = len(_NOT_LETTERS.sub("", sample))
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
    parts = request_parts(document)
    scores, part_scores = _scores(document, parts, ruleset, model)
    chosen, verdict, confidence, needs_review = decide(document, scores, ruleset)
    if part_scores:
        judged = [decide(part, part_score, ruleset) for part, part_score in part_scores]
        if verdict == "restricted" and model is not None:
            judged = [_follow_up(document, rows, decision, ruleset, model) if k else decision
                      for k, (rows, decision) in enumerate(zip(parts, judged, strict=True))]
        chosen, verdict, confidence, needs_review = _by_parts(judged, (chosen, verdict, confidence, needs_review),
                                                              ruleset, [s.restricted for _, s in part_scores])
    evidence = tuple(e for t in chosen for e in _evidence(document, ruleset, t, topics.index(t), scores.units))
    return Verdict(verdict, chosen, confidence, needs_review, evidence, document.language,
                   ruleset.version, model.version if model else "")


def _scores(document: Document, parts: list[tuple[int, ...]], ruleset: RuleSet, model: ScopeModel | None
            ) -> tuple[Scores, list[tuple[Document, Scores]]]:
    """The whole ticket's scores and, when it asks more than one thing, each request part's."""
    usable = model is not None and tuple(model.topics) == ruleset.slugs
    if len(parts) < 2:
        return (model.proba(document) if usable else _rules_only(document, ruleset)), []
    documents = [Document(document.language, tuple(document.units[j] for j in rows)) for rows in parts]
    if usable:
        whole, each = model.proba_parts(document, parts)
        return whole, list(zip(documents, each, strict=True))
    return _rules_only(document, ruleset), [(part, _rules_only(part, ruleset)) for part in documents]


Decision = tuple[tuple[str, ...], VerdictKind, float, bool]


def _follow_up(document: Document, rows: tuple[int, ...], decision: Decision, ruleset: RuleSet,
               model: ScopeModel) -> Decision:
    """A later part of a ticket read whole as restricted, read again with what the merchant wrote before it.

    "And is there a way to keep sale items out of the feed?" after a question about mapping categories in
    a Google Shopping feed is, alone, a plain how-to question; with what comes before it, it goes on
    asking about the feed. A part that asks something in scope alone but only restricted things read that
    way is a follow-up of the restricted request, not a request of its own.
    """
    before = tuple(j for j in range(rows[0]) if document.units[j].is_prose)
    if decision[1] == "restricted" or not before:
        return decision
    read = Document(document.language, tuple(document.units[j] for j in (*before, *rows)))
    again = decide(read, model.proba(read), ruleset)
    return again if again[1] == "restricted" else decision


def _by_parts(parts: list[Decision], whole: Decision, ruleset: RuleSet, restricted_gates: list[float]) -> Decision:
    """The whole ticket's decision, read again part by part.

    Parts that ask something in scope and something restricted make the ticket mixed, whatever the
    whole read as; its confidence is that of the surest part of each side, at most. A part that only
    an unsure reading puts on the side the whole ticket did not see changes nothing. A ticket read
    whole as mixed whose parts all surely ask one kind of thing is of that kind.
    """
    kinds = ruleset.kinds
    asks_in = [p for p in parts if p[1] in ("in_scope", "mixed")]
    asks_restricted = [p for p in parts if p[1] in ("restricted", "mixed")]
    agreed = {p[1] for p in parts}
    if whole[1] == "mixed":
        if len(agreed) == 1 and agreed != {"mixed"} and not any(p[3] for p in parts):
            kind = agreed.pop()
            chosen = tuple(t for t in whole[0] if (kinds.get(t) == "restricted") == (kind == "restricted"))
            if chosen:
                return chosen, kind, min(p[2] for p in parts), False
        return whole
    if not asks_in or not asks_restricted or agreed in ({"in_scope"}, {"restricted"}):
        return whole
    surest_in = max(asks_in, key=lambda p: p[2])
    surest_restricted = max(asks_restricted, key=lambda p: p[2])
    # What the whole ticket did not see must be plain in its part: a part the classifier is unsure of
    # (often a follow-up question read without the context before it) changes nothing. For a restricted
    # request that is its restricted gate's margin: whether the part also asks something in scope (the
    # part's other margin) does not matter here.
    if whole[1] == "restricted":
        if surest_in[3]:
            return whole
    elif not any(p[1] in ("restricted", "mixed") and g >= PLAIN_RESTRICTED_PART
                 for p, g in zip(parts, restricted_gates, strict=True)):
        return whole
    chosen = set(whole[0])
    chosen.update(t for p in asks_in for t in p[0] if kinds.get(t) != "restricted")
    chosen.update(t for p in asks_restricted for t in p[0] if kinds.get(t) == "restricted")
    confidence = min(surest_in[2], surest_restricted[2])
    return (tuple(t for t in ruleset.slugs if t in chosen), "mixed", confidence,
            surest_in[3] or surest_restricted[3])


def decide(document: Document, scores: Scores, ruleset: RuleSet
           ) -> tuple[tuple[str, ...], VerdictKind, float, bool]:
    """Topics, verdict, confidence and needs_review.

    The gates say whether the ticket asks for something in scope and for something
    restricted; the topic probabilities say which. A restricted topic never enters
    without the restricted gate, which is set high: unsure means in scope.
    """
    topics = ruleset.slugs
    kinds = ruleset.kinds
    restricted, thresholds, not_fallback, restricted_topics = _topic_arrays(topics, tuple(kinds[t] for t in topics))
    probs = scores.topics
    chosen = {topics[i] for i in np.flatnonzero(probs >= thresholds)}
    # A topic the model is sure of opens its gate too, except the catch-all, which a
    # how-to phrasing of any restricted question also raises.
    sure = (probs >= SURE) & not_fallback
    want_in_scope = scores.in_scope >= IN_SCOPE_GATE or bool((sure & ~restricted).any())
    # Beside a clear in-scope request, a restricted one must be surer still: "mixed" tells the
    # merchant that part of the ticket is refused, and in-scope tickets often name restricted things.
    gate = MIXED_GATE if want_in_scope else RESTRICTED_GATE
    want_restricted = (scores.restricted >= gate or bool((sure & restricted).any())) and restricted.any()
    if want_restricted and scores.mixed is not None:
        # Restricted or mixed: the mixed head weighs the ticket's in-scope gate against its most in-scope
        # sentence read on its own (one plain in-scope question beside a restricted request).
        want_in_scope = scores.mixed >= MIXED_THRESHOLD
    elif want_restricted and not want_in_scope and _in_scope_sentence(document, scores):
        want_in_scope = True  # a restricted ticket that also asks a plain in-scope question: mixed
    if want_restricted:
        chosen.add(topics[int(np.argmax(np.where(restricted, probs, -1.0)))])
    else:
        chosen -= restricted_topics
    if want_in_scope:
        chosen.add(topics[int(np.argmax(np.where(restricted, -1.0, probs)))])
    elif want_restricted:
        chosen &= restricted_topics
    by_topic = dict(zip(topics, probs.tolist(), strict=True))
    chosen = _apply_partner_list(document, chosen, by_topic)
    found = bool(chosen)
    if not chosen:
        chosen = {FALLBACK_TOPIC}
    verdict = _verdict(chosen, kinds)
    # The verdict hangs on the restricted gate, and on the in-scope gate once something
    # restricted is asked: review when either sits close to its threshold.
    deciding = [(scores.restricted, gate)]
    if want_restricted:
        deciding.append((scores.mixed, MIXED_THRESHOLD) if scores.mixed is not None
                        else (scores.in_scope, IN_SCOPE_GATE))
    margin = min(abs(logit(p) - logit(t)) for p, t in deciding)
    needs_review = not found or margin < REVIEW_LOGITS
    confidence = min(margin / CONFIDENT_LOGITS, 1.0)
    if not found or not _supported(document, chosen, by_topic):
        confidence = min(confidence, 0.3)
    return tuple(t for t in topics if t in chosen), verdict, round(confidence, 3), bool(needs_review)


@lru_cache(maxsize=16)
def _topic_arrays(topics: tuple[str, ...], kinds: tuple[str, ...]
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, frozenset[str]]:
    """Per topic: restricted or not, its threshold, and whether it is not the catch-all; and the restricted
    topics (the same for every ticket of a rule set, so built once)."""
    restricted = np.array([k == "restricted" for k in kinds])
    return (restricted, np.where(restricted, RESTRICTED_THRESHOLD, IN_SCOPE_THRESHOLD),
            np.array([t != FALLBACK_TOPIC for t in topics]),
            frozenset(t for t, k in zip(topics, kinds, strict=True) if k == "restricted"))


def _in_scope_sentence(document: Document, scores: Scores) -> bool:
    """Does one of the merchant's own sentences clearly ask something in scope on its own, the
    sentence model and the ticket's in-scope gate both leaning that way?"""
    if scores.kinds is None or scores.in_scope < SECOND_QUESTION_GATE:
        return False
    return any(k <= SECOND_QUESTION_KIND and u.is_prose
               for u, k in zip(document.units, scores.kinds, strict=True))


def _supported(document: Document, chosen: set[str], probs: dict[str, float]) -> bool:
    """Did anything in the ticket speak for a chosen topic, beyond the model's prior?"""
    return any(probs.get(t, 0.0) >= 0.7 or any(u.signals.scores.get(t, 0.0) > 0 for u in document.units)
               for t in chosen)


def _rules_only(document: Document, ruleset: RuleSet) -> Scores:
    """Without a model: topic probabilities from the rules alone, gates from the best topic."""
    topics = ruleset.slugs
    restricted = np.array([t.kind == "restricted" for t in ruleset.topics])
    rule = np.array([[u.signals.scores.get(t, 0.0) for t in topics] for u in document.units])
    best = rule.max(axis=0)
    support = np.clip(np.clip(rule, 0, None).sum(axis=0) - np.clip(best, 0, None), 0, 4)
    a, b, c = _RULES_ONLY
    probs = 1.0 / (1.0 + np.exp(-(a * best + b * support + c)))
    in_scope = float(probs[~restricted].max(initial=0.0))
    return Scores(probs, in_scope, float(probs[restricted].max(initial=0.0)), None)


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
    # A partner named beside a generic "plugin" or "module" (the merchant's word for the partner's own
    # connector) is the partnered integration: only another product named beside it is a third party.
    named = any(u.signals.named_services for u in units)
    if "third_party_software" in chosen and partner and not named:
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
    """The merchant's sentences that speak most for this topic (at most two): prose of the
    body first, then pasted logs, the subject only when nothing else speaks for it."""
    scored = []
    for i, unit in enumerate(document.units):
        score = unit.signals.scores.get(topic, 0.0)
        if unit_probs is not None:
            score += 2.0 * (float(unit_probs[i, column]) - 0.5)
        rank = 2 if unit.source == "subject" else int(unit.is_log)
        scored.append((rank, -score, i))
    scored.sort()
    positive = [(rank, i) for rank, neg, i in scored if neg < 0]
    if positive:
        best_rank = positive[0][0]
        picked = [i for rank, i in positive if rank == best_rank][:2]
    else:
        picked = [scored[0][2]]
    clause = ruleset.by_slug[topic].clause if topic in ruleset.by_slug else ""
    return [Evidence(topic, u.text, u.start, u.end, clause, u.source)
            for u in (document.units[i] for i in sorted(picked))]
