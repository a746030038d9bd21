"""Database connections in Celery workers.

Celery's Django fixup closes every connection before and after each task unless
CELERY_DB_REUSE_MAX is set; reconnecting per task halved the routing throughput measured in
bench/pipeline_latency.py. With reuse on, a connection that broke (PostgreSQL restarted, backend
terminated) must still be dropped at once, as Django does between requests: that is
close_old_connections (closes unusable connections and those older than CONN_MAX_AGE), run
around every task. The task that met the broken connection retries with backoff."""

from celery.signals import task_postrun, task_prerun


def _close_old_connections(*, task: object = None, **kwargs: object) -> None:
    if getattr(getattr(task, "request", None), "is_eager", False):
        return  # in-process (eager) tasks share the caller's connection and transaction
    from django.db import close_old_connections

    close_old_connections()


def connect() -> None:
    task_prerun.connect(_close_old_connections, weak=False, dispatch_uid="ixxo-db-prerun")
    task_postrun.connect(_close_old_connections, weak=False, dispatch_uid="ixxo-db-postrun")
