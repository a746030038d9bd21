"""From the API's 201 to the ticket classified, routed and assigned by a running worker.

    .venv/bin/python bench/pipeline_latency.py [--rates 10 50] [--repeat 3] [--seconds 20] [--burst 5000]

gunicorn (2 workers) and a Celery worker (prefork, 4 processes) on the bench database
(`ixxo_bench_routing`) and Redis db 11. Merchants' POST /api/v1/tickets/ are sent at a fixed rate
by a few client threads; each 201's wall-clock time is compared with the RoutingDecision's
`routed_at` / `assigned_at` written by the worker (classification is synchronous: it is done at
201). Every queue auto-assigns least-loaded among agents on shift around the clock.

With --burst N, N tickets are also written at once (bulk insert plus one task each, a tenth
sent twice) and the time until all are routed, each exactly once, is measured.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ixxo_bench_routing")
from bench import common  # noqa: E402

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
BODIES = [
    ("Checkout error 500", "Since the update the checkout shows an error 500 and orders fail. Looks like a bug."),
    ("Export orders", "How do I export my orders to CSV from the admin?"),
    ("FTP upload stops", "The FTP upload of my catalogue stops halfway through, the connection drops."),
    ("Licence transfer", "How do I move my licence key to a new server?"),
]


def prepare_staff(agents: int = 4) -> list[str]:
    """Agents on shift around the clock in every queue; queues auto-assign; merchant tokens."""
    from datetime import time as clock

    from rest_framework.authtoken.models import Token

    from accounts.models import Merchant
    from routing.models import AgentProfile, QueueRouting, Shift
    from tests import factories
    from tickets.models import Queue, Ticket

    # Earlier runs leave their tickets open and assigned to the bench agents: close them, so that
    # every run starts from the same load and the least-loaded count costs the same each time.
    Ticket.objects.filter(assignee__username__startswith="bench-agent-",
                          status__in=Ticket.OPEN_STATUSES).update(status=Ticket.Status.CLOSED)
    for n in range(agents):
        user = factories.StaffFactory(username=f"bench-agent-{n}", role="agent")
        profile, created = AgentProfile.objects.get_or_create(user=user, defaults={
            "max_open_tickets": 30_000, "time_zone": "UTC"})
        if created:
            Shift.objects.bulk_create([Shift(profile=profile, weekday=d, starts=clock(0), ends=clock(0))
                                       for d in range(7)])
        for queue in Queue.objects.all():
            queue.agents.add(user)
    QueueRouting.objects.update(mode=QueueRouting.Mode.LEAST_LOADED)
    tokens = []
    for n in range(8):
        merchant = (Merchant.objects.filter(licence_key=f"PIPE-{n:04d}-BENCH").first()
                    or factories.MerchantFactory(name=f"Pipeline Store {n}", licence_key=f"PIPE-{n:04d}-BENCH"))
        user = factories.MerchantUserFactory(username=f"pipeline-{n}", merchant=merchant)
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
    return tokens


@contextlib.contextmanager
def celery_worker(env: dict[str, str], concurrency: int):  # noqa: ANN201
    log = open(Path("/tmp") / f"ixxo-bench-worker-{os.getpid()}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "ixxo_support", "worker", "--pool=prefork",
                             f"--concurrency={concurrency}", "--without-gossip", "--without-mingle",
                             "--without-heartbeat", "-n", f"bench{os.getpid()}@%h", "--loglevel=WARNING"],
                            cwd=common.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        time.sleep(6)  # the prefork pool needs a few seconds to import Django in every process
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def post_at_rate(port: int, tokens: list[str], *, rate: float, seconds: float, threads: int = 8) -> dict[int, float]:
    """POST tickets at `rate` per second; returns {ticket id: wall-clock time of the 201}."""
    created: dict[int, float] = {}
    errors: list[str] = []
    start = time.time() + 0.5
    total = int(rate * seconds)
    lock = threading.Lock()
    counter = iter(range(total))

    def client() -> None:
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            delay = start + n / rate - time.time()
            if delay > 0:
                time.sleep(delay)
            subject, body = BODIES[n % len(BODIES)]
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/tickets/", method="POST",
                data=json.dumps({"subject": f"{subject} #{n}", "body": body}).encode(),
                headers={"Authorization": f"Token {tokens[n % len(tokens)]}", "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    ticket_id = json.loads(response.read())["id"]
                    created[ticket_id] = time.time()
            except Exception as exc:  # noqa: BLE001
                errors.append(str(exc))

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if errors:
        print(f"{len(errors)} requests failed, e.g. {errors[0]}")
    return created


def wait_routed(ids: list[int], timeout: float = 300) -> dict[int, tuple[datetime, datetime | None]]:
    from routing.models import RoutingDecision

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = dict((d.ticket_id, (d.routed_at, d.assigned_at))
                    for d in RoutingDecision.objects.filter(ticket_id__in=ids))
        if len(rows) == len(ids) and all(a for _, a in rows.values()):
            return rows
        time.sleep(0.5)
    return rows


def burst(count: int) -> dict:
    from ixxo_support.celery import app
    from routing.models import RoutingDecision
    from tickets.models import Ticket, TicketEvent

    merchant_ticket = Ticket.objects.filter(subject__startswith="Export orders").first()
    tickets = Ticket.objects.bulk_create([
        Ticket(merchant_id=merchant_ticket.merchant_id, requester_id=merchant_ticket.requester_id,
               subject=f"Burst {n}", body="How do I export my orders?", scope_verdict="in_scope",
               scope_topics=["software_issue"] if n % 3 == 0 else ["functionality"]) for n in range(count)])
    ids = [t.pk for t in tickets]
    started = time.time()
    with app.producer_or_acquire() as producer:
        for ticket_id in ids + ids[: count // 10]:
            app.send_task("routing.route_ticket", kwargs={"ticket_id": ticket_id}, producer=producer)
    deadline = time.monotonic() + 1800
    while RoutingDecision.objects.filter(ticket_id__in=ids).count() < count and time.monotonic() < deadline:
        time.sleep(1)
    elapsed = time.time() - started
    time.sleep(5)  # let the duplicates run too
    decisions = RoutingDecision.objects.filter(ticket_id__in=ids)
    waits = [(d.routed_at.timestamp() - started) for d in decisions]
    return {"count": count, "routed": decisions.count(), "seconds": elapsed,
            "queue_events": TicketEvent.objects.filter(ticket_id__in=ids, kind="queue").count(),
            "latency": common.latency_summary(waits)}


def _cpu(worker_pgid: int, web_pgid: int) -> tuple[float, float, dict[int, float]]:
    return common.group_cpu_seconds(worker_pgid), common.group_cpu_seconds(web_pgid), common.db_backends_cpu_seconds()


def measure(port: int, tokens: list[str], rate: float, seconds: float, worker_pgid: int) -> dict:
    """One run at one rate: latencies of routed / assigned, the rate achieved, CPU per ticket."""
    before = _cpu(worker_pgid, common.SERVER_PGIDS[port])
    created = post_at_rate(port, tokens, rate=rate, seconds=seconds)
    rows = wait_routed(list(created))
    time.sleep(1)  # the e-mails sent after routing
    after = _cpu(worker_pgid, common.SERVER_PGIDS[port])
    n = max(len(created), 1) / 1000
    routed = [rows[i][0].timestamp() - t for i, t in created.items() if i in rows]
    assigned = [rows[i][1].timestamp() - t for i, t in created.items() if i in rows and rows[i][1]]
    achieved = (len(created) - 1) / max(max(created.values()) - min(created.values()), 1e-9)
    return {"rate": rate, "tickets": len(created), "achieved": achieved, "routed": common.latency_summary(routed),
            "assigned": common.latency_summary(assigned), "unassigned": len(created) - len(assigned),
            "worker_cpu_ms": (after[0] - before[0]) / n, "web_cpu_ms": (after[1] - before[1]) / n,
            "db_cpu_ms": common.db_cpu_delta(before[2], after[2]) / n, "load": os.getloadavg()[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rates", type=float, nargs="+", default=[10, 50])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="runs per rate; medians are reported (default 3)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--burst", type=int, default=0)
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "--skip-checks", "-v", "0"],
                   cwd=common.ROOT, env=common.bench_env(), check=True)
    env = common.bench_env(REDIS_URL=REDIS_URL, LOG_LEVEL="WARNING")
    common.setup_django(REDIS_URL=REDIS_URL)
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    tokens = prepare_staff()
    machine = common.machine_line()  # with the load average before the runs
    with celery_worker(env, args.concurrency) as worker, common.gunicorn(workers=2, env=env) as port:
        post_at_rate(port, tokens, rate=5, seconds=2)  # warm-up
        results = []
        for rate in args.rates:
            for n in range(args.repeat):
                result = measure(port, tokens, rate, args.seconds, worker.pid)
                results.append(result)
                print(f"{rate:.0f}/s run {n + 1}: achieved {result['achieved']:.1f}/s, assigned p50 "
                      f"{result['assigned']['p50']:.0f} p95 {result['assigned']['p95']:.0f} ms; CPU ms/ticket: web "
                      f"{result['web_cpu_ms']:.1f} worker {result['worker_cpu_ms']:.1f} db {result['db_cpu_ms']:.1f};"
                      f" load {result['load']:.2f}")
                time.sleep(3)
        burst_result = burst(args.burst) if args.burst else None

    def cells(r: dict, step: str) -> list[object]:
        return [f"{r[step][k]:.0f}" for k in ("p50", "p95", "p99", "max")]

    table_rows, verdicts = [], []
    for rate in args.rates:
        runs = [r for r in results if r["rate"] == rate]
        for n, r in enumerate(runs, 1):
            table_rows.append([f"{rate:.0f}/s", n, r["tickets"], f"{r['achieved']:.1f}", *cells(r, "routed"),
                               *cells(r, "assigned"), f"{r['web_cpu_ms']:.1f}", f"{r['worker_cpu_ms']:.1f}",
                               f"{r['db_cpu_ms']:.1f}", f"{r['load']:.1f}"])
        med = {key: common.median([r[key] for r in runs]) for key in ("achieved", "web_cpu_ms", "worker_cpu_ms",
                                                                    "db_cpu_ms")}
        p95 = common.median([r["assigned"]["p95"] for r in runs])
        routed_p95 = common.median([r["routed"]["p95"] for r in runs])
        table_rows.append([f"**{rate:.0f}/s**", "**median**", "", f"**{med['achieved']:.1f}**", "",
                           f"**{routed_p95:.0f}**", "", "", "", f"**{p95:.0f}**", "", "",
                           f"**{med['web_cpu_ms']:.1f}**", f"**{med['worker_cpu_ms']:.1f}**",
                           f"**{med['db_cpu_ms']:.1f}**", ""])
        verdicts.append((rate, med["achieved"], p95))
    lines = ["### Pipeline latency (`bench/pipeline_latency.py`)", "",
             f"Tickets POSTed at a fixed rate for {args.seconds:.0f} s through gunicorn (2 workers); one Celery "
             f"worker with {args.concurrency} processes also sending the e-mails (received, assigned); Redis "
             "broker; from the 201 (classified already) to the worker's commit (routed: queue set and SLA clocks "
             f"planned; assigned: an agent chosen). {args.repeat} runs per rate, medians in bold. CPU per ticket: "
             "user+system time of the gunicorn processes (web), the Celery worker's processes (worker, routing "
             "and both e-mails) and the bench database's PostgreSQL backends (db) over the run, divided by the "
             "tickets; the last column is the 1-minute load average after the run (the machine is shared).", "",
             common.table(["rate asked", "run", "tickets", "201s/s achieved", "routed p50 ms", "routed p95 ms",
                           "routed p99 ms", "routed max ms", "assigned p50 ms", "assigned p95 ms", "assigned p99 ms",
                           "assigned max ms", "web CPU ms", "worker CPU ms", "db CPU ms", "load"], table_rows)]
    top_rate, achieved, p95 = verdicts[-1]
    met = p95 <= 1000 and top_rate >= 50 and achieved >= 0.95 * top_rate
    lines += ["", f"Target p95 ≤ 1 s at 50 tickets/s: at {top_rate:.0f}/s requested ({achieved:.1f}/s achieved), "
              f"median p95 from 201 to assigned {p95:.0f} ms: " + ("**met**." if met else "**missed**.")]
    if burst_result:
        b = burst_result
        lines += ["", f"Burst: {b['count']:,} tickets written at once (a tenth of the tasks sent twice): "
                  f"{b['routed']:,} routed, {b['queue_events']:,} queue events (once each), in {b['seconds']:.0f} s "
                  f"({b['count'] / b['seconds']:.0f}/s); queue latency p50 {b['latency']['p50'] / 1000:.1f} s, "
                  f"p95 {b['latency']['p95'] / 1000:.1f} s."]
    lines += ["", machine + "; after the runs " + " / ".join(f"{x:.2f}" for x in os.getloadavg())]
    body = "\n".join(lines)
    print(body)
    if not args.no_docs:
        common.write_section("routing-pipeline", body, parent="routing")


if __name__ == "__main__":
    main()
