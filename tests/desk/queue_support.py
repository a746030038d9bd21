"""Helpers shared by the triage queue's tests (test_queue_*.py)."""

from datetime import timedelta

from django.utils import timezone

from tests import factories
from tickets.models import Queue, Ticket


def queue(slug: str) -> Queue:
    return Queue.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]


def ticket(cast, *, due_in: timedelta | None = timedelta(hours=5), status: str = "open", q: Queue | None = None,
           merchant=None, assignee=None, subject: str | None = None, body: str = "How do I add a variant?",
           **extra) -> Ticket:  # noqa: ANN001, ANN003
    """A ticket written straight to the table; `due_in` sets the first-response due time (None: no SLA)."""
    merchant = merchant or cast.alpine
    requester = merchant.users.order_by("id").first()
    fields = {"merchant": merchant, "requester": requester, "status": status, "queue": q, "assignee": assignee,
              "body": body, "first_response_due_at": timezone.now() + due_in if due_in is not None else None,
              **extra}
    if subject:
        fields["subject"] = subject
    return factories.TicketFactory(**fields)


def restrict(agent, *queues: Queue) -> None:  # noqa: ANN001
    agent.restrict_to_queues = True
    agent.save(update_fields=["restrict_to_queues"])
    for q in queues:
        q.agents.add(agent)
