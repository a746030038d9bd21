"""Chart geometry for the dashboard's inline SVG: pure Python, no database, no JavaScript.

The functions turn a few dozen aggregated numbers into rectangles and labels; the templates in
templates/desk/reports/ draw them. Coordinates are in the SVG's own viewBox units, so charts scale
with the page.
"""

from dataclasses import dataclass, field

WIDTH = 760
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 12, 34
LABEL_CHARS = 34  # what fits left of a row chart's bars; the bar's tooltip has the whole label


@dataclass(frozen=True)
class Series:
    name: str
    color: str
    values: list[int]


@dataclass
class Chart:
    kind: str  # "columns" or "rows"
    width: int
    height: int
    shapes: list[dict] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)
    gridlines: list[dict] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    empty: bool = False


def nice_max(value: float) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above value (the axis' top)."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def columns(categories: list[str], series: list[Series], *, height: int = 240, every: int | None = None) -> Chart:
    """Stacked columns, one per category (a day, an age bucket), one colour per series."""
    chart = Chart("columns", WIDTH, height, legend=[(s.name, s.color) for s in series if any(s.values)])
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    top = 4 * nice_max(max(totals, default=0) / 4)  # four whole-number steps on the axis
    chart.empty = not any(totals)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM
    slot = plot_w / max(len(categories), 1)
    bar = max(slot * 0.8, 0.5)
    for tick in range(5):
        value = top * tick / 4
        y = TOP + plot_h - plot_h * tick / 4
        chart.gridlines.append({"y": round(y, 1), "label": f"{value:,.0f}", "x1": LEFT, "x2": WIDTH - RIGHT})
    every = every or max(1, round(len(categories) / 7))
    for i, category in enumerate(categories):
        x = LEFT + slot * i + (slot - bar) / 2
        base = TOP + plot_h
        for s in series:
            value = s.values[i]
            if not value:
                continue
            h = plot_h * value / top
            base -= h
            chart.shapes.append({"x": round(x, 2), "y": round(base, 2), "w": round(bar, 2), "h": round(h, 2),
                                 "color": s.color, "title": f"{category}: {s.name} {value}"})
        if i % every == 0:
            chart.labels.append({"x": round(x + bar / 2, 1), "y": height - BOTTOM + 16, "text": category})
    return chart


def rows(labels: list[str], series: list[Series], *, percent: bool = True, notes: list[str] | None = None,
         row_h: int = 26) -> Chart:
    """Horizontal bars, one per label. percent=True: each bar is its row's 100 % split into the
    series (met / breached); otherwise one scale for all rows (shares of all tickets). The note
    at the right of a row defaults to the first series' share of the row."""
    label_w = 270
    height = TOP + BOTTOM // 2 + row_h * max(len(labels), 1)
    chart = Chart("rows", WIDTH, height, legend=[(s.name, s.color) for s in series])
    plot_w = WIDTH - label_w - RIGHT - 60
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    chart.empty = not any(totals)
    scale_top = nice_max(max(totals, default=0)) if not percent else 0
    for i, label in enumerate(labels):
        y = TOP + row_h * i
        short = label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"
        chart.labels.append({"x": label_w - 6, "y": y + row_h / 2 + 4, "text": short})
        x, total = float(label_w), totals[i]
        for s in series:
            value = s.values[i]
            if not value:
                continue
            w = plot_w * value / (total if percent else scale_top)
            share = f" ({100 * value / total:.0f} %)" if percent and total else ""
            chart.shapes.append({"x": round(x, 2), "y": y + 4, "w": round(w, 2), "h": row_h - 8, "color": s.color,
                                 "title": f"{label}: {s.name} {value}{share}"})
            x += w
        note = notes[i] if notes else (f"{100 * series[0].values[i] / total:.0f} %" if total else "–")
        chart.labels.append({"x": label_w + plot_w + 6, "y": y + row_h / 2 + 4, "text": note, "start": True})
    return chart
