from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from tests import factories
from tickets import selectors
from tickets.models import Attachment, Message, Ticket

pytestmark = pytest.mark.django_db
S = Ticket.Status


@pytest.fixture
def tickets(cast):
    """One ticket for each merchant of the cast; Alpine's sits in a queue."""
    queue = factories.QueueFactory(slug="technical")
    queue.agents.add(cast.agent)
    return {
        "alpine": factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, queue=queue),
        "bergamo": factories.TicketFactory(merchant=cast.bergamo, requester=cast.bruno),
        "coastal": factories.TicketFactory(merchant=cast.coastal, requester=cast.carla),
    }


def visible(user) -> set[int]:
    return set(selectors.tickets_visible_to(user).values_list("pk", flat=True))


class TestTicketsVisibleTo:
    def test_merchant_user_sees_every_ticket_of_their_merchant_and_nothing_else(self, cast, tickets):
        assert visible(cast.alice) == visible(cast.amir) == {tickets["alpine"].pk}
        assert visible(cast.bruno) == {tickets["bergamo"].pk}

    def test_merchant_user_sees_tickets_opened_by_a_colleague(self, cast, tickets):
        by_amir = factories.TicketFactory(merchant=cast.alpine, requester=cast.amir)
        assert by_amir.pk in visible(cast.alice)

    def test_merchant_with_an_expired_licence_still_sees_their_old_tickets(self, cast, tickets):
        assert visible(cast.carla) == {tickets["coastal"].pk}

    @pytest.mark.parametrize("who", ["agent", "supervisor", "admin"])
    def test_staff_see_every_ticket(self, cast, tickets, who):
        assert visible(getattr(cast, who)) == {t.pk for t in tickets.values()}

    def test_agent_restricted_to_queues_sees_only_their_queues(self, cast, tickets):
        cast.agent.restrict_to_queues = True
        assert visible(cast.agent) == {tickets["alpine"].pk}

    def test_agent_restricted_to_queues_without_queues_sees_nothing(self, cast, tickets):
        loner = factories.StaffFactory(username="loner", restrict_to_queues=True)
        assert visible(loner) == set()

    def test_anonymous_user_sees_nothing(self, tickets):
        assert visible(AnonymousUser()) == set()

    def test_user_without_merchant_or_role_sees_nothing(self, tickets):
        nobody = factories.StaffFactory(username="nobody")
        nobody.groups.clear()
        assert visible(nobody) == set()


class TestTicketGet:
    def test_returns_a_ticket_the_user_may_see(self, cast, tickets):
        assert selectors.ticket_get(user=cast.amir, ticket_id=tickets["alpine"].pk) == tickets["alpine"]

    def test_merchant_cannot_read_another_merchants_ticket(self, cast, tickets):
        with pytest.raises(Http404):
            selectors.ticket_get(user=cast.alice, ticket_id=tickets["bergamo"].pk)

    def test_restricted_agent_cannot_read_a_ticket_outside_their_queues(self, cast, tickets):
        cast.agent.restrict_to_queues = True
        with pytest.raises(Http404):
            selectors.ticket_get(user=cast.agent, ticket_id=tickets["bergamo"].pk)

    def test_a_missing_ticket_is_a_404(self, cast):
        with pytest.raises(Http404):
            selectors.ticket_get(user=cast.admin, ticket_id=999_999)


class TestMessagesAndAttachments:
    @pytest.fixture
    def thread(self, cast, tickets):
        ticket = tickets["alpine"]
        reply = factories.MessageFactory(ticket=ticket, author=cast.agent)
        note = factories.MessageFactory(ticket=ticket, author=cast.agent, kind=Message.Kind.NOTE)
        note_file = Attachment.objects.create(
            ticket=ticket,
            message=note,
            uploaded_by=cast.agent,
            file="x/n.txt",
            original_name="n.txt",
            content_type="text/plain",
            size=1,
            sha256="0",
        )
        reply_file = Attachment.objects.create(
            ticket=ticket,
            message=reply,
            uploaded_by=cast.agent,
            file="x/r.txt",
            original_name="r.txt",
            content_type="text/plain",
            size=1,
            sha256="0",
        )
        return ticket, reply, note, note_file, reply_file

    def test_merchant_never_sees_internal_notes(self, cast, thread):
        ticket, reply, *_ = thread
        assert list(selectors.messages_visible_to(user=cast.alice, ticket=ticket)) == [reply]

    def test_staff_see_replies_and_notes(self, cast, thread):
        ticket, reply, note, *_ = thread
        assert list(selectors.messages_visible_to(user=cast.agent, ticket=ticket)) == [reply, note]

    def test_merchant_cannot_get_an_attachment_of_an_internal_note(self, cast, thread):
        ticket, _, _, note_file, reply_file = thread
        assert selectors.attachment_get(user=cast.alice, ticket_id=ticket.pk, attachment_id=reply_file.pk) == reply_file
        with pytest.raises(Http404):
            selectors.attachment_get(user=cast.alice, ticket_id=ticket.pk, attachment_id=note_file.pk)

    def test_staff_get_the_attachment_of_an_internal_note(self, cast, thread):
        ticket, _, _, note_file, _ = thread
        assert selectors.attachment_get(user=cast.agent, ticket_id=ticket.pk, attachment_id=note_file.pk) == note_file

    def test_an_attachment_is_found_only_through_its_own_ticket(self, cast, thread, tickets):
        _, _, _, _, reply_file = thread
        other = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice)
        with pytest.raises(Http404):
            selectors.attachment_get(user=cast.alice, ticket_id=other.pk, attachment_id=reply_file.pk)

    def test_another_merchant_cannot_get_the_attachment(self, cast, thread):
        ticket, _, _, _, reply_file = thread
        with pytest.raises(Http404):
            selectors.attachment_get(user=cast.bruno, ticket_id=ticket.pk, attachment_id=reply_file.pk)


class TestTicketSearch:
    def search(self, cast, **filters) -> list[Ticket]:
        queryset = selectors.tickets_visible_to(cast.alice)
        return list(selectors.ticket_search(queryset, selectors.TicketFilters(**filters)).order_by("pk"))

    def test_filters_by_status(self, cast):
        pending = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, status=S.PENDING)
        factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, status=S.CLOSED)
        assert self.search(cast, status=S.PENDING) == [pending]

    def test_open_only_keeps_unsolved_tickets(self, cast):
        kept = [
            factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, status=s)
            for s in (S.NEW, S.OPEN, S.PENDING, S.ON_HOLD)
        ]
        for status in (S.RESOLVED, S.CLOSED):
            factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, status=status)
        assert self.search(cast, open_only=True) == kept

    def test_searches_subject_and_body_case_insensitively(self, cast):
        by_subject = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, subject="PayPal refund")
        by_body = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, body="paypal says no")
        factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, subject="Shipping")
        assert self.search(cast, search="paypal") == [by_subject, by_body]

    def test_finds_a_ticket_by_its_reference(self, cast):
        ticket = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice)
        factories.TicketFactory(merchant=cast.alpine, requester=cast.alice)
        assert self.search(cast, search=ticket.reference.lower()) == [ticket]

    def test_searching_for_another_merchants_reference_finds_nothing(self, cast):
        other = factories.TicketFactory(merchant=cast.bergamo, requester=cast.bruno)
        assert self.search(cast, search=other.reference) == []

    def test_a_reference_too_large_for_an_id_finds_nothing_instead_of_failing(self, cast):
        factories.TicketFactory(merchant=cast.alpine, requester=cast.alice)
        assert self.search(cast, search="IXXO-99999999999999999999999") == []

    def test_filters_by_priority_queue_and_created_range(self, cast):
        queue = factories.QueueFactory(slug="technical")
        now = timezone.now()
        match = factories.TicketFactory(
            merchant=cast.alpine,
            requester=cast.alice,
            priority=4,
            queue=queue,
            created_at=now - timedelta(days=2),
        )
        factories.TicketFactory(
            merchant=cast.alpine,
            requester=cast.alice,
            priority=4,
            queue=queue,
            created_at=now - timedelta(days=10),
        )
        factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, priority=2, queue=queue)
        found = self.search(
            cast, priority=4, queue_id=queue.pk, created_after=now - timedelta(days=5), created_before=now
        )
        assert found == [match]


class TestTicketPage:
    def test_pages_run_newest_first_without_gaps_or_repeats(self, cast):
        made = factories.TicketFactory.create_batch(7, merchant=cast.alpine, requester=cast.alice)
        queryset = selectors.tickets_visible_to(cast.alice)
        seen, before = [], None
        for _ in range(4):
            rows, before = selectors.ticket_page(queryset, before_id=before, size=3)
            seen += rows
            if before is None:
                break
        assert [t.pk for t in seen] == sorted((t.pk for t in made), reverse=True)

    def test_the_last_page_has_no_continuation(self, cast):
        factories.TicketFactory.create_batch(3, merchant=cast.alpine, requester=cast.alice)
        rows, before = selectors.ticket_page(selectors.tickets_visible_to(cast.alice), before_id=None, size=3)
        assert len(rows) == 3 and before is None
