"""Helpers shared by the benchmarks: the bench database, Django set-up, gunicorn, figures, docs.

Every benchmark runs against its own database (`ixxo_bench` by default) so that it never
disturbs the test database or a developer's data. Results go into docs/benchmarks.md between
`<!-- NAME:start -->` and `<!-- NAME:end -->` markers; `write_section` replaces one such section
and leaves the rest of the file alone (other developers own other sections).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import http.client
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
VENV_BIN = ROOT / ".venv" / "bin"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ixxo_bench"
SETTINGS = "ixxo_support.settings.dev"
BENCH_PASSWORD = "bench-password-not-secret"  # every seeded user has it; the bench DB is throw-away
FOUNDATION = "foundation"


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL


def bench_env(**extra: str) -> dict[str, str]:
    """The environment a benchmarked server or in-process Django sees: bench DB, DEBUG off."""
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    })
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def setup_django(**extra: str) -> None:
    """Configure Django in this process against the bench database (call before any ORM import)."""
    os.environ.update(bench_env(**extra))
    if "REDIS_URL" not in extra:
        os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def dsn() -> str:
    """psycopg2 DSN of the bench database."""
    return database_url()


# --- figures -------------------------------------------------------------------------------

def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100) of an unsorted sequence."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/max in milliseconds."""
    return {name: percentile(seconds, pct) * 1000 for name, pct in
            (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))}


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine_line() -> str:
    """One line describing where the figures were measured."""
    pg = "PostgreSQL ?"
    with contextlib.suppress(Exception):
        out = subprocess.run(["psql", dsn(), "-tAc", "show server_version"], capture_output=True, text=True,
                             timeout=10).stdout.strip()
        pg = f"PostgreSQL {out.split()[0]}" if out else pg
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; {os.cpu_count()} cores "
            f"({platform.processor() or platform.machine()}), {pg}, Python {platform.python_version()}, "
            f"load average before run {load}")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table."""
    def cell(value: object) -> str:
        return f"{value:.1f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


# --- CPU accounting ------------------------------------------------------------------------

_TICKS = os.sysconf("SC_CLK_TCK")


def _proc_cpu(pid: int | str) -> tuple[int, float]:
    """(process group, CPU seconds in user and system mode) of one process; (-1, 0) if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return -1, 0.0
    return int(fields[2]), (int(fields[11]) + int(fields[12])) / _TICKS


def group_cpu_seconds(pgid: int) -> float:
    """CPU used so far by the live processes of one process group (a gunicorn or a Celery worker
    started with start_new_session): its master and its workers."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            group, seconds = _proc_cpu(entry.name)
            if group == pgid:
                total += seconds
    return total


def db_backends_cpu_seconds() -> dict[int, float]:
    """CPU used so far by each PostgreSQL backend connected to the bench database (the servers keep
    their connections, so the differences over a run are the database's share of its work)."""
    out = subprocess.run(["psql", dsn(), "-tAc", "select pid from pg_stat_activity where datname = current_database()"
                          " and pid <> pg_backend_pid()"], capture_output=True, text=True, timeout=10).stdout
    return {int(pid): _proc_cpu(pid)[1] for pid in out.split()}


def db_cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds the backends used between two readings (a backend that ended in between is not counted)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


# --- docs/benchmarks.md --------------------------------------------------------------------

def _markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def _replace(text: str, name: str, body: str) -> tuple[str, bool]:
    start, end = _markers(name)
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    block = f"{start}\n{body.strip()}\n{end}"
    if pattern.search(text):
        return pattern.sub(lambda _: block, text, count=1), True
    return text, False


def write_section(name: str, body: str, *, parent: str | None = FOUNDATION, path: Path = DOCS) -> None:
    """Replace the section NAME of docs/benchmarks.md with BODY, creating it if missing.

    With a parent, the section lives inside the parent's markers (created at the end of the
    file if missing); without one it is a top-level section. Everything outside the section
    is left byte for byte. A lock file serialises writers; the new text is written to a
    temporary file and renamed over the old one, so a reader never sees half a file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(Path(tempfile.gettempdir()) / "ixxo-benchmarks-md.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        text = path.read_text() if path.exists() else "# Benchmarks\n"
        text, found = _replace(text, name, body)
        if not found:
            block = "\n".join(_markers(name)).replace("-->\n", f"-->\n{body.strip()}\n", 1)
            if parent is None:
                text = text.rstrip("\n") + "\n\n" + block + "\n"
            else:
                p_start, p_end = _markers(parent)
                if p_end not in text:
                    text = text.rstrip("\n") + f"\n\n{p_start}\n{p_end}\n"
                text = text.replace(p_end, block + "\n" + p_end, 1)
        tmp = path.with_suffix(".md.tmp")
        tmp.write_text(text)
        os.replace(tmp, path)
    print(f"wrote section {name!r} of {path.relative_to(ROOT)}")


# --- gunicorn ------------------------------------------------------------------------------

SERVER_PGIDS: dict[int, int] = {}  # port -> process group of the gunicorn serving it, for CPU accounting


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not start in time")


@contextlib.contextmanager
def gunicorn(*, workers: int, port: int | None = None, extra_args: Sequence[str] = (),
             env: dict[str, str] | None = None) -> Iterator[int]:
    """Run gunicorn on 127.0.0.1 against the bench DB; yields the port; stops it (by pid) on exit."""
    port = port or free_port()
    cmd = [str(VENV_BIN / "gunicorn"), "ixxo_support.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
           "--log-level", "warning", "--timeout", "60", *extra_args]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env or bench_env(), start_new_session=True)
    try:
        _wait_for_port(port, proc, timeout=30)
        SERVER_PGIDS[port] = proc.pid
        yield port
    finally:
        # Only the process group we started: gunicorn's master and its workers.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def session_cookie(user: object) -> str:
    """A `Cookie` header value signing `user` in (Django must be set up)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def timed_get(port: int, path: str, headers: dict[str, str], *, name: str, timeout: float = 30) -> tuple[float, bytes]:
    """One GET over a fresh connection: wall seconds and the body; anything but a 200 is an error."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{name}: HTTP {response.status}")
    return elapsed, body
