from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import autoreply, imap, services

TRANSIENT = (OperationalError, InterfaceError, OSError)


@shared_task(name="mailin.process_inbound", acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True,
             retry_kwargs={"max_retries": 8}, time_limit=120)
def process_inbound(inbound_id: int) -> str:
    row = services.inbound_process(inbound_id=inbound_id)
    return row.status if row else "skipped"


@shared_task(name="mailin.send_auto_reply", acks_late=True, autoretry_for=(OSError,), retry_backoff=True,
             retry_kwargs={"max_retries": 8}, time_limit=60)
def send_auto_reply(auto_reply_id: int) -> bool:
    return autoreply.send(auto_reply_id=auto_reply_id)


@shared_task(name="mailin.poll_imap", acks_late=True, time_limit=300, soft_time_limit=270)
def poll_imap() -> int:
    """Beat runs this every minute; nothing to do unless IMAP_URL is set. Also picks up mail
    stored but never processed (a worker died before the outbox dispatched it)."""
    services.process_stale()
    config = imap.configured()
    return imap.poll(config) if config else 0
