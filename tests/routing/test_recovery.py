"""The sweep that sends routing again for tickets whose route task gave up."""

from datetime import timedelta

from django.utils import timezone

from core.models import OutboxTask
from routing.models import RoutingDecision, TicketSla
from routing.recovery import tickets_reroute
from routing.tasks import reroute_unrouted
from tickets.models import Ticket, TicketEvent
from tickets.services import ticket_create

BUG = {"subject": "Checkout error 500",
       "body": "Since the update the checkout shows an error 500 and orders fail. Looks like a bug."}


def _aged(ticket: Ticket, **age: float) -> Ticket:
    Ticket.objects.filter(pk=ticket.pk).update(created_at=timezone.now() - timedelta(**age))
    return ticket


def test_an_unrouted_ticket_minutes_old_is_routed_once_by_the_sweep(cast, django_capture_on_commit_callbacks):
    # tests run in a transaction: the ticket's own route task (outbox, after commit) never runs,
    # which is what a route task that exhausted its retries leaves behind
    stuck = _aged(ticket_create(actor=cast.alice, **BUG), minutes=10)
    assert not RoutingDecision.objects.filter(ticket=stuck).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert reroute_unrouted() == 1  # the eager broker runs the route task here
    stuck.refresh_from_db()
    assert RoutingDecision.objects.filter(ticket=stuck).count() == 1
    assert stuck.queue.slug == "technical" and TicketSla.objects.filter(ticket=stuck).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert reroute_unrouted() == 0  # routed now: nothing to send again
    assert stuck.events.filter(kind=TicketEvent.Kind.QUEUE).count() == 1


def test_the_sweep_leaves_new_closed_routed_and_old_tickets_alone(cast):
    fresh = ticket_create(actor=cast.alice, **BUG)  # its route task may still be on its way
    closed = _aged(ticket_create(actor=cast.alice, **BUG), minutes=10)
    Ticket.objects.filter(pk=closed.pk).update(status=Ticket.Status.CLOSED)
    _aged(ticket_create(actor=cast.alice, **BUG), days=30)  # from before routing existed
    stuck = _aged(ticket_create(actor=cast.alice, **BUG), minutes=10)
    routed = _aged(ticket_create(actor=cast.alice, **BUG), minutes=10)
    RoutingDecision.objects.create(ticket=routed)
    OutboxTask.objects.all().delete()
    assert tickets_reroute() == 1
    assert [row.kwargs for row in OutboxTask.objects.all()] == [{"ticket_id": stuck.pk}]
    assert fresh.pk != stuck.pk
    assert tickets_reroute(older_than=timedelta(0)) == 2  # the fresh one too, when asked


def test_beat_runs_the_sweep_every_minute(settings):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["routing.reroute_unrouted"] == 60.0
