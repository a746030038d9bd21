from celery import shared_task

from . import outbox


@shared_task(name="core.sweep_outbox", acks_late=True, time_limit=120)
def sweep_outbox() -> int:
    return outbox.sweep()
