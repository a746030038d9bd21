from unittest import mock

import pytest
from django.core import mail as outbox_mail

from mailin import autoreply
from mailin.models import AutoReply, InboundMessage
from mailin.services import inbound_process, inbound_reprocess, inbound_store
from mailin.threads import outgoing_message_id
from tickets.models import Attachment, Message, Ticket
from tickets.services import ticket_create

from .mail import compose, deliver, eml

S = InboundMessage.Status


@pytest.fixture
def vat_ticket(cast):
    """A ticket opened by e-mail (gmail_new.eml), so later mail can thread to it."""
    return deliver(eml("gmail_new.eml")).ticket


def test_mail_from_a_merchant_user_opens_a_ticket_for_that_user(cast):
    row = deliver(eml("gmail_new.eml"))
    assert row.status == S.TICKET_CREATED
    ticket = row.ticket
    assert (ticket.merchant, ticket.requester, ticket.channel) == (cast.alpine, cast.alice, "email")
    assert ticket.subject == "Checkout shows the wrong VAT rate"
    assert ticket.body.endswith("have a look?")
    assert "Bergstraße" not in ticket.body


def test_the_raw_mail_is_kept_for_agents(cast):
    raw = eml("gmail_new.eml")
    assert bytes(deliver(raw).raw) == raw


def test_mail_from_a_merchants_contact_address_is_opened_for_its_first_owner(cast):
    row = deliver(compose(sender="Front Desk <alpine@example.com>", subject="Shipping rules"))
    assert row.ticket.requester == cast.alice


def test_a_non_ascii_mail_opens_a_ticket_with_the_right_characters(cast):
    ticket = deliver(eml("windows1252_new.eml")).ticket
    assert ticket.subject == "Preise „auf Anfrage“"
    assert "über 100 €" in ticket.body


def test_html_only_mail_opens_a_ticket_with_its_text(cast):
    ticket = deliver(eml("html_only.eml")).ticket
    assert ticket.requester == cast.bruno
    assert "the gallery is empty" in ticket.body and "<p" not in ticket.body


def test_a_forwarded_chain_opens_a_ticket_with_the_forwarded_text(cast):
    ticket = deliver(eml("forwarded_chain.eml")).ticket
    assert ticket.requester == cast.amir
    assert "order 5531 never arrived" in ticket.body


def test_reply_threads_by_plus_address_without_quotes(cast, vat_ticket):
    row = deliver(eml("gmail_reply.eml", ticket=vat_ticket, **{"[IXXO-": "[XX-"}))
    assert (row.status, row.ticket) == (S.REPLY_ADDED, vat_ticket)
    assert row.reply.body == "It happens only for customers who log in; guests get 20 %."
    assert row.reply.author == cast.alice
    assert row.reply.channel == "email"
    assert row.reply.email_message_id == "<CAF3k2x-reply-7Hq2mB9@mail.gmail.com>"


def test_reply_threads_by_subject_reference(cast):
    ticket = ticket_create(actor=cast.bruno, subject="Invoice PDF is empty", body="The PDF is empty.")
    row = deliver(eml("outlook_reply.eml", ticket=ticket))
    assert (row.status, row.ticket) == (S.REPLY_ADDED, ticket)
    assert row.reply.body.endswith("the same with the “Print” button.")
    assert "From: IXXO Support" not in row.reply.body


def test_german_outlook_reply_threads_and_loses_quote_and_signature(cast):
    ticket = ticket_create(actor=cast.amir, subject="Gutschein doppelt abgezogen", body="Gutschein!")
    row = deliver(eml("outlook_de_reply.eml", ticket=ticket))
    assert row.reply.body.endswith("Ich habe Screenshots an die Bestellung gehängt.")


def test_reply_threads_by_in_reply_to_the_first_mail(cast, vat_ticket):
    row = deliver(eml("apple_mail_reply.eml"))
    assert (row.status, row.ticket) == (S.REPLY_ADDED, vat_ticket)
    assert row.reply.body.startswith("One more detail")


def test_reply_threads_by_in_reply_to_an_outgoing_message_id(cast, vat_ticket):
    reply_to = outgoing_message_id(vat_ticket)
    row = deliver(compose(subject="Re: your answer", headers=f"In-Reply-To: {reply_to}", body="Still broken."))
    assert row.ticket == vat_ticket


def test_a_reference_to_another_merchants_ticket_opens_a_new_ticket_instead(cast, vat_ticket):
    raw = compose(sender="bruno@example.com", subject=f"[{vat_ticket.reference}] hello", body="Sneaky.")
    row = deliver(raw)
    assert row.status == S.TICKET_CREATED
    assert row.ticket.merchant == cast.bergamo
    assert row.ticket.subject == "hello"
    assert not vat_ticket.messages.exists()


def test_staff_can_answer_by_e_mail(cast, vat_ticket):
    cast.agent.email = "agent@ixxo.example"
    cast.agent.save()
    row = deliver(compose(sender="agent@ixxo.example", subject=f"Re: [{vat_ticket.reference}]", body="Fixed."))
    assert row.reply.author == cast.agent


def test_unknown_sender_gets_one_polite_auto_reply_and_no_ticket(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = deliver(eml("unknown_sender.eml"))
        deliver(compose(sender="someone@elsewhere.example", message_id="<stranger-2@elsewhere.example>"))
    assert row.status == S.DROPPED_UNKNOWN_SENDER
    assert not Ticket.objects.exists()
    assert [m.to for m in outbox_mail.outbox] == [["someone@elsewhere.example"]]
    sent = outbox_mail.outbox[0]
    assert sent.extra_headers["Auto-Submitted"] == "auto-replied"
    assert sent.extra_headers["In-Reply-To"] == "<stranger-1@elsewhere.example>"
    assert "could not match your e-mail address" in sent.body
    assert AutoReply.objects.count() == 1


def test_auto_replies_stop_at_the_hourly_cap(cast, settings):
    settings.MAILIN_AUTO_REPLY_MAX_PER_HOUR = 2
    for n in range(4):
        deliver(compose(sender=f"stranger{n}@elsewhere.example", message_id=f"<s{n}@elsewhere.example>"))
    assert AutoReply.objects.count() == 2


def test_auto_reply_is_sent_once_even_when_the_task_runs_twice(cast):
    row = deliver(eml("unknown_sender.eml"))
    reply = row.auto_replies.get()
    assert autoreply.send(auto_reply_id=reply.pk) is True
    assert autoreply.send(auto_reply_id=reply.pk) is False
    assert len(outbox_mail.outbox) == 1


@pytest.mark.parametrize("fixture", ["bounce_dsn.eml", "vacation_autoreply.eml", "outlook_ooo.eml",
                                     "mailing_list.eml", "own_notification.eml"])
def test_automatic_mail_is_dropped_without_ticket_reply_or_answer(cast, vat_ticket, fixture):
    row = deliver(eml(fixture, ticket=vat_ticket))
    assert row.status.startswith("dropped_")
    assert row.note
    assert not vat_ticket.messages.exists()
    assert Ticket.objects.count() == 1
    assert not AutoReply.objects.exists()


def test_expired_licence_new_mail_is_kept_and_answered_politely(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = deliver(compose(sender="carla@example.com", subject="Candles"))
    assert row.status == S.LICENCE_REFUSED
    assert not Ticket.objects.filter(merchant=cast.coastal).exists()
    assert "New tickets need an active IXXO licence" in outbox_mail.outbox[0].body
    assert "Coastal Candles" in outbox_mail.outbox[0].body


def test_expired_licence_replies_to_existing_tickets_still_thread_in(cast):
    from tests.factories import TicketFactory

    old = TicketFactory(merchant=cast.coastal, requester=cast.carla)
    row = deliver(compose(sender="carla@example.com", to=f"support+{old.reference.lower()}@ixxo.example",
                          subject="Re: old", body="Thanks, one more question."))
    assert (row.status, row.ticket) == (S.REPLY_ADDED, old)


def test_renewed_licence_mail_can_be_reprocessed_into_a_ticket(cast):
    row = deliver(compose(sender="carla@example.com", subject="Candles"))
    cast.coastal.licence_status = "active"
    cast.coastal.save()
    assert inbound_reprocess(inbound=row).status == S.TICKET_CREATED


def test_attachments_are_kept_and_a_refused_file_is_noted_not_lost(cast):
    row = deliver(eml("attachments.eml"))
    assert row.status == S.TICKET_CREATED
    names = sorted(Attachment.objects.filter(ticket=row.ticket).values_list("original_name", flat=True))
    assert names == ["Rechnung März.pdf", "coupon-page.png"]
    assert "setup.exe" in row.note
    assert "“setup.exe”: files of this type are not accepted" in row.ticket.body


def test_more_attachments_than_one_upload_takes_are_all_kept(cast, settings):
    settings.ATTACHMENT_MAX_PER_UPLOAD = 1
    row = deliver(eml("attachments.eml"))
    assert Attachment.objects.filter(ticket=row.ticket).count() == 2


def test_reply_with_only_an_attachment_gets_a_placeholder_text(cast, vat_ticket):
    raw = eml("attachments.eml").replace(b"Here are a screenshot, the invoice and the installer our agency sent us.",
                                         b"").replace(b"Subject: Screenshots", f"Subject: [{vat_ticket.reference}]"
                                                      .encode())
    row = deliver(raw)
    assert row.reply.body.startswith("(This e-mail has no text; see the attached files.)")
    assert row.reply.attachments.count() == 2


def test_the_same_message_id_twice_makes_one_ticket_and_records_the_duplicate(cast):
    first = deliver(eml("gmail_new.eml"))
    second = deliver(eml("gmail_new.eml", **{"Delivered-To": "X-Delivered-To"}))
    assert Ticket.objects.count() == 1
    assert (second.status, second.duplicate_of) == (S.DROPPED_DUPLICATE, first)


def test_a_mail_without_message_id_delivered_twice_makes_one_ticket(cast):
    deliver(compose(message_id=None))
    deliver(compose(message_id=None))
    assert Ticket.objects.count() == 1


def test_processing_twice_makes_one_ticket(cast):
    stored = inbound_store(raw=eml("gmail_new.eml"), source="pipe")
    inbound_process(inbound_id=stored.inbound.pk)
    assert inbound_process(inbound_id=stored.inbound.pk) is None
    assert Ticket.objects.count() == 1


def test_the_same_source_is_stored_once(cast):
    one = inbound_store(raw=eml("gmail_new.eml"), source="imap", source_ref="imap:x:1:7")
    two = inbound_store(raw=eml("gmail_new.eml"), source="imap", source_ref="imap:x:1:7")
    assert (one.new, two.new, two.inbound) == (True, False, one.inbound)


def test_a_reply_already_on_the_ticket_is_not_added_again(cast, vat_ticket):
    Message.objects.create(ticket=vat_ticket, author=cast.alice, body="x",
                           email_message_id="<CAF3k2x-reply-7Hq2mB9@mail.gmail.com>")
    row = deliver(eml("gmail_reply.eml", ticket=vat_ticket))
    assert row.status == S.DROPPED_DUPLICATE
    assert vat_ticket.messages.count() == 1


def test_a_failure_keeps_the_mail_as_failed_and_reprocessing_recovers_it(cast):
    with mock.patch("mailin.services.ticket_create", side_effect=ValueError("boom")):
        row = deliver(eml("gmail_new.eml"))
    assert (row.status, row.note) == (S.FAILED, "ValueError: boom")
    assert not Ticket.objects.exists()
    assert inbound_reprocess(inbound=row).status == S.TICKET_CREATED


def test_a_mail_that_made_a_ticket_is_never_reprocessed(cast):
    row = deliver(eml("gmail_new.eml"))
    assert inbound_reprocess(inbound=row) is None
    assert Ticket.objects.count() == 1


def test_unknown_sender_added_as_user_later_can_be_reprocessed(cast):
    from tests.factories import MerchantUserFactory

    row = deliver(eml("unknown_sender.eml"))
    MerchantUserFactory(username="someone", email="someone@elsewhere.example", merchant=cast.bergamo)
    assert inbound_reprocess(inbound=row).ticket.merchant == cast.bergamo
