from mailin.models import InboundMessage
from mailin.services import inbound_store
from mailin.tasks import process_inbound
from tickets.models import Ticket

from .mail import eml


def test_process_task_is_safe_to_run_twice(cast):
    row = inbound_store(raw=eml("gmail_new.eml"), source="pipe").inbound
    assert process_inbound.apply(kwargs={"inbound_id": row.pk}).get() == "ticket_created"
    assert process_inbound.apply(kwargs={"inbound_id": row.pk}).get() == "skipped"
    assert Ticket.objects.count() == 1


def test_stale_received_mail_is_processed_by_the_poll_task(cast, settings):
    from datetime import timedelta

    from django.utils import timezone

    from mailin.tasks import poll_imap

    settings.IMAP_URL = ""
    row = inbound_store(raw=eml("gmail_new.eml"), source="pipe").inbound
    InboundMessage.objects.filter(pk=row.pk).update(received_at=timezone.now() - timedelta(hours=1))
    poll_imap.apply()
    assert InboundMessage.objects.get(pk=row.pk).status == "ticket_created"


def test_a_stored_mail_is_queued_through_the_outbox(cast):
    from core.models import OutboxTask

    row = inbound_store(raw=eml("gmail_new.eml"), source="pipe").inbound
    assert OutboxTask.objects.filter(task_name="mailin.process_inbound", kwargs={"inbound_id": row.pk}).exists()
