"""The ticket list's rows, built in Python (tickets/templatetags/ticket_list.py), print exactly
what the template loop they replaced printed, for every kind of row."""

from datetime import timedelta

import pytest
from django.template import engines
from django.utils import timezone

from tests import factories
from tickets.models import Ticket
from tickets.templatetags.ticket_list import ticket_rows

pytestmark = pytest.mark.django_db

# The loop of templates/tickets/list.html and routing/_sla_badge.html before the change, kept
# here as the reference for the markup.
REFERENCE_ROWS = """{% load humanize routing_sla %}{% for ticket in tickets %}
    <tr>
      <td class="ref"><a href="{% url 'tickets:detail' ticket.pk %}" tabindex="-1">{{ ticket.reference }}</a></td>
      <td class="subject"><a href="{% url 'tickets:detail' ticket.pk %}">{{ ticket.subject }}</a></td>
      {% if not is_merchant_user %}<td class="extra">{{ ticket.merchant.name }}</td><td class="extra">{{ ticket.queue|default:"—" }}</td><td class="extra">{{ ticket.assignee|default:"—" }}</td><td class="due">{% sla_state ticket as sla %}{% if sla %}<span class="badge sla-{{ sla.state }} {% if sla.breached %}badge-err{% elif sla.state == 'paused' %}badge-warn{% else %}badge-ok{% endif %}" data-testid="sla" title="{{ sla.label }} due {{ sla.due|date:'j M Y, H:i' }}">{% if sla.breached %}SLA breached{% elif sla.state == "paused" %}{{ sla.label }} paused{% else %}{{ sla.label }}{% endif %} · <time datetime="{{ sla.due|date:'c' }}">{{ sla.due|naturaltime }}</time></span>{% endif %}</td>{% endif %}
      <td><span class="badge status-{{ ticket.status }}">{{ ticket.get_status_display }}</span></td>
      <td><span class="badge prio-{{ ticket.priority }}">{{ ticket.get_priority_display }}</span></td>
      <td class="updated"><time datetime="{{ ticket.updated_at|date:'c' }}" title="{{ ticket.updated_at|date:'j M Y, H:i' }}">{{ ticket.updated_at|naturaltime }}</time></td>
    </tr>
{% endfor %}"""  # noqa: E501


def _squash(html: str) -> str:
    return "".join(line.strip() for line in html.splitlines())


@pytest.fixture
def tickets(cast):  # noqa: ANN001, ANN201
    now = timezone.now()
    queue = factories.QueueFactory(name="Tech <&> desk", slug="tech-desk")
    agent = factories.StaffFactory(username="o'brien", role="agent")
    rows = [
        # First-response clock running, in a queue, assigned; a subject that needs escaping.
        dict(subject='<script>alert("x")</script> & more', status="open", queue=queue, assignee=agent,
             first_response_due_at=now + timedelta(hours=3), resolution_due_at=now + timedelta(days=5)),
        # Breached first response, no queue, nobody assigned.
        dict(status="new", first_response_due_at=now - timedelta(hours=2), resolution_due_at=now + timedelta(days=1)),
        # Paused: pending the merchant, resolution clock (answered already).
        dict(status="pending", first_response_at=now - timedelta(days=1), first_response_due_at=now,
             resolution_due_at=now + timedelta(days=2), priority=Ticket.Priority.URGENT),
        # Solved: no clock; no due times at all.
        dict(status="resolved", resolved_at=now),
        dict(status="open"),
    ]
    made = [factories.TicketFactory(merchant=cast.alpine, **row) for row in rows]
    Ticket.objects.filter(pk=made[0].pk).update(updated_at=now - timedelta(days=3, hours=2))
    return list(Ticket.objects.select_related("queue", "assignee", "merchant").order_by("-id"))


@pytest.mark.parametrize("merchant_view", [False, True])
def test_the_rows_print_what_the_template_printed(tickets, merchant_view):
    expected = engines["django"].from_string(REFERENCE_ROWS).render(
        {"tickets": tickets, "is_merchant_user": merchant_view})
    got = ticket_rows(tickets, merchant_view)
    assert _squash(got) == _squash(expected)
    assert ("data-testid=\"sla\"" in got) is not merchant_view
    assert "<script>" not in got and "&lt;script&gt;" in got


def test_each_kind_of_clock_gets_its_badge(tickets):
    html = ticket_rows(tickets, False)
    assert html.count('data-testid="sla"') == 3  # solved and no due time: none
    assert html.count("SLA breached") == 1 and html.count("Resolution paused") == 1
    assert "Tech &lt;&amp;&gt; desk" in html and "o&#x27;brien" in html
    assert html.count(">—<") == 8  # four tickets without queue or assignee


def test_the_list_page_draws_one_row_per_ticket(client, cast, tickets):
    client.force_login(cast.agent)
    html = client.get("/tickets/").content.decode()
    assert html.count('<td class="ref">') == len(tickets)
    assert html.count('data-testid="sla"') == 3
