"""The dashboard's reports: each a title, a table of numbers (also the CSV) and a chart.

`Figures` runs each aggregate of desk/reports.py at most once per request, so the page issues a
constant number of queries and a CSV export runs only the queries its report needs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.utils.safestring import SafeString

from accounts.models import User
from policy.models import ScopeTopic, ScopeVerdict

from . import report_markup, reports
from .report_charts import Chart, Series, columns, rows

VERDICT_COLORS = {"in_scope": "#2f6f9f", "mixed": "#d08c2b", "restricted": "#b23a48", "": "#9aa3ab"}
IN_SCOPE_COLORS = ["#1f4e79", "#2f6f9f", "#5b9bd5", "#9cc3e6", "#3d7f6e", "#7fb5a5"]
RESTRICTED_COLORS = ["#8c1c2b", "#b23a48", "#d0605e", "#e8998d", "#d08c2b", "#e6b86a", "#7a4f9a", "#a88bc4"]
MET, BREACHED = "#2e7d4f", "#b23a48"


@dataclass
class Report:
    slug: str
    title: str
    summary: str
    headers: list[str]
    rows: list[list[object]]
    chart: Chart
    empty_text: str = "No tickets in this range."

    @property
    def chart_markup(self) -> SafeString:
        return report_markup.chart_svg(self.chart)

    @property
    def table_markup(self) -> SafeString:
        return report_markup.table_rows(self.rows)


class Figures:
    """The aggregates for one user and one filter, computed lazily and once."""

    def __init__(self, user: User, filters: reports.ReportFilters) -> None:
        self.filters = filters
        self.tickets = reports.report_scope(user, filters)
        self.days = filters.days

    @cached_property
    def kinds(self) -> dict[str, tuple[str, str]]:
        return reports.topic_kinds()

    @cached_property
    def _volume(self) -> list[dict]:
        return reports.volume(self.tickets, self.filters)

    @cached_property
    def verdicts(self) -> dict[tuple[date, str], int]:
        """(day, verdict) -> tickets created."""
        counts: dict[tuple[date, str], int] = {}
        for row in self._volume:  # aggregated rows (day × verdict × topic list), not tickets
            counts[(row["day"], row["verdict"])] = counts.get((row["day"], row["verdict"]), 0) + row["n"]
        return counts

    @cached_property
    def topics(self) -> dict[tuple[date, str], int]:
        """(day, topic) -> tickets created with that topic (a ticket counts once per topic)."""
        counts: dict[tuple[date, str], int] = {}
        for row in self._volume:
            for slug in set(row["topics"]):
                counts[(row["day"], slug)] = counts.get((row["day"], slug), 0) + row["n"]
        return counts

    @cached_property
    def sla(self) -> list[dict]:
        return reports.sla_rows(self.tickets, self.filters)

    @cached_property
    def created_per_day(self) -> list[int]:
        return [sum(self.verdicts.get((day, v), 0) for v, _ in reports.VERDICTS) for day in self.days]



def _day_labels(figures: Figures) -> list[str]:
    return [f"{day:%d %b}" for day in figures.days]


def volume_verdict(figures: Figures) -> Report:
    series = [Series(label, VERDICT_COLORS[v], [figures.verdicts.get((day, v), 0) for day in figures.days])
              for v, label in reports.VERDICTS]
    table = [[day.isoformat(), *(s.values[i] for s in series), figures.created_per_day[i]]
             for i, day in enumerate(figures.days)]
    return Report("volume-verdict", "Tickets per day by verdict",
                  "New tickets each day, split by the scope verdict they hold now.",
                  ["Day", *(s.name for s in series), "Total"], table, columns(_day_labels(figures), series))


def volume_topic(figures: Figures) -> Report:
    slugs = list(figures.kinds)
    palettes = {ScopeTopic.Kind.IN_SCOPE: iter(IN_SCOPE_COLORS), ScopeTopic.Kind.RESTRICTED: iter(RESTRICTED_COLORS)}
    series = []
    for slug in slugs:
        name, kind = figures.kinds.get(slug, (slug, ""))
        color = next(palettes.get(kind, iter(())), "#9aa3ab")
        series.append(Series(name, color, [figures.topics.get((day, slug), 0) for day in figures.days]))
    table = [[day.isoformat(), *(s.values[i] for s in series)] for i, day in enumerate(figures.days)]
    return Report("volume-topic", "Tickets per day by topic",
                  "A ticket with two topics counts once in each; blues are in scope, reds restricted.",
                  ["Day", *(s.name for s in series)], table, columns(_day_labels(figures), series, height=280))


def backlog(figures: Figures) -> Report:
    counts = reports.backlog_age(figures.tickets)
    labels = [label for _key, label, _low, _high in reports.BACKLOG_BUCKETS]
    values = [counts[key] for key, *_ in reports.BACKLOG_BUCKETS]
    return Report("backlog", "Backlog age", "Tickets open right now by age (the date range does not apply).",
                  ["Age", "Open tickets"], [list(pair) for pair in zip(labels, values, strict=True)],
                  columns(labels, [Series("Open tickets", "#2f6f9f", values)], height=200, every=1))


def _sla(figures: Figures, field: str, slug: str, title: str, who: str, nobody: str) -> Report:
    data = reports.sla_by(figures.sla, field)
    names = [row["name"] or nobody for row in data]
    labels = [f"{name} · {clock}" for name in names for clock in ("first response", "resolution")]
    met = [row[key] for row in data for key in ("fr_met", "res_met")]
    breached = [row[key] for row in data for key in ("fr_breached", "res_breached")]
    table = [[name, row["total"], row["fr_met"], row["fr_breached"], _pct(row["fr_met"], row["fr_breached"]),
              row["res_met"], row["res_breached"], _pct(row["res_met"], row["res_breached"])]
             for name, row in zip(names, data, strict=True)]
    return Report(slug, title, f"Tickets created in the range, per {who}: the share of clocks met of those met or "
                  "breached (clocks still running are left out).",
                  [who.capitalize(), "Tickets", "First response met", "First response breached",
                   "First response attainment %", "Resolution met", "Resolution breached", "Resolution attainment %"],
                  table, rows(labels, [Series("Met", MET, met), Series("Breached", BREACHED, breached)]),
                  "No clock met or breached yet in this range.")


def _pct(part: int, other: int) -> str:
    return f"{100 * part / (part + other):.1f}" if part + other else ""


def sla_queue(figures: Figures) -> Report:
    return _sla(figures, "queue", "sla-queue", "SLA attainment per queue", "queue", "No queue")


def sla_agent(figures: Figures) -> Report:
    return _sla(figures, "assignee", "sla-agent", "SLA attainment per agent", "agent", "Unassigned")


def restricted_share(figures: Figures) -> Report:
    total = sum(figures.created_per_day)
    restricted = [slug for slug, (_name, kind) in figures.kinds.items() if kind == ScopeTopic.Kind.RESTRICTED]
    counts = [sum(n for (_day, topic), n in figures.topics.items() if topic == slug) for slug in restricted]
    any_restricted = sum(n for (_day, v), n in figures.verdicts.items() if v in ("restricted", "mixed"))
    names = [figures.kinds[slug][0] for slug in restricted]
    shares = [_share(n, total) for n in counts]
    table = [[name, n, share] for name, n, share in zip(names, counts, shares, strict=True)]
    table.append(["Any restricted topic (verdict restricted or mixed)", any_restricted, _share(any_restricted, total)])
    table.append(["All tickets", total, "100.0" if total else ""])
    return Report("restricted-topics", "Share of tickets in each restricted topic",
                  "What merchants ask that support does not cover: input for the vendor's paid services.",
                  ["Topic", "Tickets", "Share of all tickets %"], table,
                  rows(names, [Series("Tickets", "#b23a48", counts)], percent=False,
                       notes=[f"{s} %" if s else "–" for s in shares]), "No restricted topic in this range.")


def _share(part: int, total: int) -> str:
    return f"{100 * part / total:.1f}" if total else ""


def corrections(figures: Figures) -> Report:
    data = reports.corrections(figures.tickets, figures.filters)
    fixed = [data.get((day, ScopeVerdict.Source.AGENT), 0) for day in figures.days]
    confirmed = [data.get((day, ScopeVerdict.Source.CONFIRMED), 0) for day in figures.days]
    table = [[day.isoformat(), fixed[i], confirmed[i], figures.created_per_day[i],
              _share(fixed[i], figures.created_per_day[i])] for i, day in enumerate(figures.days)]
    series = [Series("Corrections", "#b23a48", fixed), Series("Confirmations", "#2e7d4f", confirmed)]
    return Report("corrections", "Agents' corrections of the classifier",
                  "Verdicts agents corrected or confirmed each day; the rate compares corrections with the day's new "
                  "tickets.", ["Day", "Corrections", "Confirmations", "New tickets", "Corrections per 100 new tickets"],
                  table, columns(_day_labels(figures), series, height=200),
                  "No corrections or confirmations in this range.")


REPORTS: dict[str, Callable[[Figures], Report]] = {
    "volume-verdict": volume_verdict, "volume-topic": volume_topic, "backlog": backlog, "sla-queue": sla_queue,
    "sla-agent": sla_agent, "restricted-topics": restricted_share, "corrections": corrections,
}


def dashboard(user: User, filters: reports.ReportFilters) -> list[Report]:
    figures = Figures(user, filters)
    return [build(figures) for build in REPORTS.values()]


def one_report(user: User, filters: reports.ReportFilters, slug: str) -> Report:
    return REPORTS[slug](Figures(user, filters))
