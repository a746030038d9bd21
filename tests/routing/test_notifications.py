"""The e-mails of the routing issue: sent once each, from the template triplets, threaded by Reply-To."""

from django.core import mail

from routing.route import ticket_route
from tickets.models import Notification, Ticket
from tickets.services import message_create, ticket_change_status, ticket_create
from tickets.tasks import notify

BUG = ("Checkout error 500", "Since the update the checkout shows an error 500 and orders fail. Looks like a bug.")


def subjects() -> list[str]:
    return [m.subject for m in mail.outbox]


def test_an_agent_reply_mails_the_merchant_once_with_the_reply(cast, django_capture_on_commit_callbacks):
    ticket = ticket_create(actor=cast.alice, subject="Export", body="How do I export my orders?")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = message_create(actor=cast.agent, ticket=ticket, body="Go to Orders, then Export.")
    assert len(mail.outbox) == 1  # the reply; no separate "waiting for you"
    sent = mail.outbox[0]
    assert "New reply" in sent.subject and "Go to Orders, then Export." in sent.body
    assert sent.to == [cast.alice.email] and sent.reply_to == [f"support+{ticket.reference.lower()}@ixxo.example"]
    assert "text/html" in sent.alternatives[0].mimetype
    assert not notify(ticket.pk, "agent-replied", f"message-{message.pk}")  # a second delivery: no e-mail


def test_status_changes_mail_waiting_and_resolved(cast, django_capture_on_commit_callbacks):
    ticket = ticket_create(actor=cast.alice, subject="Export", body="How do I export my orders?")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_change_status(actor=cast.agent, ticket=ticket, status=Ticket.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_change_status(actor=cast.agent, ticket=ticket, status=Ticket.Status.RESOLVED)
    assert ["Waiting for your reply" in s for s in subjects()] == [True, False]
    assert "Resolved" in subjects()[1]


def test_a_reply_that_asks_something_restricted_gets_the_explanation(cast, django_capture_on_commit_callbacks):
    ticket = ticket_create(actor=cast.alice, subject="Export", body="How do I export my orders?")
    Ticket.objects.filter(pk=ticket.pk).update(needs_review=False)  # as if an agent had confirmed it
    ticket.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message_create(actor=cast.alice, ticket=ticket,
                       body="Please write custom JavaScript code for my product page. I need a JavaScript slider.")
    ticket.refresh_from_db()
    assert ticket.scope_verdict in ("restricted", "mixed")
    restricted = [m for m in mail.outbox if "scope of your request" in m.subject]
    assert len(restricted) == 1 and "What you can do instead" in restricted[0].body


def test_no_restricted_mail_on_the_classifiers_guess(cast, django_capture_on_commit_callbacks):
    ticket = ticket_create(actor=cast.alice, subject="Export", body="How do I export my orders?")
    Ticket.objects.filter(pk=ticket.pk).update(needs_review=True)  # the classifier was unsure
    ticket.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message_create(actor=cast.alice, ticket=ticket,
                       body="Please write custom JavaScript code for my product page. I need a JavaScript slider.")
    assert not [m for m in mail.outbox if "scope of your request" in m.subject]


def test_the_assigned_agent_is_told_once(cast, django_capture_on_commit_callbacks, make_agent, auto_assign):
    auto_assign()
    anna = make_agent("anna")
    ticket = ticket_create(actor=cast.alice, subject=BUG[0], body=BUG[1])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_route(ticket_id=ticket.pk)
    assert [m.to for m in mail.outbox if "Assigned to you" in m.subject] == [[anna.email]]
    assert Notification.objects.filter(ticket=ticket, kind="assigned").count() == 1


def test_routing_sends_received_and_assigned_in_one_task_each_once(cast, django_capture_on_commit_callbacks,
                                                                   make_agent, auto_assign):
    from core.models import OutboxTask
    from tickets.tasks import notify_routed

    auto_assign()
    anna = make_agent("anna")
    ticket = ticket_create(actor=cast.alice, subject=BUG[0], body=BUG[1])
    assert not mail.outbox  # the received e-mail waits for routing, which enqueues both
    with django_capture_on_commit_callbacks(execute=True):
        ticket_route(ticket_id=ticket.pk)
    rows = OutboxTask.objects.filter(task_name="tickets.notify_routed", kwargs__ticket_id=ticket.pk)
    assert [row.kwargs["assignee_id"] for row in rows] == [anna.pk]
    received = [m for m in mail.outbox if "We received your request" in m.subject]
    assigned = [m for m in mail.outbox if "Assigned to you" in m.subject]
    assert [m.to for m in received] == [[cast.alice.email]] and [m.to for m in assigned] == [[anna.email]]
    assert notify_routed(ticket_id=ticket.pk, assignee_id=anna.pk) == 0  # delivered twice: one effect
    assert len(mail.outbox) == 2
    assert set(Notification.objects.filter(ticket=ticket).values_list("kind", flat=True)) == {
        "ticket-received", "assigned"}
    assert not Notification.objects.filter(ticket=ticket, sent_at__isnull=True).exists()


def test_in_a_worker_routing_hands_the_ticket_to_its_e_mails(cast, django_capture_on_commit_callbacks, make_agent,
                                                             auto_assign, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import outbox

    monkeypatch.setattr(outbox, "_in_worker_task", lambda: True)  # run in-process, as in a worker
    auto_assign()
    anna = make_agent("anna")
    ticket = ticket_create(actor=cast.alice, subject=BUG[0], body=BUG[1])
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        ticket_route(ticket_id=ticket.pk)
    assigned = [m for m in mail.outbox if "Assigned to you" in m.subject]
    assert [m.to for m in mail.outbox if "We received your request" in m.subject] == [[cast.alice.email]]
    assert [m.to for m in assigned] == [[anna.email]] and ticket.reference in assigned[0].body
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "tickets_ticket"."id"')]
    assert len(reads) == 1  # the routing's locked read; the e-mails use that ticket
