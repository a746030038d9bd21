"""The agent's ticket page (desk/ticket_views.py, desk/reply.py): who may open it, one submit for a
reply and ticket changes, notes kept from merchants, and a reply on top of a newer message."""

import pytest
from django.urls import reverse

from tests import factories
from tests.tickets.files import exe, stored_files, text_file
from tickets import services
from tickets.models import Message, Ticket, TicketEvent

pytestmark = pytest.mark.django_db
S = Ticket.Status


@pytest.fixture
def ticket(cast):
    return services.ticket_create(actor=cast.alice, subject="Checkout fails", body="Pay button dead")


def page_url(ticket: Ticket) -> str:
    return reverse("desk:ticket", args=[ticket.pk])


def respond_url(ticket: Ticket) -> str:
    return reverse("desk:ticket_respond", args=[ticket.pk])


def form_data(ticket: Ticket, **overrides) -> dict:
    ticket.refresh_from_db()
    latest = ticket.messages.order_by("-id").values_list("id", flat=True).first() or 0
    data = {"kind": "reply", "body": "", "status": "", "priority": ticket.priority, "queue": ticket.queue_id or "",
            "assignee": ticket.assignee_id or "", "seen_message": latest}
    data.update(overrides)
    return data


class TestWhoMayOpenIt:
    def test_agent_opens_the_page(self, cast, as_user, ticket):
        response = as_user(cast.agent).get(page_url(ticket))
        assert response.status_code == 200 and "Pay button dead" in response.content.decode()

    @pytest.mark.parametrize("who", ["alice", "bruno"])
    def test_merchants_get_a_404_even_for_their_own_ticket(self, cast, as_user, ticket, who):
        client = as_user(getattr(cast, who))
        assert client.get(page_url(ticket)).status_code == 404
        assert client.post(respond_url(ticket), form_data(ticket, body="hi")).status_code == 404
        assert ticket.messages.count() == 0

    def test_anonymous_is_sent_to_sign_in(self, client, ticket):
        response = client.get(page_url(ticket))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))

    def test_agent_limited_to_queues_gets_a_404_for_another_queues_ticket(self, cast, as_user, ticket):
        mine, other = factories.QueueFactory(slug="mine-q"), factories.QueueFactory(slug="other-q")
        mine.agents.add(cast.agent)
        Ticket.objects.filter(pk=ticket.pk).update(queue=other)
        cast.agent.restrict_to_queues = True
        cast.agent.save()
        client = as_user(cast.agent)
        assert client.get(page_url(ticket)).status_code == 404
        assert client.post(respond_url(ticket), form_data(ticket, body="hi")).status_code == 404
        assert client.post(reverse("desk:ticket_presence", args=[ticket.pk])).status_code == 404
        Ticket.objects.filter(pk=ticket.pk).update(queue=mine)
        assert client.get(page_url(ticket)).status_code == 200

    def test_merchant_panel_lists_only_tickets_the_agent_may_see(self, cast, as_user, ticket):
        mine = factories.QueueFactory(slug="mine-q")
        mine.agents.add(cast.agent)
        Ticket.objects.filter(pk=ticket.pk).update(queue=mine)
        visible = factories.TicketFactory(merchant=cast.alpine, requester=cast.amir, subject="Visible sibling",
                                          queue=mine)
        factories.TicketFactory(merchant=cast.alpine, requester=cast.amir, subject="Hidden sibling",
                                queue=factories.QueueFactory(slug="other-q"))
        factories.TicketFactory(merchant=cast.bergamo, requester=cast.bruno, subject="Other merchant", queue=mine)
        cast.agent.restrict_to_queues = True
        cast.agent.save()
        response = as_user(cast.agent).get(page_url(ticket))
        assert response.context["merchant_tickets"].open == [visible]
        html = response.content.decode()
        assert "Visible sibling" in html and "Hidden sibling" not in html and "Other merchant" not in html

    def test_staff_opening_the_portal_page_land_on_the_desk_page(self, cast, as_user, ticket):
        response = as_user(cast.agent).get(reverse("tickets:detail", args=[ticket.pk]))
        assert response.status_code == 302 and response["Location"] == page_url(ticket)

    def test_merchants_keep_the_portal_page(self, cast, as_user, ticket):
        assert as_user(cast.alice).get(reverse("tickets:detail", args=[ticket.pk])).status_code == 200


class TestOneSubmit:
    def test_reply_with_status_and_priority_lands_together(self, cast, as_user, ticket):
        queue = factories.QueueFactory(slug="billing-q")
        data = form_data(ticket, body="Fixed on our side.", status=S.RESOLVED, priority=3, queue=queue.pk,
                         assignee=cast.agent.pk, attachments=[text_file("fix.txt")])
        response = as_user(cast.agent).post(respond_url(ticket), data)
        assert response.status_code == 302 and response["Location"] == page_url(ticket)
        ticket.refresh_from_db()
        assert (ticket.status, ticket.priority, ticket.queue, ticket.assignee) == (S.RESOLVED, 3, queue, cast.agent)
        reply = ticket.messages.get()
        assert (reply.kind, reply.body, [a.original_name for a in reply.attachments.all()]) == (
            Message.Kind.REPLY, "Fixed on our side.", ["fix.txt"])
        kinds = set(ticket.events.values_list("kind", flat=True))
        assert {TicketEvent.Kind.REPLY, TicketEvent.Kind.STATUS, TicketEvent.Kind.PRIORITY,
                TicketEvent.Kind.QUEUE, TicketEvent.Kind.ASSIGNEE} <= kinds

    def test_tags_change_with_a_note_and_show_on_the_page(self, cast, as_user, ticket):
        services.ticket_set_tags(actor=cast.agent, ticket=ticket, names=["checkout"])
        client = as_user(cast.agent)
        assert 'name="tags" value="checkout"' in client.get(page_url(ticket)).content.decode()
        client.post(respond_url(ticket), form_data(ticket, kind="note", body="Seen twice.", tags="checkout, stripe"))
        assert sorted(ticket.tags.values_list("name", flat=True)) == ["checkout", "stripe"]
        assert ticket.events.filter(kind=TicketEvent.Kind.TAGS).exists()

    def test_a_public_reply_without_a_status_puts_the_ticket_to_pending(self, cast, as_user, ticket):
        as_user(cast.agent).post(respond_url(ticket), form_data(ticket, body="Which version?"))
        ticket.refresh_from_db()
        assert ticket.status == S.PENDING and ticket.first_response_at is not None

    def test_an_illegal_status_drops_the_reply_and_its_changes_and_keeps_the_text(self, cast, as_user, ticket):
        Ticket.objects.filter(pk=ticket.pk).update(status=S.CLOSED)
        before = stored_files()
        data = form_data(ticket, body="My carefully typed answer", status=S.PENDING, priority=4,
                         attachments=[text_file("a.txt")])
        response = as_user(cast.agent).post(respond_url(ticket), data)
        assert response.status_code == 400
        assert "My carefully typed answer" in response.content.decode()
        assert response.context["form"].errors["status"]
        ticket.refresh_from_db()
        assert (ticket.status, ticket.priority, ticket.messages.count()) == (S.CLOSED, 2, 0)
        assert stored_files() == before

    def test_a_bad_file_is_a_form_error_that_keeps_the_text(self, cast, as_user, ticket):
        response = as_user(cast.agent).post(respond_url(ticket), form_data(ticket, body="See file",
                                                                           attachments=[exe()]))
        assert response.status_code == 400 and "attachments" in response.context["form"].errors
        assert "See file" in response.content.decode() and ticket.messages.count() == 0

    def test_an_empty_submit_without_changes_is_refused(self, cast, as_user, ticket):
        response = as_user(cast.agent).post(respond_url(ticket), form_data(ticket))
        assert response.status_code == 400 and response.context["form"].errors["body"]

    def test_changes_without_a_message_are_applied(self, cast, as_user, ticket):
        as_user(cast.agent).post(respond_url(ticket), form_data(ticket, status=S.ON_HOLD, priority=1))
        ticket.refresh_from_db()
        assert (ticket.status, ticket.priority, ticket.messages.count()) == (S.ON_HOLD, 1, 0)

    def test_assign_to_me(self, cast, as_user, ticket):
        as_user(cast.agent).post(reverse("desk:ticket_assign_me", args=[ticket.pk]))
        ticket.refresh_from_db()
        assert ticket.assignee == cast.agent

    def test_assign_to_me_does_not_take_over_another_agents_ticket(self, cast, as_user, ticket):
        colleague = factories.StaffFactory(username="colleague", role="agent")
        services.ticket_update(actor=cast.agent, ticket=ticket, assignee=colleague)
        response = as_user(cast.agent).post(reverse("desk:ticket_assign_me", args=[ticket.pk]), follow=True)
        ticket.refresh_from_db()
        assert ticket.assignee == colleague and "already assigned to colleague" in response.content.decode()


class TestInternalNotes:
    @pytest.fixture
    def noted(self, cast, as_user, ticket):
        note = form_data(ticket, kind="note", body="Merchant is on a custom theme, careful",
                         attachments=[text_file("n.txt")])
        as_user(cast.agent).post(respond_url(ticket), note)
        as_user(cast.agent).post(respond_url(ticket), form_data(ticket, body="Could you try the default theme?"))
        return ticket

    def test_the_agent_sees_the_note_set_apart(self, cast, as_user, noted):
        html = as_user(cast.agent).get(page_url(noted)).content.decode()
        assert 'class="message note"' in html and "Internal note · staff only" in html
        assert "Public reply · merchant sees this" in html

    def test_a_note_leaves_the_status_alone(self, cast, noted):
        note = noted.messages.get(kind=Message.Kind.NOTE)
        assert not noted.events.filter(kind=TicketEvent.Kind.STATUS, created_at__lt=note.created_at).exists()

    def test_the_merchant_never_sees_the_note_in_the_portal(self, cast, as_user, noted):
        html = as_user(cast.alice).get(reverse("tickets:detail", args=[noted.pk])).content.decode()
        assert "Could you try the default theme?" in html
        assert "custom theme, careful" not in html and "n.txt" not in html

    def test_the_merchant_never_sees_the_note_in_the_api(self, cast, api_as, noted):
        body = api_as(cast.alice).get(f"/api/v1/tickets/{noted.pk}/messages/").json()
        assert [m["kind"] for m in body] == ["reply"] and "custom theme" not in str(body)


class TestStaleReply:
    def test_a_reply_on_top_of_a_newer_message_asks_for_confirmation(self, cast, as_user, ticket):
        data = form_data(ticket, body="Try clearing the cache.", status=S.RESOLVED)
        services.message_create(actor=cast.alice, ticket=ticket, body="Never mind, it works now!")
        response = as_user(cast.agent).post(respond_url(ticket), data)
        assert response.status_code == 409
        html = response.content.decode()
        assert "Never mind, it works now!" in html and "Try clearing the cache." in html
        assert "Send anyway" in html
        ticket.refresh_from_db()
        assert ticket.messages.filter(author=cast.agent).count() == 0 and ticket.status == S.NEW

        data["confirm_stale"] = "on"
        assert as_user(cast.agent).post(respond_url(ticket), data).status_code == 302
        ticket.refresh_from_db()
        assert ticket.messages.filter(author=cast.agent).count() == 1 and ticket.status == S.RESOLVED

    def test_the_re_shown_form_marks_the_new_message_as_seen(self, cast, as_user, ticket):
        data = form_data(ticket, body="Answer")
        newer = services.message_create(actor=cast.alice, ticket=ticket, body="More info")
        response = as_user(cast.agent).post(respond_url(ticket), data)
        assert response.context["form"]["seen_message"].value() == str(newer.pk)
        data["seen_message"] = newer.pk
        assert as_user(cast.agent).post(respond_url(ticket), data).status_code == 302

    def test_a_reply_with_nothing_new_goes_straight_through(self, cast, as_user, ticket):
        services.message_create(actor=cast.alice, ticket=ticket, body="More info")
        response = as_user(cast.agent).post(respond_url(ticket), form_data(ticket, body="Thanks"))
        assert response.status_code == 302
