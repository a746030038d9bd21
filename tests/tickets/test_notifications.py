"""Outgoing e-mails about a ticket carry a Message-ID that threads a reply back by In-Reply-To."""

import pytest

from mailin.services import inbound_process, inbound_store
from tickets import services

pytestmark = pytest.mark.django_db


def test_a_reply_to_the_received_email_threads_back_by_in_reply_to(cast, mailoutbox,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.ticket_create(actor=cast.alice, subject="Tax rates", body="Where do I set tax rates?")
    sent = next(m for m in mailoutbox if ticket.reference in m.subject)
    message_id = sent.extra_headers["Message-ID"]
    assert ticket.reference.lower() in message_id
    raw = (f"From: {cast.alice.email}\r\nTo: support@ixxo.example\r\nSubject: Re: your question\r\n"
           f"Message-ID: <reply-1@mail.example>\r\nIn-Reply-To: {message_id}\r\n\r\n"
           "Thanks, found it under Settings.\r\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        stored = inbound_store(raw=raw, source="pipe")
        inbound_process(inbound_id=stored.inbound.pk)
    assert ticket.messages.filter(body__startswith="Thanks, found it").exists()
