"""Bulk actions on selected tickets, and merging duplicates (tickets.merging)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from routing.route import ticket_route
from tests import factories
from tests.desk.queue_support import queue, restrict, ticket
from tickets import services
from tickets.merging import ticket_merge
from tickets.models import Attachment, Message, Ticket, TicketEvent

pytestmark = pytest.mark.django_db
BULK = "/desk/bulk/"


@pytest.fixture
def agent_client(cast, client):  # noqa: ANN001
    client.force_login(cast.agent)
    return client


def kinds(t: Ticket) -> list[str]:
    return list(t.events.values_list("kind", flat=True))


def test_assign_status_priority_queue_and_tags_in_bulk(cast, agent_client):
    a, b = ticket(cast), ticket(cast)
    ids = [a.pk, b.pk]
    agent_client.post(BULK, {"tickets": ids, "action": "assign", "assignee": "me"})
    agent_client.post(BULK, {"tickets": ids, "action": "status", "status": "on_hold"})
    agent_client.post(BULK, {"tickets": ids, "action": "priority", "priority": "4"})
    agent_client.post(BULK, {"tickets": ids, "action": "queue", "queue": queue("technical").slug})
    agent_client.post(BULK, {"tickets": ids, "action": "tags", "tags": "vip, Refund"})
    for t in (a, b):
        t.refresh_from_db()
        assert (t.assignee, t.status, t.priority, t.queue.slug) == (cast.agent, "on_hold", 4, "technical")
        assert sorted(t.tags.values_list("name", flat=True)) == ["refund", "vip"]
        assert {"assignee", "status", "priority", "queue", "tags"} <= set(kinds(t))


def test_adding_tags_keeps_the_existing_ones(cast, agent_client):
    t = ticket(cast)
    services.ticket_set_tags(actor=cast.agent, ticket=t, names=["old"])
    agent_client.post(BULK, {"tickets": [t.pk], "action": "tags", "tags": "new"})
    assert sorted(t.tags.values_list("name", flat=True)) == ["new", "old"]


def test_a_priority_change_replans_the_sla(cast, agent_client):
    t = services.ticket_create(actor=cast.alice, subject="Slow shop", body="It is slow.")
    ticket_route(ticket_id=t.pk)  # the worker plans the clocks
    t.refresh_from_db()
    before = t.first_response_due_at
    assert before is not None
    agent_client.post(BULK, {"tickets": [t.pk], "action": "priority", "priority": "4"})
    t.refresh_from_db()
    assert t.priority == 4 and t.first_response_due_at < before


def test_one_illegal_transition_does_not_undo_the_others(cast, agent_client):
    closed, open_ = ticket(cast, status="closed"), ticket(cast)
    response = agent_client.post(BULK, {"tickets": [closed.pk, open_.pk], "action": "status", "status": "pending",
                                        "next": "/desk/"}, follow=True)
    closed.refresh_from_db(), open_.refresh_from_db()
    assert (closed.status, open_.status) == ("closed", "pending")
    text = response.content.decode()
    assert "Changed 1 ticket." in text and closed.reference in text


def test_invisible_tickets_in_the_selection_are_left_alone(cast, agent_client):
    tech, general = queue("technical"), queue("general")
    restrict(cast.agent, tech)
    mine, hidden = ticket(cast, q=tech), ticket(cast, q=general)
    agent_client.post(BULK, {"tickets": [mine.pk, hidden.pk], "action": "priority", "priority": "4"})
    mine.refresh_from_db(), hidden.refresh_from_db()
    assert (mine.priority, hidden.priority) == (4, 2)


def test_a_restricted_agent_cannot_move_tickets_to_a_queue_they_cannot_see(cast, agent_client):
    tech = queue("technical")
    restrict(cast.agent, tech)
    t = ticket(cast, q=tech)
    agent_client.post(BULK, {"tickets": [t.pk], "action": "queue", "queue": queue("general").slug})
    t.refresh_from_db()
    assert t.queue == tech


@pytest.mark.parametrize("data", [{"action": "status"}, {"action": "explode"}, {"action": "merge"},
                                  {"action": "assign", "assignee": "alice"}, {"action": "tags", "tags": " , "}])
def test_bad_bulk_input_changes_nothing(cast, agent_client, data):
    t = ticket(cast)
    response = agent_client.post(BULK, {"tickets": [t.pk], **data}, follow=True)
    assert response.status_code == 200
    assert list(t.events.all()) == []


def test_merchants_cannot_use_bulk_actions(cast, client):
    t = ticket(cast)
    client.force_login(cast.alice)
    assert client.post(BULK, {"tickets": [t.pk], "action": "status", "status": "closed"}).status_code == 404


class TestMerge:
    def test_the_duplicate_points_at_the_survivor_and_hands_over_its_thread(self, cast, agent_client):
        survivor = ticket(cast, due_in=timedelta(hours=1))
        duplicate = ticket(cast, subject="Same problem again", body="The same, twice.")
        moved = factories.MessageFactory(ticket=duplicate, body="More details")
        attachment = Attachment.objects.create(ticket=duplicate, message=moved, uploaded_by=cast.alice,
                                               file="x.txt", original_name="x.txt", content_type="text/plain",
                                               size=1, sha256="0" * 64)
        agent_client.post(BULK, {"tickets": [duplicate.pk, survivor.pk], "action": "merge"})
        duplicate.refresh_from_db()
        assert duplicate.merged_into == survivor and duplicate.status == "closed"
        assert Message.objects.get(pk=moved.pk).ticket == survivor
        assert Attachment.objects.get(pk=attachment.pk).ticket == survivor
        note = survivor.messages.get(kind="note")
        assert duplicate.reference in note.body and "The same, twice." in note.body
        assert "merged" in kinds(survivor) and "merged" in kinds(duplicate)
        event = duplicate.events.get(kind=TicketEvent.Kind.MERGED)
        assert event.data["into"] == survivor.reference

    def test_tickets_of_different_merchants_are_not_merged(self, cast):
        a, b = ticket(cast), ticket(cast, merchant=cast.bergamo)
        with pytest.raises(ValidationError):
            ticket_merge(actor=cast.agent, source=b, target=a)
        b.refresh_from_db()
        assert b.merged_into is None and b.status == "open"

    def test_a_ticket_is_merged_once_and_never_into_itself(self, cast):
        a, b, c = ticket(cast), ticket(cast), ticket(cast)
        with pytest.raises(ValidationError):
            ticket_merge(actor=cast.agent, source=a, target=a)
        ticket_merge(actor=cast.agent, source=b, target=a)
        with pytest.raises(ValidationError):
            ticket_merge(actor=cast.agent, source=b, target=c)
        with pytest.raises(ValidationError):
            ticket_merge(actor=cast.agent, source=c, target=b)

    def test_merchants_cannot_merge(self, cast):
        from django.core.exceptions import PermissionDenied

        a, b = ticket(cast), ticket(cast)
        with pytest.raises(PermissionDenied):
            ticket_merge(actor=cast.alice, source=b, target=a)


def test_a_reply_to_a_merged_duplicate_lands_on_the_survivor(cast):
    survivor, duplicate = ticket(cast), ticket(cast)
    ticket_merge(actor=cast.agent, source=duplicate, target=survivor)
    message = services.message_create(actor=cast.alice, ticket=duplicate, body="Any news?")
    duplicate.refresh_from_db()
    assert message.ticket_id == survivor.pk
    assert duplicate.status == "closed"


def test_a_merged_ticket_says_where_it_went_on_both_pages_and_in_the_api(cast, client):
    survivor, duplicate = ticket(cast), ticket(cast)
    ticket_merge(actor=cast.agent, source=duplicate, target=survivor)
    client.force_login(cast.agent)
    staff_page = client.get(f"/desk/tickets/{duplicate.pk}/").content.decode()
    assert f'href="/desk/tickets/{survivor.pk}/"' in staff_page and survivor.reference in staff_page
    client.force_login(cast.alice)
    portal = client.get(f"/tickets/{duplicate.pk}/").content.decode()
    assert f'href="/tickets/{survivor.pk}/"' in portal and "merged into" in portal
    assert client.get(f"/api/v1/tickets/{duplicate.pk}/").json()["merged_into"] == survivor.pk
    assert client.get(f"/api/v1/tickets/{survivor.pk}/").json()["merged_into"] is None
