"""Canned replies: which ones fit a ticket, and their placeholders filled in for it.

Placeholders are `{name}` tokens from a fixed list. They are substituted with a regular expression,
never with `str.format`, so an admin's text cannot reach into Python objects (`{0.__class__}`).
"""

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Q

from accounts.models import User
from policy.models import ScopeTopic
from tickets.models import Ticket

from .models import CannedReply

PLACEHOLDERS = {
    "merchant_name": "the merchant's store name",
    "requester_name": "the name of the person who opened the ticket",
    "ticket_reference": "the ticket's reference, e.g. IXXO-000042",
    "agent_name": "your name",
    "policy_clause": "the support policy's clause for the topic",
    "offer": "what we offer instead for the topic",
}
TOKEN = re.compile(r"\{([^{}]*)\}")


def validate_placeholders(text: str) -> None:
    """Refuse a text with a placeholder the desk cannot fill (a typo would reach the merchant)."""
    unknown = sorted({name for name in TOKEN.findall(text) if name not in PLACEHOLDERS})
    if unknown:
        known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        named = ", ".join("{" + name + "}" for name in unknown)
        plural = "s" if len(unknown) > 1 else ""
        raise ValidationError(f"Unknown placeholder{plural} {named}. Use only: {known}.", code="unknown_placeholder")


def _display_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _topic_for(ticket: Ticket, topic: ScopeTopic | None) -> ScopeTopic | None:
    """The reply's own topic, else the ticket's first restricted topic, else its first topic."""
    if topic is not None:
        return topic
    topics = {t.slug: t for t in ScopeTopic.objects.filter(slug__in=ticket.scope_topics or [])}
    ordered = [topics[slug] for slug in ticket.scope_topics or [] if slug in topics]
    return next((t for t in ordered if t.is_restricted), ordered[0] if ordered else None)


def placeholder_values(*, ticket: Ticket, agent: User, topic: ScopeTopic | None = None) -> dict[str, str]:
    chosen = _topic_for(ticket, topic)
    return {
        "merchant_name": ticket.merchant.name,
        "requester_name": _display_name(ticket.requester),
        "ticket_reference": ticket.reference,
        "agent_name": _display_name(agent),
        "policy_clause": chosen.clause.strip() if chosen else "",
        "offer": chosen.offer.strip() if chosen else "",
    }


def fill(text: str, values: dict[str, str]) -> str:
    """Known placeholders are replaced; anything else in braces is left as typed."""
    return TOKEN.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def canned_for_ticket(ticket: Ticket) -> list[CannedReply]:
    """Active replies for the ticket's queue and scope topics, plus the generic ones; specific first."""
    queue_match = Q(queue__isnull=True) | Q(queue_id=ticket.queue_id) if ticket.queue_id else Q(queue__isnull=True)
    topic_match = Q(topic__isnull=True) | Q(topic__slug__in=list(ticket.scope_topics or []))
    replies = CannedReply.objects.filter(queue_match, topic_match, is_active=True).select_related("topic", "queue")
    return sorted(replies, key=lambda r: (r.topic_id is None, r.queue_id is None, r.title.lower()))


def filled_replies(*, ticket: Ticket, agent: User, replies: Iterable[CannedReply]) -> list[dict]:
    return [{"id": reply.pk, "title": reply.title, "queue": reply.queue, "topic": reply.topic,
             "body": fill(reply.body, placeholder_values(ticket=ticket, agent=agent, topic=reply.topic))}
            for reply in replies]


EXPLANATION = ("Hello {requester_name},\n\n{explanation}\n\nOur support policy says: “{policy_clause}”\n\n"
               "What we can offer instead: {offer}\n\nKind regards,\n{agent_name}")


def explanation_for(*, ticket: Ticket, agent: User, topic: ScopeTopic) -> str:
    """The reply that explains a restricted topic: its explanation, clause and what we offer instead."""
    values = placeholder_values(ticket=ticket, agent=agent, topic=topic)
    values["explanation"] = topic.explanation.strip()
    return fill(EXPLANATION, values)
