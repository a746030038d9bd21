"""The agents' triage queue (/desk/) and its search at 1,000,000 tickets: latency, queries, plans.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ixxo_bench_deskq \\
        .venv/bin/python bench/desk_queue.py --rounds 30

Load the database first with `bench/seed.py --tickets 1000000` (this script does not seed). It
then VACUUMs tickets_ticket once (the seed only ANALYZEs; in production autovacuum keeps the
visibility map current, which the sidebar's index-only counts rely on), and plants a selective
search term: the word "quetzal" in the bodies of ten open unassigned tickets and of ten messages
(the seeded text comes from small pools of sentences, so it has no rare word of its own).
Re-running plants nothing new.

gunicorn (one sync worker) serves the pages on 127.0.0.1; each case is fetched one request at a
time, interleaved in rounds so that noise from the shared machine spreads over every case. The
figures are the server's answer time seen by the client: middleware, SQL and template rendering.
In-process, each page is fetched once more to count its SQL queries, and its slowest statements
go through EXPLAIN (ANALYZE) for the plan summary.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import common  # noqa: E402
from bench.common import (  # noqa: E402
    latency_summary,
    machine_line,
    session_cookie,
    setup_django,
    table,
    timed_get,
    write_section,
)

QUEUE_TARGET_MS = 50.0
SEARCH_TARGET_MS = 150.0
RARE = "quetzal"
PLAN_NODE = re.compile(r"(Index Only Scan(?: Backward)? using \w+|Index Scan(?: Backward)? using \w+|"
                       r"Bitmap Index Scan on \w+|Seq Scan on \w+|Sort\b|Nested Loop|Hash Join|Merge Join)")


@dataclass
class Case:
    name: str
    who: str       # agent | restricted
    path: str
    kind: str      # queue | search | timeout
    times: list[float] = field(default_factory=list)
    queries: int = 0
    plans: list[str] = field(default_factory=list)


def prepare() -> dict:
    """VACUUM once, plant the rare word, and pick the agents: one who sees everything, one limited."""
    from django.db import connection

    from accounts.models import User
    from tickets.models import Message, Ticket

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE tickets_ticket")
    unassigned_open = Ticket.objects.filter(status__in=Ticket.OPEN_STATUSES, assignee__isnull=True)
    if not unassigned_open.filter(body__contains=RARE).exists():
        for ticket_id in unassigned_open.order_by("id").values_list("id", flat=True)[500:10500:1000]:
            Ticket.objects.filter(pk=ticket_id).update(body=f"The {RARE} plugin shows an error on checkout.")
    if not Message.objects.filter(body__contains=RARE).exists():
        for message_id in Message.objects.order_by("id").values_list("id", flat=True)[5000:15000:1000]:
            Message.objects.filter(pk=message_id).update(body=f"Since we installed {RARE} it fails.")
    agent = User.objects.filter(username__startswith="agent", restrict_to_queues=False).order_by("username").first()
    restricted = User.objects.filter(username__startswith="agent", restrict_to_queues=True).order_by("username").first()
    return {"agent": agent, "restricted": restricted}


def deep_cursor(user) -> str:  # noqa: ANN001
    """The cursor of a page 90 % down the agent's largest view (all open tickets of their biggest queue)."""
    from desk import selectors

    queues = list(selectors.queues_for(user))
    views = selectors.desk_views(user, queues, [])
    view = selectors.find_view(views, f"queue:{queues[0].slug}")
    tickets = selectors.view_tickets(user, view).filter(sla_due_at__isnull=False).order_by("sla_due_at", "id")
    total = tickets.count()
    row = tickets.values("sla_due_at", "id")[int(total * 0.9)]
    return view.key, selectors.Cursor(row["sla_due_at"], row["id"]).encode(), total


def build_cases(users: dict) -> list[Case]:
    from desk import selectors

    cases: list[Case] = []
    for who in ("agent", "restricted"):
        user = users[who]
        first_queue = selectors.queues_for(user).first()
        for key in ("unassigned", "mine", "breached", "soon", f"queue:{first_queue.slug}"):
            cases.append(Case(f"{who}: {key}", who, "/desk/?" + urlencode({"view": key}), "queue"))
        view_key, cursor, total = deep_cursor(user)
        cases.append(Case(f"{who}: {view_key}, page 90 % down ({total:,} tickets)", who,
                          "/desk/?" + urlencode({"view": view_key, "cursor": cursor}), "queue"))
        cases.append(Case(f"{who}: search '{RARE}' (planted, {rare_matches()} tickets in all)", who,
                          "/desk/?" + urlencode({"view": "unassigned", "q": RARE}), "search"))
        cases.append(Case(f"{who}: search 'invoice pdf empty 37'", who,
                          "/desk/?" + urlencode({"view": "breached", "q": "invoice pdf empty 37"}), "search"))
        cases.append(Case(f"{who}: search a reference", who,
                          "/desk/?" + urlencode({"view": "unassigned", "q": "IXXO-000777"}), "search"))
    return cases


def rare_matches() -> int:
    from django.db.models import Q

    from tickets.models import Message, Ticket

    in_messages = Message.objects.filter(body__contains=RARE).values("ticket_id")
    return Ticket.objects.filter(Q(body__contains=RARE) | Q(pk__in=in_messages)).count()


def credentials(users: dict) -> dict[str, str]:
    return {who: session_cookie(user) for who, user in users.items()}


def _get(port: int, case: Case, cookies: dict[str, str]) -> float:
    elapsed, body = timed_get(port, case.path, {"Cookie": cookies[case.who]}, name=case.name)
    if case.kind == "search" and b"took too long" in body:
        raise RuntimeError(f"{case.name}: the search timed out")
    return elapsed


def measure_http(cases: list[Case], cookies: dict[str, str], *, rounds: int) -> None:
    # The worktree may have no .venv of its own: use the gunicorn next to this Python.
    if not (common.VENV_BIN / "gunicorn").exists():
        common.VENV_BIN = Path(sys.executable).parent
    with common.gunicorn(workers=1) as port:
        for case in cases:
            for _ in range(3):
                _get(port, case, cookies)
        for _ in range(rounds):
            for case in cases:
                case.times.append(_get(port, case, cookies))


def measure_queries(cases: list[Case], users: dict) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for case in cases:
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(users[case.who])
        client.get(case.path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(case.path)
        assert response.status_code == 200, case.name
        case.queries = len(ctx.captured_queries)
        slowest = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:2]
        for query in slowest:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                lines = [row[0] for row in cursor.fetchall()]
            nodes = list(dict.fromkeys(PLAN_NODE.findall("\n".join(lines))))
            took = next((line.split(":")[1].strip() for line in lines if line.startswith("Execution Time")), "?")
            what = "counts" if sql.startswith("SELECT (SELECT count(*)") else (
                "search" if "websearch_to_tsquery" in sql else "rows")
            case.plans.append(f"{what}: {', '.join(nodes[:5])} ({took})")


def claim_next_times(users: dict, rounds: int) -> dict[str, dict[str, float]]:
    """tickets.claiming.ticket_claim_next in-process, each call rolled back (the data stays as seeded)."""
    from django.db import transaction

    from tickets.claiming import ticket_claim_next

    out = {}
    for who, user in users.items():
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            with transaction.atomic():
                claimed = ticket_claim_next(actor=user)
                times.append(time.perf_counter() - started)
                transaction.set_rollback(True)
            assert claimed is not None, who
        out[who] = latency_summary(times)
    return out


def timeout_probe(users: dict) -> str:
    """A non-selective term ('shop' is in most seeded bodies), to show the timeout at work."""
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(users["agent"])
    started = time.perf_counter()
    response = client.get("/desk/?" + urlencode({"view": "unassigned", "q": "shop our"}))
    elapsed = (time.perf_counter() - started) * 1000
    stopped = b"took too long" in response.content
    return f"{elapsed:.0f} ms, {'cancelled by the statement timeout' if stopped else 'answered'}"


def report(cases: list[Case], rounds: int, machine: str, probe: str, counts: dict[str, int],
           claims: dict[str, dict[str, float]]) -> str:
    rows, plan_rows = [], []
    met = {"queue": True, "search": True}
    for case in cases:
        summary = latency_summary(case.times)
        target = QUEUE_TARGET_MS if case.kind == "queue" else SEARCH_TARGET_MS
        met[case.kind] &= summary["p95"] <= target
        rows.append((case.name, f"{summary['p50']:.1f}", f"{summary['p95']:.1f}", f"{summary['max']:.1f}",
                     case.queries, f"≤ {target:.0f}"))
        plan_rows.append((case.name, "; ".join(case.plans) or "—"))
    verdict = (f"queue pages p95 ≤ {QUEUE_TARGET_MS:.0f} ms: {'met' if met['queue'] else 'missed'}; "
               f"search p95 ≤ {SEARCH_TARGET_MS:.0f} ms: {'met' if met['search'] else 'missed'}")
    return "\n".join([
        "### Agent desk: triage queue and search (`bench/desk_queue.py`)",
        "",
        f"Measured {machine}. The machine is shared with other work, so the load average matters.",
        "",
        f"{counts['tickets']:,} tickets ({counts['open']:,} open), {counts['messages']:,} messages "
        f"(bench/seed.py). gunicorn with one sync worker on 127.0.0.1; each page fetched {rounds} times, "
        "one request at a time, cases interleaved in rounds; times in ms as the client saw them (middleware, "
        "SQL, templates). `agent` sees every queue; `restricted` only their own (the queue-membership join). "
        "Each page has 50 rows and a sidebar with capped counts (one statement) for every view. Search: "
        "PostgreSQL FTS ('simple' configuration, GIN expression indexes on tickets and messages), best 50 "
        "by ts_rank, within the view, under a 2 s statement timeout.",
        "",
        f"**{verdict}.**",
        "",
        table(["case", "p50", "p95", "max", "SQL queries", "target"], rows),
        "",
        "Get next ticket (`ticket_claim_next`: SELECT … FOR UPDATE SKIP LOCKED on the most urgent claimable "
        f"ticket, then the assignment and its event), in-process, {rounds} calls each rolled back: "
        + "; ".join(f"{who} p50 {c['p50']:.1f} ms, p95 {c['p95']:.1f} ms" for who, c in claims.items()) + ".",
        "",
        f"Non-selective search ('shop our', in most seeded tickets), one run in-process: {probe}. Past the "
        "timeout the page says the search took too long instead of holding a connection "
        "(tests/desk/test_queue_search.py).",
        "",
        "Plans of the slowest statements of each page (EXPLAIN ANALYZE, one run, in-process):",
        "",
        table(["case", "plan summary (execution time)"], plan_rows),
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30, help="fetches per case (default 30)")
    parser.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()
    setup_django()
    from tickets.models import Message, Ticket

    machine = machine_line()
    counts = {"tickets": Ticket.objects.count(), "messages": Message.objects.count(),
              "open": Ticket.objects.filter(status__in=Ticket.OPEN_STATUSES).count()}
    if counts["tickets"] < 1000:
        raise SystemExit("Seed the bench database first: bench/seed.py --tickets 1000000")
    users = prepare()
    cases = build_cases(users)
    print(f"{counts['tickets']:,} tickets; {len(cases)} cases x {args.rounds} rounds; load {os.getloadavg()}")
    measure_http(cases, credentials(users), rounds=args.rounds)
    measure_queries(cases, users)
    probe = timeout_probe(users)
    claims = claim_next_times(users, args.rounds)
    text = report(cases, args.rounds, machine, probe, counts, claims)
    print(text)
    if not args.no_docs:
        write_section("desk-queue", text, parent=None)


if __name__ == "__main__":
    main()
