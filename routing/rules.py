"""Routing rules as plain data: which rule matches a ticket. Pure Python, no ORM."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


@dataclass(frozen=True)
class TicketFacts:
    verdict: str
    needs_review: bool
    topics: tuple[str, ...]
    priority: int
    plan: str
    channel: str
    language: str
    text: str  # subject and body, lower-cased


@dataclass(frozen=True)
class Rule:
    id: int | None
    order: int
    verdict: str = ""
    needs_review: bool | None = None
    topics: tuple[str, ...] = ()
    priority: int | None = None
    plan: str = ""
    channel: str = ""
    language: str = ""
    keywords: tuple[str, ...] = ()

    def matches(self, facts: TicketFacts) -> bool:
        return ((not self.verdict or facts.verdict == self.verdict)
                and (self.needs_review is None or facts.needs_review == self.needs_review)
                and (not self.topics or any(topic in facts.topics for topic in self.topics))
                and (self.priority is None or facts.priority == self.priority)
                and (not self.plan or facts.plan == self.plan)
                and (not self.channel or facts.channel == self.channel)
                and (not self.language or facts.language.lower().startswith(self.language))
                and (not self.keywords or any(word in facts.text for word in self.keywords)))


def first_match(rules: Sequence[Rule], facts: TicketFacts) -> Rule | None:
    """Rules must come sorted by order; the first match wins."""
    return next((rule for rule in rules if rule.matches(facts)), None)


def facts_of(ticket, plan: str) -> TicketFacts:  # noqa: ANN001 - anything shaped like tickets.Ticket
    return TicketFacts(verdict=ticket.scope_verdict, needs_review=bool(ticket.needs_review),
                       topics=tuple(ticket.scope_topics or ()), priority=ticket.priority, plan=plan,
                       channel=ticket.channel, language=ticket.language or "",
                       text=f"{ticket.subject}\n{ticket.body}".lower())


def matching(rule: Rule, tickets: Iterable, plan_of) -> list:  # noqa: ANN001
    return [t for t in tickets if rule.matches(facts_of(t, plan_of(t)))]
