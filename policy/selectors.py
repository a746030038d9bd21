"""Reads for the policy app: labelled data for training, and what a merchant is told."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import OuterRef, Subquery

from tickets.models import Ticket

from .model import DATA_DIR, Example, load_examples, training_files
from .models import ScopeTopic, ScopeVerdict

# Labelled tickets that no model ever trains on (neither the shipped one nor a retrained one), so
# that a new version and the active one are compared on equal terms.
HELD_BACK_FILE: Path = DATA_DIR / "tickets-holdout.jsonl"
LABELLED_SOURCES = (ScopeVerdict.Source.AGENT, ScopeVerdict.Source.CONFIRMED)


def seed_examples() -> list[Example]:
    """The labelled tickets every model learns from (dev and extra files)."""
    return load_examples(*training_files())


def held_back_examples() -> list[Example]:
    return load_examples(HELD_BACK_FILE)


def correction_examples() -> list[Example]:
    """Each ticket an agent corrected or confirmed, with the latest such label."""
    latest = (ScopeVerdict.objects.filter(ticket=OuterRef("ticket"), source__in=LABELLED_SOURCES)
              .order_by("-created_at", "-id").values("id")[:1])
    rows = (ScopeVerdict.objects.filter(source__in=LABELLED_SOURCES, id=Subquery(latest))
            .select_related("ticket").order_by("id"))
    return [Example(f"ticket-{v.ticket_id}", v.ticket.subject, v.ticket.body, tuple(v.topics), v.verdict)
            for v in rows]


def labelled_examples() -> list[Example]:
    return [*seed_examples(), *correction_examples()]


@dataclass(frozen=True)
class RestrictedPart:
    topic: ScopeTopic
    sentences: list[str]


@dataclass(frozen=True)
class ScopeNotice:
    """What the ticket page and the first e-mail tell a merchant about the scope."""

    verdict: str
    restricted: list[RestrictedPart]
    answered_sentences: list[str] = field(default_factory=list)
    answered_topics: list[ScopeTopic] = field(default_factory=list)
    review_requested: bool = False

    @property
    def is_mixed(self) -> bool:
        return self.verdict == ScopeVerdict.Verdict.MIXED


def scope_notice(ticket: Ticket) -> ScopeNotice | None:
    """None for an in-scope ticket, and while the classifier is unsure and no agent has decided:
    a merchant is never told "we cannot support this" on a guess."""
    if ticket.scope_verdict not in (ScopeVerdict.Verdict.RESTRICTED, ScopeVerdict.Verdict.MIXED):
        return None
    latest = ticket.verdicts.order_by("-created_at", "-id").first()
    review_requested = ticket.events.filter(kind="review").exists()
    if latest is None or (latest.needs_review and latest.source == ScopeVerdict.Source.CLASSIFIER
                          and not review_requested):
        return None
    topics = {t.slug: t for t in ScopeTopic.objects.filter(slug__in=ticket.scope_topics)}
    evidence = [row for v in ticket.verdicts.exclude(evidence=[]) for row in v.evidence]
    restricted, answered, answered_sentences = [], [], []
    for slug in ticket.scope_topics:
        topic = topics.get(slug)
        if topic is None:
            continue
        sentences = list(dict.fromkeys(row["sentence"] for row in evidence if row["topic"] == slug))
        if topic.is_restricted:
            restricted.append(RestrictedPart(topic, sentences))
        else:
            answered.append(topic)
            answered_sentences.extend(sentences)
    return ScopeNotice(ticket.scope_verdict, restricted, list(dict.fromkeys(answered_sentences)), answered,
                       review_requested=review_requested or ticket.needs_review)
