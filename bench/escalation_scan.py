"""The escalation scan over 1,000,000 tickets of which 200,000 are open: time per run.

    .venv/bin/python bench/escalation_scan.py [--tickets 1000000] [--open 200000] [--runs 7] [--reset]

Loads its own database (`ixxo_bench_routing`, BENCH_DATABASE_URL to change) with set-based SQL
(INSERT ... SELECT FROM generate_series: no Python loop): tickets, and an SLA row for each (the
closed ones paused). Open tickets' due times spread from two days ago to a week ahead; what fell
due before the last minute is already marked warned/breached, as after earlier scans. Each run
is one `escalation_scan()` inside a transaction that is rolled back, so every run sees the same
state: "steady" is a normal minute; "backlog" has 2,000 fresh clocks of each kind (e.g. after beat was
stopped for a while), which the scan task drains in bounded passes of 500 per check: the
figure is one such pass.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ixxo_bench_routing")
from bench import common  # noqa: E402

LOAD_SQL = """
SET session_replication_role = replica;
INSERT INTO tickets_ticket (id, merchant_id, requester_id, subject, body, body_html, channel, status, priority,
    language, created_at, updated_at, scope_verdict, scope_topics, needs_review)
SELECT g, %(merchant)s, %(user)s, 'Bench ticket ' || g, 'How do I export my orders?', '', 'web',
       CASE WHEN g %% %(every)s = 0 THEN 'open' ELSE 'closed' END, 1 + g %% 4, 'en',
       now() - interval '1 minute' * (g %% 100000), now(), 'in_scope', '["functionality"]', false
FROM generate_series(1, %(tickets)s) g;
INSERT INTO routing_ticketsla (ticket_id, policy_id, calendar_id, started_at, first_response_minutes,
    resolution_minutes, warn_percent, paused_at, paused_minutes,
    first_response_warn_at, first_response_due_at, resolution_warn_at, resolution_due_at)
SELECT t.id, %(policy)s, %(calendar)s, t.created_at, 480, 2880, 75,
       CASE WHEN t.status = 'open' THEN NULL ELSE t.created_at END, 0,
       d.fr - interval '2 hours', d.fr, d.fr + interval '1 day', d.fr + interval '2 days'
FROM tickets_ticket t,
     LATERAL (SELECT now() - interval '2 days' + interval '1 second' * ((t.id * 7919) %% (9 * 86400)) AS fr) d;
-- what fell due before the last minute was handled by earlier scans
UPDATE routing_ticketsla SET
    first_response_warned_at = CASE WHEN first_response_warn_at < now() - interval '1 minute' THEN now() END,
    first_response_breached_at = CASE WHEN first_response_due_at < now() - interval '1 minute' THEN now() END,
    resolution_warned_at = CASE WHEN resolution_warn_at < now() - interval '1 minute' THEN now() END,
    resolution_breached_at = CASE WHEN resolution_due_at < now() - interval '1 minute' THEN now() END
WHERE paused_at IS NULL;
SET session_replication_role = DEFAULT;
SELECT setval('tickets_ticket_id_seq', (SELECT max(id) FROM tickets_ticket));
"""


def prepare(*, tickets: int, open_tickets: int, reset: bool) -> float:
    url = common.database_url()
    name = url.rsplit("/", 1)[1]
    exists = subprocess.run(["psql", url.rsplit("/", 1)[0] + "/postgres", "-tAc",
                             f"SELECT 1 FROM pg_database WHERE datname = '{name}'"], capture_output=True, text=True)
    if reset and exists.stdout.strip():
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    if reset or not exists.stdout.strip():
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "--skip-checks", "-v", "0"],
                   cwd=common.ROOT, env=common.bench_env(), check=True)
    common.setup_django()
    from django.db import connection

    from routing.models import BusinessCalendar, SlaPolicy
    from tests import factories
    from tickets.models import Ticket

    if Ticket.objects.count() >= tickets:
        return 0.0
    merchant = factories.MerchantFactory(name="Bench Store")
    user = factories.MerchantUserFactory(username=f"bench-{merchant.pk}", merchant=merchant)
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(LOAD_SQL, {"merchant": merchant.pk, "user": user.pk, "tickets": tickets,
                                  "every": tickets // open_tickets, "policy": SlaPolicy.objects.first().pk,
                                  "calendar": BusinessCalendar.objects.first().pk})
        cursor.execute("VACUUM ANALYZE tickets_ticket")
        cursor.execute("VACUUM ANALYZE routing_ticketsla")
    return time.monotonic() - started


def backlog(count: int) -> None:
    """Un-mark `count` due clocks of each kind, as if beat had not run for a while."""
    from django.db import connection

    with connection.cursor() as cursor:
        for at, mark in (("first_response_warn_at", "first_response_warned_at"),
                         ("first_response_due_at", "first_response_breached_at"),
                         ("resolution_warn_at", "resolution_warned_at"),
                         ("resolution_due_at", "resolution_breached_at")):
            cursor.execute(f"""UPDATE routing_ticketsla SET {mark} = NULL WHERE ticket_id IN (
                SELECT ticket_id FROM routing_ticketsla WHERE paused_at IS NULL AND {mark} IS NOT NULL
                ORDER BY {at} DESC LIMIT %s)""", [count])  # noqa: S608


def time_runs(runs: int) -> tuple[list[float], dict]:
    from django.db import transaction

    from routing.escalation import escalation_scan

    seconds, last = [], {}
    for _ in range(runs):
        with transaction.atomic():
            started = time.perf_counter()
            result = escalation_scan()
            seconds.append(time.perf_counter() - started)
            last = {"warned": len(result.warned), "escalated": len(result.escalated)}
            transaction.set_rollback(True)
    return seconds, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--reset", action="store_true")
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    load = prepare(tickets=args.tickets, open_tickets=args.open, reset=args.reset)
    from django.db import connection, transaction

    from tickets.models import Ticket

    total, open_count = Ticket.objects.count(), Ticket.objects.filter(status="open").count()
    rows = []
    steady, steady_result = time_runs(args.runs)
    rows.append(["steady minute", steady_result["warned"], steady_result["escalated"],
                 f"{common.median(steady) * 1000:.0f}", f"{max(steady) * 1000:.0f}"])
    with transaction.atomic():
        backlog(2000)
        heavy, heavy_result = time_runs(args.runs)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN SELECT s.ticket_id FROM routing_ticketsla s WHERE s.resolution_due_at <= now() "
                           "AND s.paused_at IS NULL AND s.resolution_breached_at IS NULL "
                           "ORDER BY s.resolution_due_at LIMIT 2000")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    rows.append(["backlog: one pass (500 per kind)", heavy_result["warned"], heavy_result["escalated"],
                 f"{common.median(heavy) * 1000:.0f}", f"{max(heavy) * 1000:.0f}"])
    body = "\n".join([
        "### Escalation scan (`bench/escalation_scan.py`)", "",
        f"{total:,} tickets, {open_count:,} open, one SLA row each; {args.runs} runs per case, each rolled back."
        + (f" Loaded in {load:.0f} s with INSERT … SELECT." if load else ""), "",
        common.table(["case", "warned", "escalated", "median ms", "max ms"], rows), "",
        "Plan of the breach claim (partial index, no scan of the open tickets):", "", "```", plan, "```", "",
        common.machine_line()])
    print(body)
    if not args.no_docs:
        common.write_section("routing-escalation", body, parent="routing")


if __name__ == "__main__":
    main()
