"""Bulk-load a realistic helpdesk into the bench database with COPY.

    .venv/bin/python bench/seed.py --reset --tickets 1000000 --merchants 2000

Loads merchants, their users, staff (agents in queues, supervisors, an admin), tickets over
two years, and for a share of the tickets messages and events. Rows are generated with numpy
in chunks and streamed to `COPY ... FROM STDIN` (psycopg2 copy_expert) without a temporary
file. Secondary indexes of the three big tables are dropped for the load and rebuilt after
it (two connections build them in parallel), foreign-key triggers are skipped with
session_replication_role=replica (the generator keeps every reference valid), sequences are
reset and everything is ANALYZEd. With --reset the big tables are loaded with COPY FREEZE,
which (PostgreSQL >= 14) also sets their visibility map, so index-only scans (the dashboard's
`ticket_created_report`) work at once, as in production where autovacuum keeps it set. Without
--reset an already seeded database is left alone.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import BENCH_PASSWORD, dsn, machine_line, table, write_section  # noqa: E402

CHUNK = 50_000
DAY = 86_400
SPAN_DAYS = 730
BIG_TABLES = ("tickets_ticket", "tickets_message", "tickets_ticketevent")

STATUSES = np.array(["new", "open", "pending", "on_hold", "resolved", "closed"])
# Probabilities by age: recent tickets are still being worked on, old ones are closed.
STATUS_P_RECENT = [0.15, 0.28, 0.22, 0.05, 0.22, 0.08]    # younger than 14 days
STATUS_P_MONTH = [0.01, 0.05, 0.06, 0.03, 0.30, 0.55]     # 14 to 60 days
STATUS_P_OLD = [0.0, 0.002, 0.003, 0.005, 0.04, 0.95]     # older
PRIORITY_P = [0.15, 0.60, 0.20, 0.05]
CHANNELS = np.array(["web", "email", "api", "phone", "chat", "forum"])
CHANNEL_P = [0.50, 0.30, 0.10, 0.05, 0.04, 0.01]
QUEUE_SLUGS = ["general", "technical", "connectivity", "licensing", "scope-review", "professional-services"]
QUEUE_P = [0.40, 0.25, 0.15, 0.10, 0.03, 0.02]            # the remaining 5 % are untriaged (no queue)
LANGUAGES = np.array(["en", "de", "fr", "nl", "es"])
LANGUAGE_P = [0.55, 0.30, 0.07, 0.05, 0.03]
# Scope verdicts (policy app): most tickets are in scope; the topics follow the taxonomy's slugs.
VERDICTS = np.array(["in_scope", "restricted", "mixed"])
VERDICT_P = [0.70, 0.18, 0.12]
IN_SCOPE_TOPICS = np.array(["functionality", "software_issue", "connectivity", "license"])
IN_SCOPE_TOPIC_P = [0.45, 0.30, 0.15, 0.10]
RESTRICTED_TOPICS = np.array(["custom_html_css", "integration_usage", "hosting", "third_party_software",
                              "domains_ssl", "custom_javascript", "consulting"])
RESTRICTED_TOPIC_P = [0.28, 0.20, 0.15, 0.14, 0.10, 0.08, 0.05]
CORRECTED_SHARE = 0.02     # of the classified tickets an agent corrects ...
CONFIRMED_SHARE = 0.05     # ... or confirms (policy_scopeverdict rows with source agent / confirmed)

TOPICS = ["Checkout shows an error", "Cannot log in to the admin", "FTP upload fails", "Invoice PDF is empty",
          "Theme header broken on mobile", "Licence key not accepted", "Transfer licence to new domain",
          "E-mail notifications not sent", "Product import stops at row", "Payment provider timeout",
          "Shipping costs calculated wrong", "Search returns no results", "Slow category pages",
          "Coupon code not applied", "Stock not updated after order", "API returns 401",
          "Cannot upload product images", "Tax rate for EU customers", "Newsletter double opt-in",
          "Backup restore question", "Quote for custom module", "Update to the new version",
          "Cron jobs do not run", "Language switch missing", "PayPal callback fails"]
SENTENCES = ["Since yesterday our shop shows this problem.", "We did not change anything in the settings.",
             "Please see the screenshot from our admin.", "Customers are complaining about it.",
             "It happens only on some products.", "We use the default theme with small changes.",
             "The log file shows a warning at the same time.", "Could you please have a look?",
             "This is urgent for us because of a sale this weekend.", "Thank you in advance for your help."]


def _texts(rng: np.random.Generator, count: int, sentences: int) -> tuple[list[str], list[str]]:
    """A pool of plain bodies and their HTML (what render_markdown would make of them)."""
    bodies = [" ".join(rng.choice(SENTENCES, size=sentences, replace=False)) for _ in range(count)]
    return bodies, [f"<p>{body}</p>" for body in bodies]


def _ts(epoch: np.ndarray) -> np.ndarray:
    """Epoch seconds to 'YYYY-MM-DDTHH:MM:SS' (the session runs in UTC)."""
    return np.datetime_as_string(epoch.astype("datetime64[s]"), unit="s")


def _nullable_ts(epoch: np.ndarray, present: np.ndarray) -> np.ndarray:
    return np.where(present, _ts(epoch), "\\N")


class Stream:
    """A readable file fed by a generator of text chunks, so COPY streams without a temp file.

    copy_expert sends whatever read() returns, so a whole chunk (a few MB) goes at once; an
    empty result ends the COPY.
    """

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = chunks

    def read(self, size: int = -1) -> bytes:
        chunk = next(self._chunks, None)
        return chunk.encode() if chunk is not None else b""


def _lines(*columns: np.ndarray | list[str]) -> str:
    """Rows in COPY's text format (the generated text holds no tab, newline or backslash)."""
    lists = [column.tolist() if isinstance(column, np.ndarray) else column for column in columns]
    return "".join("\t".join(row) + "\n" for row in zip(*lists, strict=True))


class World:
    """Who exists: merchants, their users, staff and queue memberships (small, built in Python)."""

    def __init__(self, rng: np.random.Generator, merchants: int, queue_ids: dict[str, int],
                 group_ids: dict[str, int], now: int) -> None:
        self.rng, self.now = rng, now
        self.merchants = merchants
        self.queue_ids = queue_ids
        self.group_ids = group_ids
        # Merchant users: an owner and 0-3 colleagues; ids are contiguous per merchant.
        self.users_per_merchant = 1 + rng.choice(4, size=merchants, p=[0.45, 0.30, 0.15, 0.10])
        self.first_user = np.concatenate([[1], 1 + np.cumsum(self.users_per_merchant)[:-1]])
        self.merchant_user_count = int(self.users_per_merchant.sum())
        # Staff after the merchant users: 40 agents, 6 supervisors, 2 admins.
        first_staff = self.merchant_user_count + 1
        self.agents = np.arange(first_staff, first_staff + 40)
        self.supervisors = np.arange(first_staff + 40, first_staff + 46)
        self.admins = np.arange(first_staff + 46, first_staff + 48)
        self.staff_count = 48
        # Each agent works in one to three queues; a quarter see only their queues.
        self.queue_agents: dict[int, list[int]] = {qid: [] for qid in queue_ids.values()}
        qids = list(queue_ids.values())
        for agent in self.agents:
            for qid in rng.choice(qids, size=int(rng.integers(1, 4)), replace=False, p=_queue_weights()):
                self.queue_agents[int(qid)].append(int(agent))
        for qid, members in self.queue_agents.items():
            if not members:
                members.append(int(self.agents[qid % len(self.agents)]))
        self.restricted = set(int(a) for a in self.agents[::4])
        # Ticket volume per merchant follows a power law: a few big shops, a long tail.
        weights = 1 / np.arange(1, merchants + 1) ** 0.8
        self.merchant_p = rng.permutation(weights / weights.sum())

    def merchant_rows(self) -> str:
        rng, n = self.rng, self.merchants
        ids = np.arange(1, n + 1)
        status = rng.choice(np.array(["active", "expired", "revoked"]), size=n, p=[0.93, 0.06, 0.01])
        plan = rng.choice(np.array(["standard", "priority", "enterprise"]), size=n, p=[0.70, 0.25, 0.05])
        created = _ts(self.now - SPAN_DAYS * DAY - rng.integers(0, 1500 * DAY, size=n))
        expires = np.datetime_as_string((self.now + rng.integers(-200, 700, size=n) * DAY)
                                        .astype("datetime64[s]").astype("datetime64[D]"))
        return _lines(ids.astype(str), [f"Store {i:05d}" for i in ids], [f"shop{i}@merchant.example" for i in ids],
                      [f"BENCH-{i:08d}" for i in ids], status, expires, plan, created)

    def user_rows(self, password: str) -> str:
        rows = []
        joined = "2022-01-01T00:00:00"
        for m in range(self.merchants):
            for k in range(int(self.users_per_merchant[m])):
                uid = int(self.first_user[m]) + k
                role = "owner" if k == 0 else "staff"
                rows.append(f"{uid}\t{password}\t\\N\tf\tm{m + 1:05d}-{role}{k or ''}\tUser\t{uid}\t"
                            f"u{uid}@merchant.example\tf\tt\t{joined}\t{role}\tf\t{m + 1}\n")
        for uid, username, is_staff, superuser in (
                [(int(a), f"agent{i:02d}", "f", "f") for i, a in enumerate(self.agents)]
                + [(int(a), f"supervisor{i}", "t", "f") for i, a in enumerate(self.supervisors)]
                + [(int(a), f"admin{i}", "t", "t") for i, a in enumerate(self.admins)]):
            restricted = "t" if uid in self.restricted else "f"
            rows.append(f"{uid}\t{password}\t\\N\t{superuser}\t{username}\tStaff\t{uid}\t{username}@ixxo.example\t"
                        f"{is_staff}\tt\t{joined}\t\t{restricted}\t\\N\n")
        return "".join(rows)

    def group_rows(self) -> str:
        pairs = ([(a, self.group_ids["agent"]) for a in self.agents]
                 + [(s, self.group_ids["supervisor"]) for s in self.supervisors]
                 + [(a, self.group_ids["admin"]) for a in self.admins])
        return "".join(f"{user}\t{group}\n" for user, group in pairs)

    def queue_agent_rows(self) -> str:
        return "".join(f"{qid}\t{agent}\n" for qid, members in self.queue_agents.items() for agent in members)


def _queue_weights() -> list[float]:
    return [p / sum(QUEUE_P) for p in QUEUE_P]


class TicketGenerator:
    """Tickets, and for a share of them messages and events, in chunks of CHUNK rows."""

    def __init__(self, world: World, total: int, message_share: float, seed: int) -> None:
        self.world, self.total, self.message_share = world, total, message_share
        self.rng = np.random.default_rng(seed + 1)
        self.subjects = [f"{topic} ({suffix})" for topic in TOPICS for suffix in range(80)]
        self.bodies, self.bodies_html = _texts(self.rng, 400, 3)
        self.replies, self.replies_html = _texts(self.rng, 200, 2)
        self.message_count = 0
        self.event_count = 0
        self.review_count = 0
        self.review_chunks: list[str] = []
        self.message_chunks: list[str] = []  # filled while tickets stream, flushed by messages()
        self.event_chunks: list[str] = []

    def tickets(self) -> Iterator[str]:
        for start in range(0, self.total, CHUNK):
            yield self._ticket_chunk(start, min(CHUNK, self.total - start))

    def _ticket_chunk(self, start: int, n: int) -> str:
        rng, w = self.rng, self.world
        ids = np.arange(start + 1, start + n + 1)
        # Ids grow with time; the volume grows over the two years (more tickets per day lately).
        frac = (ids - 0.5) / self.total
        created = (w.now - SPAN_DAYS * DAY + (SPAN_DAYS * DAY * frac ** 0.8)).astype(np.int64)
        created = np.minimum(created + rng.integers(0, 600, size=n), w.now - 60)
        age = (w.now - created) / DAY
        status = np.where(age < 14, rng.choice(STATUSES, size=n, p=STATUS_P_RECENT),
                          np.where(age < 60, rng.choice(STATUSES, size=n, p=STATUS_P_MONTH),
                                   rng.choice(STATUSES, size=n, p=STATUS_P_OLD)))
        merchant_idx = rng.choice(w.merchants, size=n, p=w.merchant_p)
        requester = w.first_user[merchant_idx] + rng.integers(0, 1 << 30, size=n) % w.users_per_merchant[merchant_idx]
        qids = np.array(list(w.queue_ids.values()))
        queue = np.where(rng.random(n) < 0.05, 0, rng.choice(qids, size=n, p=_queue_weights()))
        queue = np.where(status == "new", np.where(rng.random(n) < 0.6, 0, queue), queue)
        assignee = np.zeros(n, dtype=np.int64)
        for qid, members in w.queue_agents.items():
            mask = queue == qid
            assignee[mask] = rng.choice(members, size=int(mask.sum()))
        assignee[status == "new"] = 0
        first_response = created + rng.integers(600, 2 * DAY, size=n)
        responded = (status != "new") & (first_response < w.now)
        done = (status == "resolved") | (status == "closed")
        resolved = np.minimum(first_response + rng.integers(DAY // 2, 10 * DAY, size=n), w.now - 30)
        closed = np.minimum(resolved + 7 * DAY, w.now - 10)
        updated = np.where(status == "closed", closed, np.where(done, resolved,
                           np.where(responded, np.minimum(first_response + DAY, w.now - 5), created)))
        priority = rng.choice(4, size=n, p=PRIORITY_P) + 1
        subject_idx = rng.integers(0, len(self.subjects), size=n)
        body_idx = rng.integers(0, len(self.bodies), size=n)
        channel = rng.choice(CHANNELS, size=n, p=CHANNEL_P)
        language = rng.choice(LANGUAGES, size=n, p=LANGUAGE_P)
        sla_hours = np.where(priority >= 3, 4, 24)
        verdict, topics, confidence, review = self._verdicts(n)
        text = _lines(
            ids.astype(str), [self.subjects[i] for i in subject_idx], [self.bodies[i] for i in body_idx],
            [self.bodies_html[i] for i in body_idx], channel, status, priority.astype(str), language,
            _ts(created), _ts(updated), _nullable_ts(first_response, responded),
            _nullable_ts(resolved, done), _nullable_ts(closed, status == "closed"),
            verdict, topics, np.where(verdict != "", np.char.mod("%.3f", confidence), "\\N"),
            np.where(review, "t", "f"),
            _ts(created + sla_hours * 3600), _ts(created + 5 * DAY),
            np.where(assignee > 0, assignee.astype(str), "\\N"), (merchant_idx + 1).astype(str),
            np.where(queue > 0, queue.astype(str), "\\N"), requester.astype(str),
        )
        self._threads(ids, created, status, channel, requester, assignee, updated)
        self._reviews(ids, created, verdict, topics, assignee, review)
        return text

    def _verdicts(self, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Verdict, topics (JSON text), confidence and needs_review; 1 % not classified (failure)."""
        rng = self.rng
        verdict = rng.choice(VERDICTS, size=n, p=VERDICT_P)
        ins = rng.choice(IN_SCOPE_TOPICS, size=n, p=IN_SCOPE_TOPIC_P)
        res = rng.choice(RESTRICTED_TOPICS, size=n, p=RESTRICTED_TOPIC_P)
        res2 = rng.choice(RESTRICTED_TOPICS, size=n, p=RESTRICTED_TOPIC_P)
        two = (rng.random(n) < 0.15) & (res2 != res)
        quoted = lambda a: np.char.add(np.char.add('"', a), '"')  # noqa: E731
        restricted = np.where(two, np.char.add(np.char.add(quoted(res), ", "), quoted(res2)), quoted(res))
        topics = np.where(verdict == "in_scope", quoted(ins),
                          np.where(verdict == "restricted", restricted,
                                   np.char.add(np.char.add(quoted(ins), ", "), quoted(res))))
        topics = np.char.add(np.char.add("[", topics), "]")
        confidence = rng.uniform(0.45, 1.0, size=n)
        unclassified = rng.random(n) < 0.01
        verdict = np.where(unclassified, "", verdict)
        topics = np.where(unclassified, "[]", topics)
        return verdict, topics, confidence, (confidence < 0.52) & ~unclassified

    def _reviews(self, ids: np.ndarray, created: np.ndarray, verdict: np.ndarray, topics: np.ndarray,
                 assignee: np.ndarray, review: np.ndarray) -> None:
        """Agents' corrections and confirmations of the classifier, a few hours after creation.

        The ticket holds the latest verdict, so a correction row carries the ticket's verdict.
        Only these rows are loaded, not one classifier row per ticket (the dashboard reads the
        agent and confirmed sources through the (source, created_at) index)."""
        rng, w = self.rng, self.world
        roll = rng.random(len(ids))
        source = np.where(roll < CORRECTED_SHARE, "agent",
                          np.where(roll < CORRECTED_SHARE + CONFIRMED_SHARE + review * 0.3, "confirmed", ""))
        chosen = np.flatnonzero((source != "") & (verdict != ""))
        at = np.minimum(created[chosen] + rng.integers(600, 2 * DAY, size=len(chosen)), w.now - 1)
        keep = at > created[chosen]
        chosen, at = chosen[keep], at[keep]
        k = len(chosen)
        if not k:
            return
        actor = np.where(assignee[chosen] > 0, assignee[chosen], rng.choice(w.agents, size=k))
        review_ids = np.arange(self.review_count + 1, self.review_count + k + 1)
        self.review_count += k
        corrected = source[chosen] == "agent"
        self.review_chunks.append(_lines(
            review_ids.astype(str), ids[chosen].astype(str), verdict[chosen], topics[chosen], np.full(k, "1.0"),
            np.full(k, "f"), np.full(k, "[]"), np.full(k, ""), np.full(k, ""), np.full(k, ""), source[chosen],
            actor.astype(str), np.where(corrected, "Wrong topic, see the merchant's second message.", ""),
            _ts(at)))

    def _threads(self, ids: np.ndarray, created: np.ndarray, status: np.ndarray, channel: np.ndarray,
                 requester: np.ndarray, assignee: np.ndarray, updated: np.ndarray) -> None:
        """Messages and events for a share of this chunk's tickets (kept for the later COPYs)."""
        rng, w = self.rng, self.world
        chosen = np.flatnonzero(rng.random(len(ids)) < self.message_share)
        if not len(chosen):
            return
        counts = rng.integers(1, 5, size=len(chosen))
        tix = np.repeat(chosen, counts)
        order = np.concatenate([np.arange(c) for c in counts])
        m = len(tix)
        staff_author = np.where(assignee[tix] > 0, assignee[tix], rng.choice(w.agents, size=m))
        by_staff = order % 2 == 1
        note = by_staff & (rng.random(m) < 0.15)
        author = np.where(by_staff, staff_author, requester[tix])
        when = created[tix] + 60 + order * np.maximum((updated[tix] - created[tix]) // (counts.repeat(counts) + 1), 60)
        message_ids = np.arange(self.message_count + 1, self.message_count + m + 1)
        self.message_count += m
        body_idx = rng.integers(0, len(self.replies), size=m)
        self.message_chunks.append(_lines(
            message_ids.astype(str), np.where(note, "note", "reply"), [self.replies[i] for i in body_idx],
            [self.replies_html[i] for i in body_idx], channel[tix], np.full(m, "\\N"), _ts(when),
            author.astype(str), ids[tix].astype(str)))
        # Events: "created" for each of these tickets, one per message, one when it was closed.
        closed = chosen[status[chosen] == "closed"]
        kinds = np.concatenate([np.full(len(chosen), "created"), np.where(note, "note", "reply"),
                                np.full(len(closed), "status")])
        tickets = np.concatenate([ids[chosen], ids[tix], ids[closed]])
        at = np.concatenate([created[chosen], when, updated[closed]])
        actor = np.concatenate([requester[chosen], author,
                                np.where(assignee[closed] > 0, assignee[closed], w.agents[0])])
        data = np.concatenate([np.char.add(np.char.add('{"channel": "', channel[chosen]), '"}'),
                               np.char.add(np.char.add('{"message_id": ', message_ids.astype(str)), "}"),
                               np.full(len(closed), '{"old": "resolved", "new": "closed"}')])
        e = len(kinds)
        event_ids = np.arange(self.event_count + 1, self.event_count + e + 1)
        self.event_count += e
        self.event_chunks.append(_lines(event_ids.astype(str), kinds, data, _ts(at), actor.astype(str),
                                        tickets.astype(str)))


def _copy(cur: psycopg2.extensions.cursor, table: str, columns: str, chunks: Iterator[str] | str,
          freeze: bool) -> None:
    source = iter([chunks]) if isinstance(chunks, str) else chunks
    options = "FREEZE" if freeze and table not in DELETED_TABLES else ""
    cur.copy_expert(f"COPY {table} ({columns}) FROM STDIN {options}", Stream(source), size=1 << 20)


def _secondary_indexes(cur: psycopg2.extensions.cursor) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the big tables' indexes that back no constraint."""
    cur.execute("""
        SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relname = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
    """, [list(BIG_TABLES)])
    return cur.fetchall()


def _build_indexes(statements: list[str], connections: int = 2) -> None:
    """Rebuild indexes on a few connections at once (largest first), since each build is one core."""
    pending = list(statements)
    lock = threading.Lock()
    errors: list[BaseException] = []

    def work() -> None:
        conn = psycopg2.connect(dsn())
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '512MB'; SET max_parallel_maintenance_workers = 0")
            while True:
                with lock:
                    if not pending or errors:
                        break
                    statement = pending.pop(0)
                try:
                    cur.execute(statement)
                except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread
                    errors.append(exc)
        conn.close()

    threads = [threading.Thread(target=work) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def _ids(cur: psycopg2.extensions.cursor, sql: str) -> dict[str, int]:
    cur.execute(sql)
    return {name: pk for pk, name in cur.fetchall()}


def _password_hash() -> str:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ixxo_support.settings.dev")
    from django.conf import settings

    if not settings.configured:
        settings.configure(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"])
    from django.contrib.auth.hashers import make_password

    return make_password(BENCH_PASSWORD)


TICKET_COLUMNS = ("id, subject, body, body_html, channel, status, priority, language, created_at, updated_at, "
                  "first_response_at, resolved_at, closed_at, scope_verdict, scope_topics, scope_confidence, "
                  "needs_review, first_response_due_at, resolution_due_at, assignee_id, merchant_id, queue_id, "
                  "requester_id")
RESET_TABLES = ("tickets_ticket_tags, tickets_attachment, tickets_ticketevent, tickets_message, tickets_ticket, "
                "tickets_queue_agents, tickets_tag, core_idempotencyrecord, authtoken_token, django_session, "
                "django_admin_log, accounts_user_groups, accounts_user_user_permissions")
# Every table that points at a ticket or a message, however indirectly (verdicts, SLA clocks, forum posts,
# inbound mail, desk presence...): TRUNCATE refuses to empty tickets_ticket without them.
DELETED_TABLES = ("accounts_user", "accounts_merchant")  # emptied with DELETE, so COPY cannot FREEZE them
TICKET_DEPENDANTS = """
    WITH RECURSIVE deps(rel) AS (
        SELECT 'tickets_ticket'::regclass UNION SELECT 'tickets_message'::regclass
        UNION SELECT c.conrelid FROM pg_constraint c JOIN deps d ON c.confrelid = d.rel
        WHERE c.contype = 'f' AND c.conrelid <> d.rel)
    SELECT rel::regclass::text FROM deps"""


def _reset(cur: psycopg2.extensions.cursor) -> None:
    """Empty what the seed loads. Users and merchants go with DELETE (no FK triggers in replica mode),
    because TRUNCATE would also demand the configuration that names a user (topics, rules, models)."""
    cur.execute(TICKET_DEPENDANTS)
    dependants = sorted(name for (name,) in cur.fetchall())
    cur.execute(f"TRUNCATE {RESET_TABLES}, {', '.join(dependants)} RESTART IDENTITY")
    cur.execute("DELETE FROM accounts_user; DELETE FROM accounts_merchant")


def seed(*, tickets: int, merchants: int, reset: bool, message_share: float, seed_value: int) -> dict:
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def lap(name: str, fn: Callable[[], object]) -> object:
        t0 = time.perf_counter()
        result = fn()
        timings[name] = time.perf_counter() - t0
        print(f"  {name:<28} {timings[name]:6.1f} s", flush=True)
        return result

    conn = psycopg2.connect(dsn())
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM accounts_merchant")
    if cur.fetchone()[0] and not reset:
        cur.execute("SELECT count(*) FROM tickets_ticket")
        raise SystemExit(f"The bench database already holds {cur.fetchone()[0]:,} tickets; "
                         "run with --reset to load it again.")
    cur.execute("SET TIME ZONE 'UTC'; SET synchronous_commit = off; SET session_replication_role = replica")
    if reset:
        lap("truncate", lambda: _reset(cur))
    queue_ids = _ids(cur, "SELECT id, slug FROM tickets_queue")
    group_ids = _ids(cur, "SELECT id, name FROM auth_group")
    missing = [slug for slug in QUEUE_SLUGS if slug not in queue_ids] + \
              [g for g in ("agent", "supervisor", "admin") if g not in group_ids]
    if missing:
        raise SystemExit(f"Missing queues or role groups {missing}: run `manage.py migrate` on the bench DB first.")
    queue_ids = {slug: queue_ids[slug] for slug in QUEUE_SLUGS}
    now = int(time.time())
    world = World(np.random.default_rng(seed_value), merchants, queue_ids, group_ids, now)
    password = _password_hash()

    def people() -> None:
        _copy(cur, "accounts_merchant", "id, name, contact_email, licence_key, licence_status, licence_expires_on, "
              "support_plan, created_at", world.merchant_rows(), reset)
        _copy(cur, "accounts_user", "id, password, last_login, is_superuser, username, first_name, last_name, "
              "email, is_staff, is_active, date_joined, merchant_role, restrict_to_queues, merchant_id",
              world.user_rows(password), reset)
        _copy(cur, "accounts_user_groups", "user_id, group_id", world.group_rows(), reset)
        _copy(cur, "tickets_queue_agents", "queue_id, user_id", world.queue_agent_rows(), reset)

    lap("merchants, users, staff", people)
    indexes = _secondary_indexes(cur)
    lap("drop secondary indexes", lambda: [cur.execute(f'DROP INDEX "{name}"') for name, _ in indexes])
    generator = TicketGenerator(world, tickets, message_share, seed_value)
    lap("copy tickets", lambda: _copy(cur, "tickets_ticket", TICKET_COLUMNS, generator.tickets(), reset))
    lap("copy messages", lambda: _copy(cur, "tickets_message", "id, kind, body, body_html, channel, "
                                       "email_message_id, created_at, author_id, ticket_id",
                                       iter(generator.message_chunks), reset))
    lap("copy events", lambda: _copy(cur, "tickets_ticketevent", "id, kind, data, created_at, actor_id, ticket_id",
                                     iter(generator.event_chunks), reset))
    lap("copy scope reviews", lambda: _copy(cur, "policy_scopeverdict", "id, ticket_id, verdict, topics, confidence, "
                                            "needs_review, evidence, language, rules_version, model_version, "
                                            "source, actor_id, reason, created_at",
                                            iter(generator.review_chunks), reset))
    generator.review_chunks.clear()
    generator.message_chunks.clear()
    generator.event_chunks.clear()
    lap("commit", conn.commit)
    # Largest tables' indexes first so the two builders finish at about the same time.
    statements = [sql for _, sql in sorted(indexes, key=lambda item: BIG_TABLES.index(_table_of(item[1])))]
    lap(f"rebuild {len(statements)} indexes", lambda: _build_indexes(statements))
    conn.autocommit = True

    def sequences() -> None:
        for name in ("accounts_merchant", "accounts_user", "accounts_user_groups", "tickets_queue_agents",
                     "policy_scopeverdict", *BIG_TABLES):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"GREATEST((SELECT max(id) FROM {name}), 1))")

    lap("reset sequences", sequences)
    lap("analyze", lambda: cur.execute("ANALYZE"))
    conn.close()
    total = time.perf_counter() - started
    print(f"  {'total':<28} {total:6.1f} s")
    return {"tickets": tickets, "merchants": merchants, "merchant_users": world.merchant_user_count,
            "staff": world.staff_count, "messages": generator.message_count, "events": generator.event_count,
            "scope_reviews": generator.review_count,
            "total": total, "timings": timings, "reset": reset}


def _table_of(create_index: str) -> str:
    return create_index.split(" ON ")[1].split()[0].removeprefix("public.")


def report(result: dict) -> str:
    rows = [(name, f"{seconds:.1f}") for name, seconds in result["timings"].items()]
    rows.append(("**total**", f"**{result['total']:.1f}**"))
    rate = result["tickets"] / result["total"]
    target = "met" if result["tickets"] < 1_000_000 or result["total"] < 60 else "missed"
    return "\n".join([
        "### Bulk load (`bench/seed.py`)",
        "",
        f"Measured {machine_line()}.",
        "",
        f"`seed.py --tickets {result['tickets']} --merchants {result['merchants']}"
        f"{' --reset' if result['reset'] else ''}`: {result['merchants']:,} merchants, "
        f"{result['merchant_users']:,} merchant users, {result['staff']} staff, {result['tickets']:,} tickets, "
        f"{result['messages']:,} messages, {result['events']:,} events, in **{result['total']:.1f} s** "
        f"({rate:,.0f} tickets/s overall; target < 60 s for 1M tickets: {target}). One run.",
        "",
        table(["step", "seconds"], rows),
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=100_000, help="tickets to load (default 100000)")
    parser.add_argument("--merchants", type=int, default=2000, help="merchants (default 2000)")
    parser.add_argument("--message-share", type=float, default=0.2,
                        help="share of tickets that get 1-4 messages and their events (default 0.2)")
    parser.add_argument("--reset", action="store_true", help="truncate users, merchants and tickets first")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()
    print(f"Seeding {args.tickets:,} tickets for {args.merchants:,} merchants into {dsn()}")
    result = seed(tickets=args.tickets, merchants=args.merchants, reset=args.reset,
                  message_share=args.message_share, seed_value=args.seed)
    print(f"{args.tickets:,} tickets, {result['messages']:,} messages, {result['events']:,} events "
          f"in {result['total']:.1f} s")
    if not args.no_docs:
        write_section("seed", report(result))


if __name__ == "__main__":
    main()
