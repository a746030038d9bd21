"""Speed of the scope classifier in one process, without Django.

Loads the shipped model (median of five loads), then classifies realistic tickets one at a
time and 5 kB tickets (a ticket, a quoted reply chain and a pasted log). Prints the figures
and writes them between the classify-figures markers of docs/benchmarks.md, leaving the rest of the
classifier's section (the written history of earlier rounds) as it is.

usage: python bench/classify_speed.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policy.classify import classify  # noqa: E402
from policy.model import MODEL_PATH, load_examples, load_model, training_files  # noqa: E402
from policy.rules import load_seed  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- classify:start -->", "<!-- classify:end -->"
FIGURES_START, FIGURES_END = "<!-- classify-figures:start -->", "<!-- classify-figures:end -->"
INTRO = "One process, no Django"

QUOTED_CHAIN = """

On Tue, 4 Mar 2025 at 09:12, IXXO Support <support@ixxo.example> wrote:
> Hello,
>
> thank you for your message. Could you send us a screenshot of the settings page and the
> exact version you are running? You find it under System > About.
>
> Kind regards,
> Anna | IXXO Support
>
> On Mon, 3 Mar 2025 at 17:40, Store Owner <owner@shop.example> wrote:
>> Hi, since this morning something is wrong with our shop, please help.
>> Best, Sam
"""

LOG = """
[2025-03-04 09:14:02] production.ERROR: SQLSTATE[HY000]: General error: 2006 MySQL server has gone away
#0 /var/www/shop/vendor/ixxo/framework/src/Database/Connection.php(412): PDOStatement->execute()
#1 /var/www/shop/vendor/ixxo/framework/src/Database/Connection.php(380): Connection->runQuery()
#2 /var/www/shop/app/Catalog/Listing.php(212): Connection->select()
#3 /var/www/shop/app/Http/Controllers/CategoryController.php(88): Listing->load()
"""


def _five_kb(tickets: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Tickets of about 5,000 characters: real ones joined, a quoted chain and a log."""
    out = []
    for i in range(len(tickets)):
        subject, body = tickets[i]
        parts = [body]
        j = i + 1
        while sum(map(len, parts)) < 5000 - len(QUOTED_CHAIN) - len(LOG) * 3:
            parts.append(tickets[j % len(tickets)][1])
            j += 1
        text = "\n\n".join(parts) + "\n\nThe log says:\n" + LOG * 3 + QUOTED_CHAIN
        out.append((subject, text[:5200]))
    return out


def _latencies(tickets: list[tuple[str, str]], ruleset, model, rounds: int
               ) -> tuple[list[float], float, list[float]]:
    """Wall time of each call, the process's CPU time for all of them, and the CPU time of each
    call (the machine may be shared: CPU time says what the code costs, wall time what a caller
    waits, including the time other processes held the core)."""
    times, cpu_each = [], []
    cpu = time.process_time()
    for _ in range(rounds):
        for subject, body in tickets:
            t0, c0 = time.perf_counter(), time.thread_time()
            classify(subject, body, ruleset=ruleset, model=model)
            times.append(time.perf_counter() - t0)
            cpu_each.append(time.thread_time() - c0)
    return times, time.process_time() - cpu, cpu_each


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    data = MODEL_PATH.read_bytes()
    loads = []
    for _ in range(5):
        t0 = time.perf_counter()
        model = load_model(data)
        loads.append(time.perf_counter() - t0)
    ruleset = load_seed()
    examples = load_examples(*training_files())
    tickets = [(e.subject, e.body) for e in examples]
    big = _five_kb(tickets)
    classify(*tickets[0], ruleset=ruleset, model=model)  # compile the rules once, as a server would

    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    normal, normal_cpu, _ = _latencies(tickets, ruleset, model, args.rounds)
    elapsed = time.perf_counter() - t0
    large, large_cpu, large_each = _latencies(big, ruleset, model, 1)

    figures = {
        "model file": f"{len(data) / 1e6:.1f} MB",
        "model load (median of 5)": f"{statistics.median(loads) * 1000:.0f} ms",
        "tickets classified": f"{len(normal)} ({len(tickets)} distinct, median "
                              f"{statistics.median(len(b) for _, b in tickets):.0f} chars)",
        "load average before the run": f"{load:.2f} on {os.cpu_count()} cores",
        "throughput, one process": f"{len(normal) / elapsed:,.0f} tickets/s "
                                   f"({len(normal) / normal_cpu:,.0f} per CPU-second)",
        "latency p50 / p99": f"{_pct(normal, 0.5) * 1000:.2f} ms / {_pct(normal, 0.99) * 1000:.2f} ms",
        "5 kB tickets: p50 / p99": f"{_pct(large, 0.5) * 1000:.2f} ms / {_pct(large, 0.99) * 1000:.2f} ms "
                                   f"({len(large)} tickets, mean {statistics.mean(len(b) for _, b in big):.0f} chars, "
                                   f"{large_cpu / len(large) * 1000:.2f} ms CPU each)",
        "5 kB tickets, CPU time: p50 / p99": f"{_pct(large_each, 0.5) * 1000:.2f} ms / "
                                             f"{_pct(large_each, 0.99) * 1000:.2f} ms",
    }
    for key, value in figures.items():
        print(f"{key:34} {value}")
    _write(figures)
    return 0


def _write(figures: dict[str, str]) -> None:
    machine = f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}"
    block = [FIGURES_START, f"Last run of this benchmark ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
             f"{machine}):", "", "| figure | value |", "| --- | --- |",
             *(f"| {k} | {v} |" for k, v in figures.items()), FIGURES_END]
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(with_figures(text, "\n".join(block)), encoding="utf-8")


def with_figures(text: str, block: str) -> str:
    """The document with this run's figures in place of the last run's: only the block between the
    figures markers changes, so the section's written history of earlier rounds stays. A section
    without the block gets it after its opening lines; a document without the section gets both."""
    if FIGURES_START in text and FIGURES_END in text:
        head, rest = text.split(FIGURES_START, 1)
        return head + block + rest.split(FIGURES_END, 1)[1]
    if START in text:
        head, rest = text.split(START, 1)
        opening, _, body = rest.partition(INTRO)
        if body:
            first_line, _, after = body.partition("\n")
            return head + START + opening + INTRO + first_line + "\n\n" + block + "\n" + after
        return head + START + "\n" + block + rest
    section = [START, "## Scope classifier (`bench/classify_speed.py`)", "", INTRO + " Targets: ≥ 1,000 tickets/s, "
               "p99 ≤ 10 ms for a 5 kB ticket, model load < 2 s.", "", block, END]
    return text.rstrip("\n") + "\n\n" + "\n".join(section) + "\n"


if __name__ == "__main__":
    sys.exit(main())
