"""Reads for the agent's ticket page, each starting from what the agent may see."""

from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet

from accounts.models import Merchant, User
from policy.models import ScopeTopic
from tickets.models import Ticket
from tickets.selectors import tickets_visible_to

MERCHANT_MATCHES = 20


def merchants_matching(term: str, limit: int = MERCHANT_MATCHES) -> list[Merchant]:
    """Merchants an agent can log a call for, found by name, contact e-mail or licence key; a short
    list rather than a select of thousands."""
    term = term.strip()
    if not term:
        return []
    found = Merchant.objects.filter(Q(name__icontains=term) | Q(contact_email__icontains=term)
                                    | Q(licence_key__istartswith=term))
    found = found.only("id", "name", "contact_email", "licence_key", "licence_status")
    return list(found.order_by("name", "id")[:limit])


def merchant_users(merchant: Merchant) -> QuerySet[User]:
    """Who an agent may log a call for: the merchant's active users (never anyone else's)."""
    return User.objects.filter(merchant=merchant, is_active=True).order_by("username")


@dataclass(frozen=True)
class MerchantTickets:
    open: list[Ticket]
    recent: list[Ticket]


def merchant_tickets(*, user: User, ticket: Ticket, limit: int = 8) -> MerchantTickets:
    """The merchant's other tickets this agent may see: the open ones, and the latest others."""
    others = (tickets_visible_to(user).filter(merchant_id=ticket.merchant_id).exclude(pk=ticket.pk)
              .only("id", "subject", "status", "priority", "created_at").order_by("-id"))
    return MerchantTickets(open=list(others.filter(status__in=Ticket.OPEN_STATUSES)[:limit]),
                           recent=list(others.exclude(status__in=Ticket.OPEN_STATUSES)[:limit]))


def latest_message_id(ticket: Ticket) -> int:
    """The newest message on the ticket (notes included): what the agent has seen when the page loads."""
    return ticket.messages.aggregate(latest=Max("id"))["latest"] or 0


def restricted_topics(ticket: Ticket) -> list[ScopeTopic]:
    slugs = list(ticket.scope_topics or [])
    found = {t.slug: t for t in ScopeTopic.objects.filter(slug__in=slugs, kind=ScopeTopic.Kind.RESTRICTED)}
    return [found[slug] for slug in slugs if slug in found]
