"""Two deliveries of one mail at the same moment (MTA retry, two pollers): one ticket."""

import threading

import pytest
from django.db import connection

from mailin.models import InboundMessage
from mailin.services import inbound_process, inbound_store
from tickets.models import Ticket

from .mail import eml

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(work, count: int = 2) -> list:
    barrier = threading.Barrier(count)
    results: list = []
    errors: list = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(work())
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    return results


def test_the_same_mail_delivered_twice_at_once_makes_one_ticket(cast):
    raw = eml("gmail_new.eml")
    # Stored and committed in each thread; the outbox then runs the processing task in-process.
    _at_once(lambda: inbound_store(raw=raw, source="pipe").new)
    assert Ticket.objects.count() == 1
    statuses = sorted(InboundMessage.objects.values_list("status", flat=True))
    assert statuses == ["dropped_duplicate", "ticket_created"]


def test_two_workers_processing_one_mail_at_once_make_one_ticket(cast, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from unittest import mock

    with mock.patch("core.outbox.dispatch"):  # no processing on commit: the two workers below do it
        row = inbound_store(raw=eml("gmail_new.eml"), source="pipe").inbound
    _at_once(lambda: inbound_process(inbound_id=row.pk))
    assert Ticket.objects.count() == 1
    assert InboundMessage.objects.get(pk=row.pk).status == "ticket_created"


def test_a_mail_only_referenced_by_a_concurrent_duplicate_is_still_processed(cast):
    """A duplicate's foreign key locks the original FOR KEY SHARE; that must not look like "in progress"."""
    from unittest import mock

    from django.db import connections, transaction

    with mock.patch("core.outbox.dispatch"):
        row = inbound_store(raw=eml("gmail_new.eml"), source="pipe").inbound
    locked, release = threading.Event(), threading.Event()

    def hold_key_share() -> None:
        try:
            with transaction.atomic(), connections["default"].cursor() as cursor:
                cursor.execute("SELECT id FROM mailin_inboundmessage WHERE id = %s FOR KEY SHARE", [row.pk])
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_key_share)
    holder.start()
    assert locked.wait(10)
    try:
        assert inbound_process(inbound_id=row.pk).status == "ticket_created"
    finally:
        release.set()
        holder.join(10)
