"""Presence (desk/presence.py): who else has the ticket open or is typing, across requests."""

from datetime import timedelta

import pytest
from django.urls import reverse

from desk.models import TicketPresence
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(cast):
    return factories.TicketFactory(merchant=cast.alpine, requester=cast.alice)


def url(ticket) -> str:
    return reverse("desk:ticket_presence", args=[ticket.pk])


def test_an_agent_sees_another_agent_viewing_and_then_typing(client, cast, ticket):
    ana = factories.StaffFactory(username="ana", first_name="Ana")
    client.force_login(ana)
    client.post(url(ticket), {"typing": "0"})
    client.force_login(cast.agent)
    assert client.get(url(ticket)).json()["others"] == [
        {"user_id": ana.pk, "name": "Ana", "typing": False, "text": "Ana is viewing"}]
    client.force_login(ana)
    assert client.post(url(ticket), {"typing": "1"}).json()["others"] == []  # not myself
    client.force_login(cast.agent)
    assert client.get(url(ticket)).json()["others"][0]["text"] == "Ana is typing a reply"


def test_opening_the_page_counts_as_viewing(client, cast, ticket):
    client.force_login(cast.supervisor)
    client.get(reverse("desk:ticket", args=[ticket.pk]))
    client.force_login(cast.agent)
    assert [o["name"] for o in client.get(url(ticket)).json()["others"]] == ["super"]


def test_agents_not_seen_for_a_while_are_gone_and_typing_fades(client, cast, ticket):
    ana = factories.StaffFactory(username="ana")
    bo = factories.StaffFactory(username="bo")
    for agent in (ana, bo):
        client.force_login(agent)
        client.post(url(ticket), {"typing": "1"})
    row = TicketPresence.objects.get(user=ana)
    row.seen_at -= timedelta(seconds=30)
    row.save()
    TicketPresence.objects.filter(user=bo).update(typing_at=row.typing_at - timedelta(seconds=30))
    client.force_login(cast.agent)
    assert client.get(url(ticket)).json()["others"] == [
        {"user_id": bo.pk, "name": "bo", "typing": False, "text": "bo is viewing"}]


def test_heartbeats_keep_one_row_per_agent_and_leaving_removes_it(client, cast, ticket):
    client.force_login(cast.agent)
    for typing in ("1", "0", "1"):
        assert client.post(url(ticket), {"typing": typing}).status_code == 200
    assert TicketPresence.objects.filter(ticket=ticket, user=cast.agent).count() == 1
    client.post(url(ticket), {"leave": "1"})
    assert not TicketPresence.objects.filter(ticket=ticket).exists()


def test_the_answer_carries_the_newest_message_id(client, cast, ticket):
    message = factories.MessageFactory(ticket=ticket)
    client.force_login(cast.agent)
    assert client.get(url(ticket)).json()["latest_message_id"] == message.pk


@pytest.mark.parametrize("who", ["alice", "bruno"])
def test_merchants_get_a_404(client, cast, ticket, who):
    client.force_login(getattr(cast, who))
    assert client.get(url(ticket)).status_code == 404
    assert client.post(url(ticket), {"typing": "1"}).status_code == 404
    assert not TicketPresence.objects.exists()
