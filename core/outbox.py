"""Transactional outbox: enqueue Celery tasks so that a committed change always gets its work done.

A row per task is written in the caller's transaction and sent to the broker once that commits;
the periodic sweep sends what is left (broker down, process killed between commit and send).
Inside `batched()` the rows of one change are written with one INSERT and sent together."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from celery import current_app
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboxTask

logger = logging.getLogger(__name__)
SWEEP_AFTER = timedelta(seconds=30)
_batch: ContextVar[list[OutboxTask] | None] = ContextVar("outbox_batch", default=None)


def enqueue(task_name: str, **kwargs: Any) -> OutboxTask:
    """Record the task in the current transaction; send it to the broker once that commits."""
    return _record(OutboxTask(task_name=task_name, kwargs=kwargs))


def enqueue_here(task_name: str, *, local: dict[str, Any] | None = None, **kwargs: Any) -> OutboxTask:
    """Like `enqueue`, but when called from a task running in a worker, the task is run in this
    process right after the commit instead of going through the broker (one task hop less).
    `local` are extra arguments for that in-process run only (objects the caller holds already,
    saving the task a read); they are not recorded, so the task must do without them.

    The guarantee is the same: the row is marked dispatched only once the task has run; if this
    process dies first, the sweep sends it (tasks are safe to run twice); if it raises, it is sent
    to the broker, where the task's own retries take over. Elsewhere it is a plain `enqueue`."""
    row = OutboxTask(task_name=task_name, kwargs=kwargs)
    row.run_here = _in_worker_task()  # type: ignore[attr-defined]
    row.local = local or {}  # type: ignore[attr-defined]
    return _record(row)


def _in_worker_task() -> bool:
    from celery import current_task

    task = current_task._get_current_object()  # a proxy: None outside a task
    return bool(task is not None and not task.request.is_eager and not current_app.conf.task_always_eager)


def _record(row: OutboxTask) -> OutboxTask:
    batch = _batch.get()
    if batch is not None:
        batch.append(row)  # written by batched() on its way out, still inside the transaction
        return row
    row.save(force_insert=True)
    if getattr(row, "run_here", False):
        _after_commit([row])
    else:
        transaction.on_commit(lambda: dispatch(row.pk))
    return row


def _after_commit(rows: list[OutboxTask]) -> None:
    here = [(row.pk, row.task_name, {**row.kwargs, **row.local}) for row in rows if getattr(row, "run_here", False)]
    sent = [row.pk for row in rows if not getattr(row, "run_here", False)]
    if sent:
        transaction.on_commit(lambda: dispatch_many(sent))
    if here:
        transaction.on_commit(lambda: run_here(here))


def run_here(rows: list[tuple[int, str, dict]]) -> int:
    """Run recorded tasks in this process (see `enqueue_here`); returns how many ran."""
    done = 0
    for pk, task_name, kwargs in rows:
        try:
            _registered(task_name).run(**kwargs)
        except Exception as exc:  # noqa: BLE001 - the broker and the task's retries take over
            logger.warning("Outbox task %s (%s) failed in-process, sending it to the broker: %s", pk, task_name, exc)
            try:
                dispatch(pk)
            except Exception:  # noqa: BLE001 - database down too: the row is left for the sweep
                logger.exception("Could not dispatch outbox task %s; left for the sweep", pk)
            continue
        OutboxTask.objects.filter(pk=pk, dispatched_at__isnull=True).update(
            dispatched_at=timezone.now(), attempts=F("attempts") + 1)
        done += 1
    return done


@contextmanager
def batched() -> Iterator[None]:
    """Tasks enqueued inside are written with one INSERT at the end of the block (inside the
    caller's transaction: the guarantee is unchanged) and sent with one claim after commit.
    Nothing is written if the block fails."""
    if _batch.get() is not None:
        yield
        return
    batch: list[OutboxTask] = []
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    if batch:
        OutboxTask.objects.bulk_create(batch)
        _after_commit(batch)


def _registered(task_name: str) -> Any:
    if task_name not in current_app.tasks:
        current_app.loader.import_default_modules()  # autodiscovery is lazy outside a worker
    return current_app.tasks[task_name]


def _claim(row_ids: list[int]) -> list[tuple[int, str, dict]]:
    """Mark the rows dispatched, in one UPDATE ... RETURNING; a row claimed already (by a sweeper)
    is not returned, so two dispatchers never both send it."""
    table = OutboxTask._meta.db_table
    marks = ", ".join(["%s"] * len(row_ids))
    sql = (f"UPDATE {table} SET dispatched_at = %s, attempts = attempts + 1 "  # noqa: S608 - fixed names
           f"WHERE id IN ({marks}) AND dispatched_at IS NULL RETURNING id, task_name, kwargs")
    field = OutboxTask._meta.get_field("kwargs")
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(timezone.now()), *row_ids])
        rows = cursor.fetchall()
    return sorted((pk, name, field.from_db_value(kwargs, None, connection)) for pk, name, kwargs in rows)


def dispatch_many(row_ids: list[int]) -> int:
    """Send recorded tasks (one claim, one broker connection); returns how many were sent. What
    could not be sent (broker down) is released again for the sweep."""
    if not row_ids:
        return 0
    claimed = _claim(list(row_ids))
    sent = 0
    try:
        if current_app.conf.task_always_eager:  # the embedded default: run them here and now
            for _, task_name, kwargs in claimed:
                _registered(task_name).apply(kwargs=kwargs)
                sent += 1
        else:
            with current_app.producer_or_acquire() as producer:
                for _, task_name, kwargs in claimed:
                    current_app.send_task(task_name, kwargs=kwargs, producer=producer)
                    sent += 1
    except Exception as exc:  # noqa: BLE001 - broker down: leave the rest for the sweep
        unsent = [pk for pk, *_ in claimed[sent:]]
        logger.warning("Could not dispatch outbox tasks %s: %s", unsent, exc)
        OutboxTask.objects.filter(pk__in=unsent).update(dispatched_at=None, last_error=str(exc)[:2000])
    return sent


def dispatch(row_id: int) -> bool:
    """Send one recorded task. Claimed with a conditional UPDATE, so two sweepers never both send it."""
    return dispatch_many([row_id]) == 1


def dispatch_pending(*, task_name: str, **match: Any) -> int:
    """Send now the undispatched rows of `task_name` whose kwargs contain `match` (a redelivered
    task whose in-process follow-up died with the worker need not wait for the sweep). Cheap:
    only undispatched rows are looked at (partial index)."""
    keys = {f"kwargs__{key}": value for key, value in match.items()}  # key lookups: SQLite has no @>
    pending = OutboxTask.objects.filter(dispatched_at__isnull=True, task_name=task_name, **keys)
    return dispatch_many(list(pending.values_list("id", flat=True)))


def sweep(*, older_than: timedelta = SWEEP_AFTER, limit: int = 500) -> int:
    """Dispatch what was recorded but never sent (the broker was down, or the process died)."""
    cutoff = timezone.now() - older_than
    pending = OutboxTask.objects.filter(dispatched_at__isnull=True, created_at__lt=cutoff).order_by("id")
    return sum(dispatch(row_id) for row_id in pending.values_list("id", flat=True)[:limit])
