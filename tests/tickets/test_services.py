import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.tickets.files import exe, png, stored_files, text_file
from tickets import hooks, services
from tickets.models import Attachment, Message, Ticket, TicketEvent

pytestmark = pytest.mark.django_db
S = Ticket.Status


def new_ticket(cast, **kwargs) -> Ticket:
    return services.ticket_create(
        actor=kwargs.pop("actor", cast.alice),
        subject=kwargs.pop("subject", "Product variants"),
        body=kwargs.pop("body", "How do I add a **size** variant to a product?"),
        **kwargs,
    )


def status_events(ticket: Ticket) -> list[tuple[str, str]]:
    return [(e.data["old"], e.data["new"]) for e in ticket.events.filter(kind=TicketEvent.Kind.STATUS)]


class TestTicketCreate:
    def test_merchant_opens_a_ticket_for_their_own_store_as_requester(self, cast):
        ticket = new_ticket(cast)
        assert (ticket.merchant, ticket.requester, ticket.status) == (cast.alpine, cast.alice, S.NEW)

    def test_reference_is_ixxo_and_the_id_in_six_digits(self, cast):
        ticket = new_ticket(cast)
        assert re.fullmatch(r"IXXO-\d{6}", ticket.reference)
        assert Ticket.id_from_reference(ticket.reference) == ticket.pk
        assert Ticket(pk=123).reference == "IXXO-000123"

    def test_body_is_rendered_to_sanitised_html(self, cast):
        ticket = new_ticket(cast, body="**bold** <script>alert(1)</script> [x](javascript:alert(1))")
        assert "<strong>bold</strong>" in ticket.body_html
        assert "<script" not in ticket.body_html and "javascript:" not in ticket.body_html

    def test_creation_is_recorded_as_an_event(self, cast):
        ticket = new_ticket(cast)
        assert ticket.events.get(kind=TicketEvent.Kind.CREATED).actor == cast.alice

    def test_a_create_is_a_few_queries_with_one_insert_for_its_events_and_one_for_its_outbox_rows(self, cast):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from core.models import OutboxTask

        new_ticket(cast)  # loads the per-process caches (classifier rules, webhooks)
        with CaptureQueriesContext(connection) as ctx:
            ticket = new_ticket(cast, subject="Checkout error 500",
                                body="Since the update the checkout shows an error 500. Looks like a bug.")
        sql = [q["sql"] for q in ctx.captured_queries]
        assert sum(q.startswith('INSERT INTO "tickets_ticketevent"') for q in sql) == 1
        assert sum(q.startswith('INSERT INTO "core_outboxtask"') for q in sql) == 1
        assert not any("routing_ticketsla" in q for q in sql)  # the clocks are planned by the routing task
        assert len(sql) <= 10, "\n".join(sql)  # was 15: an INSERT per event and outbox row, 3 for the clocks
        # the same record as before: created, then the classifier's priority and verdict
        kinds = list(ticket.events.order_by("id").values_list("kind", flat=True))
        assert kinds == [TicketEvent.Kind.CREATED, TicketEvent.Kind.PRIORITY, TicketEvent.Kind.VERDICT]
        # the received e-mail is enqueued by the routing task, with the assigned one (one task for both)
        assert sorted(OutboxTask.objects.filter(kwargs__ticket_id=ticket.pk).values_list("task_name", flat=True)) == [
            "routing.route_ticket"]

    def test_attachments_are_stored_under_the_attachments_location(self, cast):
        before = stored_files()
        ticket = new_ticket(cast, uploads=[png(), text_file()])
        attachments = list(ticket.attachments.all())
        assert [a.original_name for a in attachments] == ["screenshot.png", "error.log"]
        assert {a.file.path for a in attachments} == stored_files() - before
        assert ticket.events.filter(kind=TicketEvent.Kind.ATTACHMENT).count() == 2

    def test_merchant_with_an_expired_licence_cannot_open_a_ticket(self, cast):
        with pytest.raises(services.LicenceInactive) as exc_info:
            new_ticket(cast, actor=cast.carla)
        assert exc_info.value.code == "licence_inactive" and exc_info.value.status_code == 403
        assert "active IXXO licence" in exc_info.value.message
        assert not Ticket.objects.exists()

    def test_merchant_cannot_open_a_ticket_for_another_merchant(self, cast):
        with pytest.raises(PermissionDenied):
            new_ticket(cast, merchant=cast.bergamo)

    def test_merchant_cannot_set_the_priority(self, cast):
        assert new_ticket(cast, priority=Ticket.Priority.URGENT).priority == Ticket.Priority.NORMAL

    def test_agent_opens_a_ticket_on_behalf_of_a_merchant(self, cast):
        ticket = new_ticket(
            cast,
            actor=cast.agent,
            merchant=cast.bergamo,
            channel=Ticket.Channel.PHONE,
            priority=Ticket.Priority.HIGH,
        )
        assert (ticket.requester, ticket.channel, ticket.priority) == (
            cast.bruno,
            "phone",
            Ticket.Priority.HIGH,
        )
        assert ticket.events.get(kind=TicketEvent.Kind.CREATED).actor == cast.agent

    def test_agent_must_name_the_merchant(self, cast):
        with pytest.raises(ValidationError) as exc_info:
            new_ticket(cast, actor=cast.agent)
        assert "merchant" in exc_info.value.message_dict

    def test_requester_must_belong_to_the_merchant(self, cast):
        with pytest.raises(ValidationError) as exc_info:
            new_ticket(cast, actor=cast.agent, merchant=cast.bergamo, requester=cast.alice)
        assert "requester" in exc_info.value.message_dict

    def test_a_user_who_is_neither_merchant_nor_staff_cannot_open_tickets(self, cast):
        outsider = factories.StaffFactory(username="outsider")
        outsider.groups.clear()
        with pytest.raises(PermissionDenied):
            new_ticket(cast, actor=outsider, merchant=cast.alpine)

    def test_every_invalid_field_is_reported_at_once_and_nothing_is_saved(self, cast):
        before = stored_files()
        with pytest.raises(ValidationError) as exc_info:
            new_ticket(cast, subject=" ", body="x" * 50_001, uploads=[png(), exe()])
        assert set(exc_info.value.message_dict) == {"subject", "body", "attachments"}
        assert not Ticket.objects.exists() and not Attachment.objects.exists() and not TicketEvent.objects.exists()
        assert stored_files() == before

    def test_too_many_files_at_once_are_refused(self, cast, settings):
        settings.ATTACHMENT_MAX_PER_UPLOAD = 2
        with pytest.raises(ValidationError) as exc_info:
            new_ticket(cast, uploads=[png("a.png"), png("b.png"), png("c.png")])
        assert "At most 2 files" in exc_info.value.message_dict["attachments"][0]

    def test_a_failure_after_files_were_written_removes_the_files_and_the_rows(self, cast, monkeypatch):
        def explode(ticket, **kwargs):
            raise RuntimeError("hook failed")

        monkeypatch.setattr(hooks, "ticket_created", explode)
        before = stored_files()
        with pytest.raises(RuntimeError):
            new_ticket(cast, uploads=[png()])
        assert not Ticket.objects.exists() and not Attachment.objects.exists()
        assert stored_files() == before


class TestTicketSetStatus:
    def test_a_change_is_saved_and_recorded_as_an_event(self, cast):
        ticket = new_ticket(cast)
        assert services.ticket_set_status(actor=cast.agent, ticket=ticket, status=S.OPEN) is True
        ticket.refresh_from_db()
        assert ticket.status == S.OPEN
        event = ticket.events.get(kind=TicketEvent.Kind.STATUS)
        assert (event.actor, event.data) == (cast.agent, {"old": "new", "new": "open"})

    def test_the_same_status_is_a_no_op_without_an_event(self, cast):
        ticket = new_ticket(cast)
        assert services.ticket_set_status(actor=cast.agent, ticket=ticket, status=S.NEW) is False
        assert status_events(ticket) == []

    def test_an_illegal_transition_raises_and_changes_nothing(self, cast):
        ticket = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, status=S.CLOSED)
        with pytest.raises(ValidationError) as exc_info:
            services.ticket_set_status(actor=cast.agent, ticket=ticket, status=S.PENDING)
        assert "cannot go from Closed to Pending merchant" in exc_info.value.message_dict["status"][0]
        ticket.refresh_from_db()
        assert ticket.status == S.CLOSED and status_events(ticket) == []

    def test_an_unknown_status_raises(self, cast):
        with pytest.raises(ValidationError):
            services.ticket_set_status(actor=cast.agent, ticket=new_ticket(cast), status="archived")

    def test_resolving_and_closing_stamp_the_times_and_reopening_clears_them(self, cast):
        ticket = new_ticket(cast)
        services.ticket_set_status(actor=cast.agent, ticket=ticket, status=S.RESOLVED)
        assert ticket.resolved_at is not None and ticket.closed_at is None
        services.ticket_set_status(actor=cast.alice, ticket=ticket, status=S.CLOSED)
        assert ticket.closed_at is not None
        services.ticket_set_status(actor=cast.alice, ticket=ticket, status=S.OPEN)
        ticket.refresh_from_db()
        assert ticket.resolved_at is None and ticket.closed_at is None
        assert status_events(ticket) == [("new", "resolved"), ("resolved", "closed"), ("closed", "open")]

    @pytest.mark.parametrize("target", [S.PENDING, S.ON_HOLD, S.RESOLVED])
    def test_merchant_can_only_close_or_reopen(self, cast, target):
        ticket = new_ticket(cast)
        with pytest.raises(PermissionDenied):
            services.ticket_set_status(actor=cast.alice, ticket=ticket, status=target)
        assert status_events(ticket) == []

    def test_merchant_closes_and_reopens_their_ticket(self, cast):
        ticket = new_ticket(cast)
        assert services.ticket_change_status(actor=cast.amir, ticket=ticket, status=S.CLOSED).status == S.CLOSED
        assert services.ticket_change_status(actor=cast.amir, ticket=ticket, status=S.OPEN).status == S.OPEN


class TestMessageCreate:
    @pytest.mark.parametrize("waiting", [S.PENDING, S.RESOLVED, S.CLOSED])
    def test_merchant_reply_reopens_a_ticket_that_waited_for_them_or_was_solved(self, cast, waiting):
        ticket = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, status=waiting)
        services.message_create(actor=cast.alice, ticket=ticket, body="It still fails.")
        assert ticket.status == S.OPEN
        assert status_events(ticket) == [(waiting, "open")]

    @pytest.mark.parametrize("status", [S.NEW, S.OPEN, S.ON_HOLD])
    def test_merchant_reply_leaves_other_statuses_alone(self, cast, status):
        ticket = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, status=status)
        services.message_create(actor=cast.alice, ticket=ticket, body="More detail.")
        assert ticket.status == status

    def test_agent_public_reply_sets_first_response_and_pending(self, cast):
        ticket = new_ticket(cast)
        message = services.message_create(actor=cast.agent, ticket=ticket, body="Which version do you run?")
        assert message.kind == Message.Kind.REPLY
        assert ticket.status == S.PENDING and ticket.first_response_at == message.created_at

    def test_a_later_agent_reply_keeps_the_first_response_time(self, cast):
        ticket = new_ticket(cast)
        first = services.message_create(actor=cast.agent, ticket=ticket, body="First answer.")
        services.message_create(actor=cast.supervisor, ticket=ticket, body="Second answer.")
        assert ticket.first_response_at == first.created_at

    def test_agent_reply_may_set_another_status(self, cast):
        ticket = new_ticket(cast)
        services.message_create(actor=cast.agent, ticket=ticket, body="Fixed.", status=S.RESOLVED)
        assert ticket.status == S.RESOLVED

    def test_internal_note_sets_neither_first_response_nor_status(self, cast):
        ticket = new_ticket(cast)
        note = services.message_create(actor=cast.agent, ticket=ticket, body="Merchant seems confused.", internal=True)
        assert note.is_internal and ticket.first_response_at is None and ticket.status == S.NEW
        assert ticket.events.filter(kind=TicketEvent.Kind.NOTE).count() == 1

    def test_merchant_cannot_write_an_internal_note(self, cast):
        with pytest.raises(PermissionDenied):
            services.message_create(actor=cast.alice, ticket=new_ticket(cast), body="psst", internal=True)
        assert not Message.objects.exists()

    def test_merchant_cannot_set_the_status_with_a_reply(self, cast):
        with pytest.raises(PermissionDenied):
            services.message_create(actor=cast.alice, ticket=new_ticket(cast), body="hi", status=S.RESOLVED)

    def test_message_body_is_rendered_and_sanitised(self, cast):
        message = services.message_create(
            actor=cast.alice, ticket=new_ticket(cast), body="Look: <img src=x onerror=alert(1)> `code`"
        )
        assert "<code>code</code>" in message.body_html and "onerror" not in message.body_html

    def test_attachments_belong_to_the_message(self, cast):
        ticket = new_ticket(cast)
        message = services.message_create(
            actor=cast.agent, ticket=ticket, body="See log", uploads=[text_file()], internal=True
        )
        assert list(message.attachments.values_list("ticket", flat=True)) == [ticket.pk]

    def test_a_bad_attachment_saves_no_message_and_no_file(self, cast):
        ticket = new_ticket(cast)
        before = stored_files()
        with pytest.raises(ValidationError):
            services.message_create(actor=cast.alice, ticket=ticket, body="see file", uploads=[png(), exe()])
        assert not Message.objects.exists() and not Attachment.objects.exists()
        assert stored_files() == before

    def test_an_empty_reply_is_refused(self, cast):
        with pytest.raises(ValidationError) as exc_info:
            services.message_create(actor=cast.alice, ticket=new_ticket(cast), body="   ")
        assert "body" in exc_info.value.message_dict


class TestTicketUpdate:
    def test_merchant_edits_subject_and_body_and_the_edit_is_recorded(self, cast):
        ticket = services.ticket_update(
            actor=cast.alice, ticket=new_ticket(cast), subject="Pay button broken", body="*still* broken"
        )
        assert ticket.subject == "Pay button broken" and ticket.body_html == "<p><em>still</em> broken</p>"
        event = ticket.events.get(kind=TicketEvent.Kind.FIELDS)
        assert event.data == {"subject": "Pay button broken", "body": True}

    @pytest.mark.parametrize("field", ["status", "priority", "queue", "assignee", "tags"])
    def test_merchant_cannot_change_staff_fields(self, cast, field):
        ticket = new_ticket(cast)
        with pytest.raises(ValidationError) as exc_info:
            services.ticket_update(actor=cast.alice, ticket=ticket, **{field: None})
        assert list(exc_info.value.message_dict) == [field]

    def test_agent_changes_priority_queue_assignee_tags_and_status_with_an_event_each(self, cast):
        queue = factories.QueueFactory(slug="technical")
        ticket = services.ticket_update(
            actor=cast.agent,
            ticket=new_ticket(cast),
            priority=Ticket.Priority.HIGH,
            queue=queue,
            assignee=cast.agent,
            tags=["Checkout", "bug"],
            status=S.OPEN,
        )
        assert (ticket.priority, ticket.queue, ticket.assignee, ticket.status) == (
            3,
            queue,
            cast.agent,
            S.OPEN,
        )
        assert sorted(ticket.tags.values_list("name", flat=True)) == ["bug", "checkout"]
        kinds = set(ticket.events.values_list("kind", flat=True))
        assert kinds >= {"priority", "queue", "assignee", "tags", "status"}

    def test_tickets_cannot_be_assigned_to_a_merchant_user(self, cast):
        with pytest.raises(ValidationError) as exc_info:
            services.ticket_update(actor=cast.agent, ticket=new_ticket(cast), assignee=cast.bruno)
        assert "assignee" in exc_info.value.message_dict

    def test_a_refused_status_rolls_back_the_other_changes(self, cast):
        ticket = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, status=S.CLOSED)
        with pytest.raises(ValidationError):
            services.ticket_update(actor=cast.agent, ticket=ticket, priority=Ticket.Priority.URGENT, status=S.PENDING)
        ticket.refresh_from_db()
        assert ticket.priority == Ticket.Priority.NORMAL and not ticket.events.exists()

    def test_an_empty_subject_is_refused(self, cast):
        ticket = new_ticket(cast)
        with pytest.raises(ValidationError):
            services.ticket_update(actor=cast.alice, ticket=ticket, subject="")
        ticket.refresh_from_db()
        assert ticket.subject == "Product variants"


class TestAttachmentAdd:
    def test_files_are_added_to_the_ticket_itself(self, cast):
        ticket = new_ticket(cast)
        stored = services.attachment_add(actor=cast.amir, ticket=ticket, uploads=[png()])
        assert [(a.message, a.uploaded_by, a.content_type) for a in stored] == [(None, cast.amir, "image/png")]

    def test_at_least_one_file_is_needed(self, cast):
        with pytest.raises(ValidationError) as exc_info:
            services.attachment_add(actor=cast.alice, ticket=new_ticket(cast), uploads=[])
        assert "attachments" in exc_info.value.message_dict

    def test_one_bad_file_stores_none_of_them(self, cast):
        ticket = new_ticket(cast)
        before = stored_files()
        with pytest.raises(ValidationError):
            services.attachment_add(actor=cast.alice, ticket=ticket, uploads=[png(), exe()])
        assert not Attachment.objects.exists() and stored_files() == before


def test_every_kind_of_event_reads_as_one_line(cast):
    ticket = services.ticket_create(actor=cast.alice, subject="Tags", body="Tag me")
    services.ticket_set_tags(actor=cast.agent, ticket=ticket, names=["checkout", "stripe"])
    services.ticket_update(actor=cast.agent, ticket=ticket, priority=Ticket.Priority.HIGH)
    summaries = [event.summary for event in ticket.events.all()]
    assert "Tags changed: checkout, stripe" in summaries
    assert "Priority changed: Normal → High" in summaries
