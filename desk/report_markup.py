"""The dashboard's repetitive markup (chart shapes, table rows) built with format strings.

A 30-day dashboard has ~1,000 SVG elements and ~700 table cells; drawn with template loops,
each value went through Django's variable resolution and localisation, which cost more than
all the page's SQL at 1M tickets. Here every text is escaped and every number printed with
str(), which is what the template printed for them (no thousands separator is configured).
templates/desk/reports/_report.html keeps the page's structure around these fragments.
"""

from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from .report_charts import Chart

GRIDLINE = ('<line class="grid" x1="{x1}" x2="{x2}" y1="{y}" y2="{y}"/>'
            '<text class="axis" x="{x}" y="{y}" dy="4" text-anchor="end">{label}</text>')
SHAPE = '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{color}"><title>{title}</title></rect>'
LABEL = '<text class="axis" x="{x}" y="{y}" text-anchor="{anchor}">{text}</text>'


def chart_svg(chart: Chart) -> SafeString:
    """The inside of a chart's <svg>: gridlines with their axis labels, the bars, the labels."""
    anchor = "end" if chart.kind == "rows" else "middle"
    parts = [GRIDLINE.format(x1=line["x1"], x2=line["x2"], y=line["y"], x=line["x1"] - 6, label=escape(line["label"]))
             for line in chart.gridlines]
    parts += [SHAPE.format(x=s["x"], y=s["y"], w=s["w"], h=s["h"], color=escape(s["color"]), title=escape(s["title"]))
              for s in chart.shapes]
    parts += [LABEL.format(x=label["x"], y=label["y"], anchor="start" if label.get("start") else anchor,
                           text=escape(label["text"])) for label in chart.labels]
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or a number


def _cell(value: object) -> str:
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return conditional_escape(localize(value))  # anything else as the template would print it


def table_rows(rows: list[list[object]]) -> SafeString:
    """A report's <tbody> rows: the first cell is the row's header."""
    return mark_safe("".join(  # noqa: S308 - cells are escaped by _cell
        f'<tr><th scope="row">{_cell(row[0])}</th>{"".join(f"<td>{_cell(cell)}</td>" for cell in row[1:])}</tr>'
        for row in rows if row))
