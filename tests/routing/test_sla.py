from datetime import datetime, timedelta
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone

from routing.businesstime import minutes_between
from routing.models import SlaPolicy, TicketSla
from routing.route import ticket_route
from routing.selectors import calendar_by_id
from tickets.models import Ticket, TicketEvent
from tickets.services import message_create, ticket_change_status, ticket_create, ticket_update


def new_ticket(cast) -> Ticket:  # noqa: ANN001
    """A new ticket as the worker leaves it: routed, with its clocks planned."""
    ticket = ticket_create(actor=cast.alice, subject="Where is the export?", body="How do I export my orders?")
    ticket_route(ticket_id=ticket.pk)
    ticket.refresh_from_db()
    return ticket


def test_a_new_ticket_gets_due_times_from_its_policy_when_the_routing_task_runs(
        cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends the routing task (eager here)
        ticket = ticket_create(actor=cast.alice, subject="Where is the export?", body="How do I export my orders?")
    assert ticket.first_response_due_at is None  # not planned in the request
    ticket.refresh_from_db()
    sla = TicketSla.objects.get(ticket=ticket)
    assert sla.policy == SlaPolicy.objects.get(priority=ticket.priority, plan="")
    assert ticket.first_response_due_at == sla.first_response_due_at
    assert sla.first_response_warn_at < sla.first_response_due_at < sla.resolution_due_at
    assert Ticket.objects.get(pk=ticket.pk).resolution_due_at == sla.resolution_due_at


def test_the_merchants_plan_chooses_a_more_specific_policy(cast):
    cast.alpine.support_plan = "priority"
    cast.alpine.save()
    sla = TicketSla.objects.get(ticket=new_ticket(cast))
    assert sla.policy.plan == "priority"


def test_the_clock_pauses_while_waiting_for_the_merchant_and_resumes_on_reply(cast):
    ticket = new_ticket(cast)
    due = TicketSla.objects.get(ticket=ticket).resolution_due_at
    message_create(actor=cast.agent, ticket=ticket, body="Which version do you run?")
    sla = TicketSla.objects.get(ticket=ticket)
    assert sla.paused_at is not None and sla.first_response_met_at is not None
    paused_at = sla.paused_at - timedelta(hours=30)
    TicketSla.objects.filter(pk=sla.pk).update(paused_at=paused_at)
    message_create(actor=cast.alice, ticket=ticket, body="Version 5.2.")
    resumed_at = timezone.now()
    sla = TicketSla.objects.get(ticket=ticket)
    assert sla.paused_at is None and Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.OPEN
    # 30 hours of waiting on a 12-hour-a-day calendar: 12 to 18 business hours, by the time of day
    waited = minutes_between(calendar_by_id(sla.calendar_id), paused_at, resumed_at)
    assert 12 * 60 <= sla.paused_minutes <= 18 * 60 and abs(sla.paused_minutes - waited) <= 1
    assert sla.resolution_due_at >= due + timedelta(minutes=sla.paused_minutes)
    assert Ticket.objects.get(pk=ticket.pk).resolution_due_at == sla.resolution_due_at


def test_resolving_stops_the_clock(cast):
    ticket = new_ticket(cast)
    ticket_change_status(actor=cast.agent, ticket=ticket, status=Ticket.Status.RESOLVED)
    assert TicketSla.objects.get(ticket=ticket).paused_at <= timezone.now()


class _FormFields(HTMLParser):
    """The values a browser would submit for the change form of a page (inputs, selects, textareas)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "checkbox", "file"):
            self.data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "input" and name and a.get("type") == "checkbox" and "checked" in a:
            self.data.setdefault(name, []).append(a.get("value") or "on")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea][0] += data.removeprefix("\n") if not self.data[self._textarea][0] else data


def _replanned(ticket: Ticket, before: TicketSla) -> TicketSla:
    sla = TicketSla.objects.get(ticket=ticket)
    ticket.refresh_from_db()
    assert sla.policy == SlaPolicy.objects.get(priority=Ticket.Priority.URGENT, plan="")
    assert sla.first_response_due_at < before.first_response_due_at  # urgent: a shorter target
    assert ticket.first_response_due_at == sla.first_response_due_at
    assert ticket.resolution_due_at == sla.resolution_due_at
    return sla


def test_an_agent_raising_the_priority_replans_the_clocks(cast):
    ticket = new_ticket(cast)
    before = TicketSla.objects.get(ticket=ticket)
    assert before.policy.priority == Ticket.Priority.NORMAL
    ticket_update(actor=cast.agent, ticket=ticket, priority=Ticket.Priority.URGENT)
    _replanned(ticket, before)


def test_the_api_and_the_agent_page_replan_the_clocks(cast, api_as, client):
    ticket, other = new_ticket(cast), new_ticket(cast)
    before = TicketSla.objects.get(ticket=ticket)
    response = api_as(cast.agent).patch(f"/api/v1/tickets/{ticket.pk}/", {"priority": "urgent"}, format="json")
    assert response.status_code == 200
    sla = _replanned(ticket, before)
    assert datetime.fromisoformat(response.json()["first_response_due_at"]) == sla.first_response_due_at
    before = TicketSla.objects.get(ticket=other)
    client.force_login(cast.agent)
    desk_form = {"kind": "reply", "body": "", "status": "", "priority": Ticket.Priority.URGENT,
                 "queue": other.queue_id or "", "assignee": other.assignee_id or "", "tags": ""}
    response = client.post(reverse("desk:ticket_respond", args=[other.pk]), desk_form)
    assert response.status_code == 302
    _replanned(other, before)


def test_a_priority_changed_in_admin_is_recorded_and_replans_the_clocks(cast, client):
    ticket = new_ticket(cast)
    before = TicketSla.objects.get(ticket=ticket)
    client.force_login(cast.admin)
    url = reverse("admin:tickets_ticket_change", args=[ticket.pk])
    form = _FormFields()
    form.feed(client.get(url).content.decode())
    data = {**form.data, "priority": [str(Ticket.Priority.URGENT)], "_save": ["Save"]}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    _replanned(ticket, before)
    event = ticket.events.get(kind=TicketEvent.Kind.PRIORITY)
    assert (event.actor, event.data["new"]) == (cast.admin, Ticket.Priority.URGENT)


def test_a_corrected_verdict_that_makes_the_ticket_urgent_replans_the_clocks(cast):
    from policy.services import verdict_correct

    ticket = new_ticket(cast)
    before = TicketSla.objects.get(ticket=ticket)
    verdict_correct(actor=cast.agent, ticket=ticket, topics=["software_issue"], reason="It is a bug.")
    _replanned(ticket, before)
