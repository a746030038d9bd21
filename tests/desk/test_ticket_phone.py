"""Phone and chat logging (desk/phone.py): an agent opens a ticket on a merchant's behalf."""

import pytest
from django.urls import reverse

from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db
URL = reverse("desk:ticket_new")


def call(cast, **overrides) -> dict:
    data = {"merchant": cast.alpine.pk, "requester": cast.amir.pk, "channel": "phone", "priority": 2,
            "subject": "Phone: where do I set the tax rate?",
            "body": "Amir called: where do I set the tax rate for deliveries to Austria?"}
    data.update(overrides)
    return data


def test_an_agent_logs_a_call_that_the_merchant_sees_in_the_portal(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, call(cast))
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("desk:ticket", args=[ticket.pk])
    assert (ticket.merchant, ticket.requester, ticket.channel) == (cast.alpine, cast.amir, Ticket.Channel.PHONE)
    # It went through ticket_create like any ticket: classified, routed, timed.
    assert ticket.scope_verdict and ticket.queue is not None and ticket.first_response_due_at is not None
    assert ticket.events.get(kind=TicketEvent.Kind.CREATED).actor == cast.agent
    client.force_login(cast.alice)
    listing = client.get(reverse("tickets:list")).content.decode()
    assert "Phone: where do I set the tax rate?" in listing
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert "Amir called" in page and "via Phone" in page
    client.force_login(cast.bruno)
    assert client.get(reverse("tickets:detail", args=[ticket.pk])).status_code == 404


def test_a_chat_is_logged_with_its_channel(client, cast):
    client.force_login(cast.agent)
    client.post(URL, call(cast, channel="chat"))
    assert Ticket.objects.get().channel == Ticket.Channel.CHAT


def test_the_requester_must_belong_to_the_merchant_and_the_notes_are_kept(client, cast):
    client.force_login(cast.agent)
    response = client.post(URL, call(cast, requester=cast.bruno.pk))
    assert response.status_code == 400 and response.context["form"].errors["requester"]
    assert "Amir called" in response.content.decode() and not Ticket.objects.exists()


def test_only_phone_and_chat_can_be_logged(client, cast):
    client.force_login(cast.agent)
    assert client.post(URL, call(cast, channel="email")).status_code == 400
    assert not Ticket.objects.exists()


def test_the_merchant_panel_link_preselects_the_merchant(client, cast):
    client.force_login(cast.agent)
    form = client.get(URL, {"merchant": cast.alpine.pk}).context["form"]
    assert list(form.fields["requester"].queryset) == [cast.alice, cast.amir]


@pytest.mark.parametrize("who", ["alice", "bruno"])
def test_merchants_get_a_404(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == 404
    assert client.post(URL, call(cast)).status_code == 404
    assert not Ticket.objects.exists()
