"""The merchant portal and the agent's ticket page (server-rendered)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.tickets.files import exe, huge_png, png, stored_files, text_file
from tickets import services
from tickets.models import Attachment, Message, Ticket

pytestmark = pytest.mark.django_db
S = Ticket.Status


@pytest.fixture
def ticket(cast):
    """Alpine's ticket with a file on the ticket, a public reply with a file and a note with a file."""
    ticket = services.ticket_create(
        actor=cast.alice, subject="Checkout fails", body="Pay button dead", uploads=[png("shot.png")]
    )
    services.message_create(actor=cast.agent, ticket=ticket, body="Public answer", uploads=[text_file("fix.txt")])
    services.message_create(
        actor=cast.agent,
        ticket=ticket,
        body="Secret note about the merchant",
        internal=True,
        uploads=[text_file("secret-note.txt")],
    )
    return ticket


def attachment(ticket: Ticket, name: str) -> Attachment:
    return ticket.attachments.get(original_name=name)


def page_urls(ticket: Ticket) -> dict[str, tuple[str, str]]:
    """Every page that shows or changes one ticket: name -> (method, url)."""
    return {
        "detail": ("get", reverse("tickets:detail", args=[ticket.pk])),
        "reply": ("post", reverse("tickets:reply", args=[ticket.pk])),
        "status": ("post", reverse("tickets:status", args=[ticket.pk])),
        "attachment": (
            "get",
            reverse("tickets:attachment", args=[ticket.pk, attachment(ticket, "shot.png").pk]),
        ),
    }


PAGES = ["detail", "reply", "status", "attachment"]
FORM_DATA = {"body": "A reply that should not land", "status": "closed"}


class TestOwnership:
    @pytest.mark.parametrize("page", PAGES)
    def test_anonymous_user_is_sent_to_sign_in(self, client, ticket, page):
        method, url = page_urls(ticket)[page]
        response = getattr(client, method)(url, FORM_DATA)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")

    @pytest.mark.parametrize("url_name", ["tickets:list", "tickets:new"])
    def test_anonymous_user_is_sent_to_sign_in_from_the_list_and_the_new_ticket_page(self, client, url_name):
        response = client.get(reverse(url_name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))

    @pytest.mark.parametrize("page", PAGES)
    def test_merchant_cannot_reach_another_merchants_ticket(self, cast, as_user, ticket, page):
        method, url = page_urls(ticket)[page]
        response = getattr(as_user(cast.bruno), method)(url, FORM_DATA)
        assert response.status_code == 404
        assert ticket.messages.count() == 2 and Ticket.objects.get().status == S.PENDING

    @pytest.mark.parametrize("page", PAGES)
    def test_agent_restricted_to_queues_cannot_reach_a_ticket_outside_them(self, cast, as_user, ticket, page):
        cast.agent.restrict_to_queues = True
        cast.agent.save()
        method, url = page_urls(ticket)[page]
        assert getattr(as_user(cast.agent), method)(url, FORM_DATA).status_code == 404

    def test_agent_restricted_to_queues_reaches_a_ticket_in_their_queue(self, cast, as_user, ticket):
        queue = factories.QueueFactory(slug="technical")
        queue.agents.add(cast.agent)
        Ticket.objects.update(queue=queue)
        cast.agent.restrict_to_queues = True
        cast.agent.save()
        # Staff land on the desk's ticket page (desk/ticket_views.py).
        assert as_user(cast.agent).get(reverse("tickets:detail", args=[ticket.pk]), follow=True).status_code == 200

    def test_colleague_of_the_same_merchant_reaches_the_ticket(self, cast, as_user, ticket):
        assert as_user(cast.amir).get(reverse("tickets:detail", args=[ticket.pk])).status_code == 200

    def test_another_merchants_ticket_is_not_in_my_list(self, cast, as_user, ticket):
        own = factories.TicketFactory(merchant=cast.bergamo, requester=cast.bruno, subject="Bergamo's own")
        response = as_user(cast.bruno).get(reverse("tickets:list"))
        assert list(response.context["tickets"]) == [own]
        assert "Checkout fails" not in response.content.decode()


class TestMyTickets:
    def test_lists_the_merchants_tickets_newest_first(self, cast, as_user):
        older, newer = factories.TicketFactory.create_batch(2, merchant=cast.alpine, requester=cast.amir)
        response = as_user(cast.alice).get(reverse("tickets:list"))
        assert list(response.context["tickets"]) == [newer, older]
        assert newer.reference in response.content.decode()

    def test_filters_by_status(self, cast, as_user):
        pending = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, status=S.PENDING)
        factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, status=S.CLOSED)
        response = as_user(cast.alice).get(reverse("tickets:list"), {"status": "pending"})
        assert list(response.context["tickets"]) == [pending]

    def test_not_yet_solved_hides_resolved_and_closed(self, cast, as_user):
        active = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, status=S.ON_HOLD)
        factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, status=S.RESOLVED)
        response = as_user(cast.alice).get(reverse("tickets:list"), {"status": "active"})
        assert list(response.context["tickets"]) == [active]

    def test_an_unknown_status_filter_shows_everything(self, cast, as_user):
        factories.TicketFactory.create_batch(2, merchant=cast.alpine, requester=cast.alice)
        assert len(as_user(cast.alice).get(reverse("tickets:list"), {"status": "bogus"}).context["tickets"]) == 2

    def test_searches_by_text_and_by_reference(self, cast, as_user):
        paypal = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, subject="PayPal refund")
        other = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, subject="Shipping zones")
        client = as_user(cast.alice)
        assert list(client.get(reverse("tickets:list"), {"q": "paypal"}).context["tickets"]) == [paypal]
        assert list(client.get(reverse("tickets:list"), {"q": other.reference}).context["tickets"]) == [other]

    def test_keyset_pagination_walks_every_ticket_once(self, cast, as_user):
        made = factories.TicketFactory.create_batch(30, merchant=cast.alpine, requester=cast.alice)
        client = as_user(cast.alice)
        first = client.get(reverse("tickets:list"))
        second = client.get(reverse("tickets:list"), {"before": first.context["next_before"]})
        assert len(first.context["tickets"]) == 25 and second.context["next_before"] is None
        assert f"before={first.context['next_before']}" in first.content.decode()
        seen = [t.pk for t in [*first.context["tickets"], *second.context["tickets"]]]
        assert seen == sorted((t.pk for t in made), reverse=True)

    @pytest.mark.parametrize("who", ["alice", "agent"])
    def test_the_list_costs_the_same_number_of_queries_for_5_and_25_tickets(self, cast, as_user, who):
        client = as_user(getattr(cast, who))

        def queries_for_page() -> int:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse("tickets:list")).status_code == 200
            return len(ctx.captured_queries)

        queue = factories.QueueFactory(slug="technical")
        factories.TicketFactory.create_batch(
            5, merchant=cast.alpine, requester=cast.alice, queue=queue, assignee=cast.agent
        )
        five = queries_for_page()
        factories.TicketFactory.create_batch(
            20, merchant=cast.alpine, requester=cast.amir, queue=queue, assignee=cast.supervisor
        )
        assert queries_for_page() == five

    def test_expired_licence_merchant_reads_old_tickets_and_is_told_about_the_licence(self, cast, as_user):
        old = factories.TicketFactory(merchant=cast.coastal, requester=cast.carla, subject="Wax melts")
        client = as_user(cast.carla)
        listing = client.get(reverse("tickets:list")).content.decode()
        assert "Wax melts" in listing and "needs an active licence" in listing
        assert client.get(reverse("tickets:detail", args=[old.pk])).status_code == 200


class TestNewTicket:
    def test_merchant_opens_a_ticket_with_attachments(self, cast, as_user):
        response = as_user(cast.alice).post(
            reverse("tickets:new"),
            {
                "subject": "Checkout fails",
                "body": "Steps:\n\n1. add to cart",
                "attachments": [png(), text_file()],
            },
        )
        ticket = Ticket.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("tickets:detail", args=[ticket.pk])
        assert ticket.channel == "web" and ticket.attachments.count() == 2
        assert "<ol>" in ticket.body_html

    def test_confirms_the_reference_after_submitting(self, cast, as_user):
        response = as_user(cast.alice).post(reverse("tickets:new"), {"subject": "Hi", "body": "Help"}, follow=True)
        assert f"Your ticket {Ticket.objects.get().reference} has been received" in response.content.decode()

    def test_merchant_with_an_expired_licence_is_told_plainly_and_gets_no_form(self, cast, as_user):
        client = as_user(cast.carla)
        page = client.get(reverse("tickets:new"))
        assert page.status_code == 403
        assert "opening a new ticket needs an active licence" in page.content.decode()
        assert 'name="subject"' not in page.content.decode()
        posted = client.post(reverse("tickets:new"), {"subject": "Hi", "body": "Help"})
        assert posted.status_code == 403 and not Ticket.objects.exists()

    def test_staff_are_sent_to_the_ticket_list(self, cast, as_user):
        assert as_user(cast.agent).get(reverse("tickets:new"))["Location"] == reverse("tickets:list")

    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            ({"subject": "", "body": "Help"}, "subject", "required"),
            ({"subject": "Hi", "body": "x" * (1024 * 1024)}, "body", "At most 50,000 characters"),
            ({"subject": "Hi", "body": "Help", "attachments": [exe()]}, "attachments", "not accepted"),
            (
                {"subject": "Hi", "body": "Help", "attachments": [png(), huge_png()]},
                "attachments",
                "larger than 10 MB",
            ),
        ],
        ids=["empty-subject", "1mb-body", "exe", "30mb-file"],
    )
    def test_bad_input_is_a_form_error_on_its_field_and_nothing_is_saved(self, cast, as_user, data, field, message):
        before = stored_files()
        response = as_user(cast.alice).post(reverse("tickets:new"), data)
        assert response.status_code == 400
        assert message in " ".join(response.context["form"].errors[field])
        assert not Ticket.objects.exists() and not Attachment.objects.exists()
        assert stored_files() == before

    def test_invalid_utf8_in_a_multipart_field_is_a_form_error_on_that_field(self, cast, as_user):
        body = (
            b'--B\r\nContent-Disposition: form-data; name="subject"\r\n\r\nCaf\xe9 \xff\r\n'
            b'--B\r\nContent-Disposition: form-data; name="body"\r\n\r\nHelp\r\n--B--\r\n'
        )
        response = as_user(cast.alice).generic(
            "POST", reverse("tickets:new"), body, content_type="multipart/form-data; boundary=B"
        )
        assert "not valid UTF-8" in " ".join(response.context["form"].errors["subject"])
        assert not Ticket.objects.exists()


class TestTicketPage:
    def test_merchant_sees_the_thread_without_internal_notes_or_their_files(self, cast, as_user, ticket):
        html = as_user(cast.alice).get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
        assert "Pay button dead" in html and "Public answer" in html and "fix.txt" in html
        assert "Secret note" not in html and "secret-note.txt" not in html and "Internal note" not in html

    def test_agent_sees_notes_and_the_history(self, cast, as_user, ticket):
        response = as_user(cast.agent).get(reverse("tickets:detail", args=[ticket.pk]), follow=True)
        html = response.content.decode()
        assert response.redirect_chain == [(reverse("desk:ticket", args=[ticket.pk]), 302)]
        assert "Secret note" in html and "secret-note.txt" in html
        assert response.context["events"] and response.context["form"] is not None

    def test_message_markdown_is_shown_sanitised(self, cast, as_user, ticket):
        services.message_create(actor=cast.alice, ticket=ticket, body="**bold** <script>alert('x')</script>")
        html = as_user(cast.alice).get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
        assert "<strong>bold</strong>" in html and "<script>alert" not in html

    def test_merchant_reply_is_saved_and_reopens_a_pending_ticket(self, cast, as_user, ticket):
        response = as_user(cast.amir).post(
            reverse("tickets:reply", args=[ticket.pk]), {"body": "Version 7.2", "attachments": [png()]}
        )
        assert response.status_code == 302
        reply = ticket.messages.last()
        assert (reply.author, reply.body, reply.attachments.count()) == (cast.amir, "Version 7.2", 1)
        assert Ticket.objects.get().status == S.OPEN

    def test_merchant_cannot_slip_in_an_internal_note(self, cast, as_user, ticket):
        as_user(cast.alice).post(reverse("tickets:reply", args=[ticket.pk]), {"body": "hi", "internal": "on"})
        assert ticket.messages.last().kind == Message.Kind.REPLY

    def test_an_empty_reply_is_a_form_error(self, cast, as_user, ticket):
        response = as_user(cast.alice).post(reverse("tickets:reply", args=[ticket.pk]), {"body": ""})
        assert response.status_code == 400 and "body" in response.context["reply_form"].errors
        assert ticket.messages.count() == 2

    def test_a_bad_reply_attachment_saves_nothing(self, cast, as_user, ticket):
        before = stored_files()
        response = as_user(cast.alice).post(
            reverse("tickets:reply", args=[ticket.pk]), {"body": "see file", "attachments": [exe()]}
        )
        assert response.status_code == 400 and "attachments" in response.context["reply_form"].errors
        assert ticket.messages.count() == 2 and stored_files() == before

    def test_staff_posting_here_are_sent_to_the_desk_page_and_nothing_is_written(self, cast, as_user, ticket):
        before = ticket.messages.count()
        response = as_user(cast.agent).post(reverse("tickets:reply", args=[ticket.pk]), {"body": "ping dev"})
        assert response.status_code == 302 and response.url == reverse("desk:ticket", args=[ticket.pk])
        assert ticket.messages.count() == before

    def test_merchant_closes_and_reopens_the_ticket(self, cast, as_user, ticket):
        client = as_user(cast.alice)
        client.post(reverse("tickets:status", args=[ticket.pk]), {"status": "closed"})
        assert Ticket.objects.get().status == S.CLOSED
        page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
        assert "Reopen ticket" in page
        client.post(reverse("tickets:status", args=[ticket.pk]), {"status": "open"})
        assert Ticket.objects.get().status == S.OPEN

    def test_merchant_cannot_set_other_statuses(self, cast, as_user, ticket):
        response = as_user(cast.alice).post(
            reverse("tickets:status", args=[ticket.pk]), {"status": "resolved"}, follow=True
        )
        assert Ticket.objects.get().status == S.PENDING
        assert "close or reopen" in response.content.decode()


class TestAttachmentDownload:
    def test_is_served_as_a_download_with_nosniff(self, cast, as_user, ticket):
        response = as_user(cast.alice).get(page_urls(ticket)["attachment"][1])
        assert response.status_code == 200
        assert (
            response["Content-Disposition"].startswith("attachment;") and "shot.png" in response["Content-Disposition"]
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")

    def test_merchant_cannot_download_the_file_of_an_internal_note(self, cast, as_user, ticket):
        url = reverse("tickets:attachment", args=[ticket.pk, attachment(ticket, "secret-note.txt").pk])
        assert as_user(cast.alice).get(url).status_code == 404
        assert as_user(cast.agent).get(url).status_code == 200

    def test_files_are_stored_outside_the_web_root_and_not_served_by_path(self, cast, as_user, settings, ticket):
        stored = attachment(ticket, "shot.png").file
        assert stored.storage.location == settings.STORAGES["attachments"]["OPTIONS"]["location"]
        for public in (settings.BASE_DIR, settings.STATIC_ROOT, settings.MEDIA_ROOT or settings.BASE_DIR):
            assert not stored.path.startswith(str(public))
        assert as_user(cast.alice).get("/" + stored.name).status_code == 404
