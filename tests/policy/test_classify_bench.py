"""The classifier benchmark rewrites only its own figures in docs/benchmarks.md."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def bench():
    spec = importlib.util.spec_from_file_location("classify_speed", ROOT / "bench" / "classify_speed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_run_replaces_the_last_runs_figures_and_keeps_the_written_history():
    b = bench()
    first = f"{b.FIGURES_START}\n| throughput | 900 |\n{b.FIGURES_END}"
    second = f"{b.FIGURES_START}\n| throughput | 1,000 |\n{b.FIGURES_END}"
    doc = (f"# Benchmarks\n\n{b.START}\n## Scope classifier\n\n{b.INTRO}, CPython. Targets: ...\n\n"
           f"**Session 4.** What was tried, in prose.\n{b.END}\n\n## Forum\n")
    once = b.with_figures(doc, first)
    assert "| throughput | 900 |" in once and once.index(b.INTRO) < once.index(first) < once.index("**Session 4.**")
    twice = b.with_figures(once, second)
    assert twice == once.replace(first, second)
    assert "**Session 4.** What was tried, in prose." in twice and twice.endswith("## Forum\n")


def test_a_document_without_the_section_gets_it_appended():
    b = bench()
    block = f"{b.FIGURES_START}\n| throughput | 900 |\n{b.FIGURES_END}"
    out = b.with_figures("# Benchmarks\n", block)
    assert out.startswith("# Benchmarks\n\n" + b.START) and block in out and out.rstrip().endswith(b.END)
