"""Polling a real IMAP server (Dovecot, started by the `dovecot` fixture)."""

import imaplib
import threading

import pytest
from django.db import connection

from mailin import imap
from mailin.models import InboundMessage
from mailin.tasks import poll_imap
from tests import services
from tickets.models import Ticket

from . import dovecot as dovecot_server
from .mail import compose, eml


@pytest.fixture(scope="session")
def dovecot():
    if dovecot_server.DOVECOT is None:
        reason = "Dovecot is not installed (apt-get install dovecot-imapd)"
        if services.required():
            pytest.fail(f"IXXO_REQUIRE_SERVICES=1 but: {reason}")
        pytest.skip(reason)
    server, process = dovecot_server.start()
    yield server
    dovecot_server.stop(server, process)


@pytest.fixture
def mailbox(dovecot):
    """An authenticated IMAP connection to an empty INBOX (and an empty Processed folder)."""
    conn = imaplib.IMAP4(dovecot.host, dovecot.port)
    conn.login(dovecot_server.USER, dovecot_server.PASSWORD)
    for folder in ("INBOX", "Processed"):
        conn.create(folder)
        _, count = conn.select(folder)
        if int(count[0]):
            conn.store("1:*", "+FLAGS.SILENT", r"(\Deleted)")
            conn.expunge()
    conn.select("INBOX")
    yield conn
    conn.logout()


def _append(conn: imaplib.IMAP4, *mails: bytes) -> None:
    for raw in mails:
        conn.append("INBOX", None, None, raw)


def _flags(conn: imaplib.IMAP4) -> list[bytes]:
    conn.select("INBOX")
    _, data = conn.fetch("1:*", "(FLAGS)")
    return [item for item in data if item]


def test_poll_stores_unseen_mail_once_and_flags_it_seen(cast, dovecot, mailbox,
                                                        django_capture_on_commit_callbacks):
    _append(mailbox, eml("gmail_new.eml"), eml("html_only.eml"))
    config = imap.parse_imap_url(dovecot.url)
    with django_capture_on_commit_callbacks(execute=True):
        assert imap.poll(config) == 2
    assert Ticket.objects.count() == 2
    assert all(b"\\Seen" in flags for flags in _flags(mailbox))
    assert imap.poll(config) == 0
    refs = sorted(InboundMessage.objects.values_list("source_ref", flat=True))
    assert refs[0].startswith("imap:support@127.0.0.1/INBOX:") and refs[0].endswith(":1")


def test_a_mail_stored_but_not_flagged_is_not_imported_again(cast, dovecot, mailbox):
    _append(mailbox, compose())
    config = imap.parse_imap_url(dovecot.url)
    imap.poll(config)
    mailbox.select("INBOX")
    mailbox.store("1", "-FLAGS.SILENT", r"(\Seen)")  # as if the poller died before flagging it
    assert imap.poll(config) == 0
    assert InboundMessage.objects.count() == 1
    assert all(b"\\Seen" in flags for flags in _flags(mailbox))


def test_poll_can_move_stored_mail_to_a_folder(cast, dovecot, mailbox):
    _append(mailbox, compose())
    imap.poll(imap.parse_imap_url(dovecot.url, move_to="Processed"))
    mailbox.select("INBOX")
    assert mailbox.search(None, "ALL")[1] == [b""]
    mailbox.select("Processed")
    assert len(mailbox.search(None, "ALL")[1][0].split()) == 1


@pytest.mark.django_db(transaction=True)
def test_two_pollers_at_once_never_import_one_mail_twice(cast, dovecot, mailbox):
    _append(mailbox, *(compose(message_id=f"<poll-{n}@example.com>", subject=f"Mail {n}") for n in range(6)))
    config = imap.parse_imap_url(dovecot.url)
    barrier = threading.Barrier(2)
    counts: list[int] = []

    def poller() -> None:
        try:
            barrier.wait()
            counts.append(imap.poll(config))
        finally:
            connection.close()

    threads = [threading.Thread(target=poller) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(counts) == 6
    assert InboundMessage.objects.count() == 6
    assert Ticket.objects.count() == 6


def test_poll_task_does_nothing_without_imap_url(db, settings):
    settings.IMAP_URL = ""
    assert poll_imap.apply().get() == 0


def test_poll_task_polls_the_configured_mailbox(cast, dovecot, mailbox, settings):
    settings.IMAP_URL = dovecot.url
    _append(mailbox, compose())
    assert poll_imap.apply().get() == 1


def test_wrong_password_is_an_error_not_a_silent_skip(db, dovecot):
    config = imap.parse_imap_url(dovecot.url.replace(dovecot_server.PASSWORD, "wrong"))
    with pytest.raises(imaplib.IMAP4.error):
        imap.poll(config)


def test_imap_url_forms():
    config = imap.parse_imap_url("imaps://support%40shop.example:s%3Acret@mail.example.com/Support%20Inbox")
    assert (config.user, config.password, config.host, config.port, config.folder, config.tls) == (
        "support@shop.example", "s:cret", "mail.example.com", 993, "Support Inbox", True)
    assert imap.parse_imap_url("imap://u:p@h?starttls=1").starttls
    assert imap.parse_imap_url("imap://u:p@h").port == 143


def test_a_bad_imap_url_fails_the_system_check(settings):
    from mailin.checks import check_imap_url

    settings.IMAP_URL = "https://mail.example.com"
    assert [error.id for error in check_imap_url()] == ["mailin.E001"]
    settings.IMAP_URL = "imaps://u:p@mail.example.com/INBOX"
    assert check_imap_url() == []
