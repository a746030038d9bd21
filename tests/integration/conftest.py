"""A real Celery worker against the real Redis (db 10) and the pytest-django test database.

One worker per session (`celery_worker`); tests are transactional so the worker sees their
committed rows; the `cast` fixture seeds the queues, rules and taxonomy again after each flush.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import redis

from tests import factories

ROOT = Path(__file__).resolve().parents[2]
REDIS_DB_URL = os.environ.get("IXXO_ITEST_REDIS_URL", "redis://127.0.0.1:6379/10")
CLOSED_PORT_URL = "redis://127.0.0.1:1/0"

pytestmark = pytest.mark.redis


def wait_for(predicate: Callable[[], object], *, timeout: float = 30, every: float = 0.05) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {predicate}")


def use_broker(url: str) -> None:
    """Point this (test) process's Celery producer at `url`, dropping pooled connections."""
    from kombu import pools

    from ixxo_support.celery import app

    pools.reset()  # close and forget pooled connections (kombu keys its pools by URL)
    app.conf.update(broker_url=url, task_always_eager=False, broker_connection_timeout=1,
                    broker_connection_retry=False, broker_connection_max_retries=0, task_publish_retry=False)
    app._after_fork()  # forget the producer pools built for the previous URL


@pytest.fixture(scope="session")
def redis_db() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_DB_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"Redis does not answer at {REDIS_DB_URL}")
    client.flushdb()
    return client


@pytest.fixture(scope="package")
def celery_worker(django_db_setup, django_db_blocker, redis_db) -> Iterator[SimpleNamespace]:  # noqa: ANN001
    """Start `celery -A tests.integration.worker_app worker` on the test database; stop it when the
    integration tests are done, so that it holds no connection while later tests flush the tables."""
    from django.db import connection

    mail_dir = Path(tempfile.mkdtemp(prefix="ixxo-itest-mail-"))
    log_path = Path(tempfile.mkstemp(prefix="ixxo-itest-worker-", suffix=".log")[1])
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ixxo_support.settings.dev", "DEBUG": "0",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
           "REDIS_URL": REDIS_DB_URL, "EMAIL_URL": f"file://{mail_dir}", "DB_CONN_MAX_AGE": "60",
           "LOG_LEVEL": "INFO",
           # The worker outlives each test's tables (flushed and seeded again with new ids).
           "ROUTING_CACHE_SECONDS": "0"}
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tests.integration.worker_app", "worker", "--pool=prefork",
         "--concurrency=4", "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", "itest@%h",
         "--loglevel=INFO"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(lambda: "ready." in log_path.read_text() or process.poll() is not None, timeout=60)
        if process.poll() is not None:
            raise RuntimeError(f"The Celery worker exited:\n{log_path.read_text()[-3000:]}")
        yield SimpleNamespace(process=process, mail_dir=mail_dir, log=log_path, redis=redis_db)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
        from ixxo_support.celery import app

        app.conf.update(task_always_eager=True)


@pytest.fixture
def worker(celery_worker, transactional_db, redis_db) -> Iterator[SimpleNamespace]:  # noqa: ANN001
    """The session's worker, for one transactional test; idle again when the test ends."""
    use_broker(REDIS_DB_URL)
    yield celery_worker
    # Let in-flight tasks finish before the tables are flushed under them.
    wait_for(lambda: not redis_db.llen("celery") and not redis_db.hlen("unacked"), timeout=30)
    for key in redis_db.scan_iter("ixxo:fault:*"):
        redis_db.delete(key)
    from ixxo_support.celery import app

    app.conf.update(task_always_eager=True)  # every other test runs its tasks in-process


def mails_sent(mail_dir: Path) -> list[str]:
    """The e-mails the worker wrote (file backend): one entry per message."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        messages += [part for part in path.read_text().split("-" * 79) if "Subject:" in part]
    return messages


@pytest.fixture
def on_duty(cast):  # noqa: ANN001
    """Anna works the technical queue around the clock; the queue assigns least-loaded."""
    from routing.models import AgentProfile, QueueRouting, Shift
    from tickets.models import Queue

    anna = factories.StaffFactory(username="anna", role="agent")
    profile = AgentProfile.objects.create(user=anna, time_zone="UTC")
    Shift.objects.bulk_create([Shift(profile=profile, weekday=d, starts=dt.time(0), ends=dt.time(0))
                               for d in range(7)])
    queue = Queue.objects.get(slug="technical")
    queue.agents.add(anna)
    QueueRouting.objects.update_or_create(queue=queue, defaults={"mode": QueueRouting.Mode.LEAST_LOADED})
    return anna
