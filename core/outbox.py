"""Transactional outbox: enqueue Celery tasks so that a committed change always gets its work done."""

import logging
from datetime import timedelta
from typing import Any

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboxTask

logger = logging.getLogger(__name__)
SWEEP_AFTER = timedelta(seconds=30)


def enqueue(task_name: str, **kwargs: Any) -> OutboxTask:
    """Record the task in the current transaction; send it to the broker once that commits."""
    row = OutboxTask.objects.create(task_name=task_name, kwargs=kwargs)
    transaction.on_commit(lambda: dispatch(row.pk))
    return row


def _registered(task_name: str) -> Any:
    if task_name not in current_app.tasks:
        current_app.loader.import_default_modules()  # autodiscovery is lazy outside a worker
    return current_app.tasks[task_name]


def dispatch(row_id: int) -> bool:
    """Send one recorded task. Claimed with a conditional UPDATE, so two sweepers never both send it."""
    claimed = OutboxTask.objects.filter(pk=row_id, dispatched_at__isnull=True).update(
        dispatched_at=timezone.now(), attempts=F("attempts") + 1)
    if not claimed:
        return False
    row = OutboxTask.objects.get(pk=row_id)
    try:
        if current_app.conf.task_always_eager:  # the embedded default: run it here and now
            _registered(row.task_name).apply(kwargs=row.kwargs)
        else:
            current_app.send_task(row.task_name, kwargs=row.kwargs)
    except Exception as exc:  # noqa: BLE001 - broker down: leave it for the sweep
        logger.warning("Could not dispatch outbox task %s (%s): %s", row.pk, row.task_name, exc)
        OutboxTask.objects.filter(pk=row_id).update(dispatched_at=None, last_error=str(exc)[:2000])
        return False
    return True


def sweep(*, older_than: timedelta = SWEEP_AFTER, limit: int = 500) -> int:
    """Dispatch what was recorded but never sent (the broker was down, or the process died)."""
    cutoff = timezone.now() - older_than
    pending = OutboxTask.objects.filter(dispatched_at__isnull=True, created_at__lt=cutoff).order_by("id")
    return sum(dispatch(row_id) for row_id in pending.values_list("id", flat=True)[:limit])
