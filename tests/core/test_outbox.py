"""The outbox: rows written in the caller's transaction, sent after commit, left for the sweep on failure."""

from datetime import timedelta

import pytest
from django.db import transaction

from core import outbox
from core.models import OutboxTask
from ixxo_support.celery import app


@pytest.fixture
def broker(monkeypatch):  # noqa: ANN001
    """A broker that records what it is sent, and fails from the `fail_from`-th message on."""

    class Broker:
        sent: list[tuple[str, dict]] = []
        fail_from: int | None = None

        def send_task(self, name: str, kwargs: dict, **options: object) -> None:
            if self.fail_from is not None and len(self.sent) + 1 >= self.fail_from:
                raise ConnectionError("broker down")
            self.sent.append((name, kwargs))

    fake = Broker()
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setattr(app, "send_task", fake.send_task)
    return fake


def test_a_batch_is_written_in_the_transaction_and_sent_after_commit(db, broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with outbox.batched():
            outbox.enqueue("a.task", ticket_id=1)
            outbox.enqueue("b.task", ticket_id=1, kind="x")
            assert not OutboxTask.objects.exists()  # written once, at the end of the block
        assert OutboxTask.objects.filter(dispatched_at__isnull=True).count() == 2
        assert broker.sent == []  # nothing leaves before the commit
    assert broker.sent == [("a.task", {"ticket_id": 1}), ("b.task", {"ticket_id": 1, "kind": "x"})]
    assert not OutboxTask.objects.filter(dispatched_at__isnull=True).exists()


def test_a_failed_block_records_nothing(db, broker):
    with pytest.raises(RuntimeError), transaction.atomic(), outbox.batched():
        outbox.enqueue("a.task", ticket_id=1)
        raise RuntimeError("the change failed")
    assert not OutboxTask.objects.exists()


def test_when_the_broker_fails_midway_the_rest_is_left_for_the_sweep(db, broker, django_capture_on_commit_callbacks):
    broker.fail_from = 2
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic(), outbox.batched():
        for n in range(3):
            outbox.enqueue("a.task", n=n)
    assert broker.sent == [("a.task", {"n": 0})]
    left = OutboxTask.objects.filter(dispatched_at__isnull=True).order_by("id")
    assert [row.kwargs["n"] for row in left] == [1, 2] and all("broker down" in row.last_error for row in left)
    broker.fail_from = None
    assert outbox.sweep(older_than=timedelta(0)) == 2
    assert broker.sent == [("a.task", {"n": 0}), ("a.task", {"n": 1}), ("a.task", {"n": 2})]


def test_a_row_claimed_by_someone_else_is_not_sent_twice(db, broker):
    rows = OutboxTask.objects.bulk_create([OutboxTask(task_name="a.task", kwargs={"n": n}) for n in range(2)])
    assert outbox.dispatch(rows[0].pk)  # a sweeper got there first
    assert outbox.dispatch_many([row.pk for row in rows]) == 1
    assert broker.sent == [("a.task", {"n": 0}), ("a.task", {"n": 1})]
    assert OutboxTask.objects.get(pk=rows[0].pk).attempts == 1


def _in_a_worker(monkeypatch, ran: list, *, fail: bool = False) -> None:  # noqa: ANN001
    """As if enqueue_here were called from a task running in a worker; `a.task` records its runs."""

    class Task:
        def run(self, **kwargs: object) -> None:
            ran.append(kwargs)
            if fail:
                raise OSError("SMTP down")

    monkeypatch.setattr(outbox, "_in_worker_task", lambda: True)
    monkeypatch.setattr(outbox, "_registered", lambda name: Task())


def test_enqueued_here_in_a_worker_it_runs_in_process_after_commit(db, broker, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    ran: list = []
    _in_a_worker(monkeypatch, ran)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic(), outbox.batched():
        outbox.enqueue_here("a.task", n=1)
        outbox.enqueue("b.task", n=2)
        assert ran == []  # nothing runs before the commit
    assert ran == [{"n": 1}] and broker.sent == [("b.task", {"n": 2})]
    assert not OutboxTask.objects.filter(dispatched_at__isnull=True).exists()


def test_enqueued_here_and_failing_it_goes_to_the_broker(db, broker, monkeypatch, django_capture_on_commit_callbacks):
    ran: list = []
    _in_a_worker(monkeypatch, ran, fail=True)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox.enqueue_here("a.task", n=1)
    assert ran == [{"n": 1}] and broker.sent == [("a.task", {"n": 1})]  # the task's own retries take over


def test_local_arguments_go_to_the_in_process_run_only(db, broker, monkeypatch, django_capture_on_commit_callbacks):
    ran: list = []
    _in_a_worker(monkeypatch, ran, fail=True)
    held = object()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        row = outbox.enqueue_here("a.task", n=1, local={"obj": held})
    assert ran == [{"n": 1, "obj": held}]
    assert OutboxTask.objects.get(pk=row.pk).kwargs == {"n": 1}  # not recorded: the broker gets the plain task
    assert broker.sent == [("a.task", {"n": 1})]


def test_enqueued_here_but_not_run_yet_the_sweep_sends_it(db, broker, monkeypatch):
    _in_a_worker(monkeypatch, [])
    with transaction.atomic():
        outbox.enqueue_here("a.task", n=1)  # the process dies before its on-commit run
    assert outbox.sweep(older_than=timedelta(0)) == 1
    assert broker.sent == [("a.task", {"n": 1})]


def test_enqueued_here_outside_a_worker_it_is_a_plain_enqueue(db, broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox.enqueue_here("a.task", n=1)  # e.g. a web request
    assert broker.sent == [("a.task", {"n": 1})]


def test_dispatch_pending_sends_the_undispatched_rows_of_one_ticket(db, broker):
    OutboxTask.objects.bulk_create([OutboxTask(task_name="a.task", kwargs={"ticket_id": n}) for n in (1, 2)]
                                   + [OutboxTask(task_name="b.task", kwargs={"ticket_id": 1})])
    assert outbox.dispatch_pending(task_name="a.task", ticket_id=1) == 1
    assert outbox.dispatch_pending(task_name="a.task", ticket_id=1) == 0  # sent already
    assert broker.sent == [("a.task", {"ticket_id": 1})]
