"""What keeps the dashboard fast at 1M tickets: index-only aggregates and markup built in Python."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk import reports
from desk.report_charts import Series, columns, rows
from desk.report_markup import chart_svg, table_rows
from tests import factories
from tests.desk import reports_dataset
from tickets.models import REPORT_COLUMNS, Ticket

pytestmark = pytest.mark.django_db

# The columns each index holds (Django names a foreign key's column <field>_id).
REPORT_INDEX = {"created_at", *(f"{c}_id" if c in ("queue", "assignee") else c for c in REPORT_COLUMNS)}
OPEN_INDEX = {"created_at", "queue_id", "status"}  # status: the partial index's own condition


@pytest.fixture
def data(cast):  # noqa: ANN001, ANN201
    return reports_dataset.build(cast)


def _ticket_columns(run) -> set[str]:  # noqa: ANN001
    """The tickets_ticket columns the SQL of `run()` reads."""
    with CaptureQueriesContext(connection) as ctx:
        run()
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "tickets_ticket" in sql
    return set(re.findall(r'"tickets_ticket"\."(\w+)"', sql))


@pytest.mark.parametrize("who", ["supervisor", "limited"])
def test_the_range_and_backlog_aggregates_read_only_their_indexes_columns(cast, data, who):
    # A column outside the index (say Count("id")) would silently turn the index-only scans back
    # into visits of ~3,000 heap pages per 50k tickets.
    user = cast.supervisor if who == "supervisor" else data.limited
    filters = reports.ReportFilters(start=data.start, end=data.end)
    scope = reports.report_scope(user, filters)
    assert _ticket_columns(lambda: reports.volume(scope, filters)) <= REPORT_INDEX
    assert _ticket_columns(lambda: reports.sla_rows(scope, filters)) <= REPORT_INDEX
    assert _ticket_columns(lambda: reports.backlog_age(scope)) <= OPEN_INDEX


def test_the_indexes_in_the_schema_hold_those_columns():
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Ticket._meta.db_table)
    assert indexes["ticket_created_report"]["columns"][0] == "created_at"  # the key; the rest INCLUDEd
    assert set(indexes["ticket_created_report"]["columns"]) == REPORT_INDEX
    assert indexes["ticket_open_created"]["columns"] == ["created_at", "queue_id"]


def test_sla_rows_name_queues_and_agents_after_grouping_by_ids(cast, data):
    filters = reports.ReportFilters(start=data.start, end=data.end)
    got = {(r["queue__name"], r["assignee__username"]): r["total"]
           for r in reports.sla_rows(reports.report_scope(cast.supervisor, filters), filters)}
    assert got == {("General desk", "ann"): 2, ("General desk", None): 2, ("Technical desk", "ben"): 1}


def test_chart_markup_escapes_every_text_and_draws_every_shape():
    chart = rows(['<b>"Q&A"</b>'], [Series("Met <ok>", "#2e7d4f", [3]), Series("Breached", "#b23a48", [1])])
    svg = chart_svg(chart)
    assert svg.count("<rect ") == len(chart.shapes) == 2
    assert "<b>" not in svg and "&lt;b&gt;&quot;Q&amp;A&quot;&lt;/b&gt;" in svg
    assert "Met &lt;ok&gt; 3 (75 %)" in svg
    days = columns(["01 Nov", "02 Nov"], [Series("In scope", "#2f6f9f", [2, 0])])
    svg = chart_svg(days)
    assert svg.count("<rect ") == 1 and svg.count('<line class="grid"') == 5
    assert 'text-anchor="middle">01 Nov</text>' in svg


def test_table_markup_escapes_text_and_prints_numbers_plainly():
    html = table_rows([["<i>ann</i>", 1234, "50.0", 2.5, None]])
    assert html == ('<tr><th scope="row">&lt;i&gt;ann&lt;/i&gt;</th><td>1234</td><td>50.0</td><td>2.5</td>'
                    "<td>None</td></tr>")


def test_a_hostile_agent_name_is_escaped_on_the_dashboard(client, cast, data):
    evil = factories.StaffFactory(username="<script>x</script>", role="agent")
    Ticket.objects.filter(pk=data.t1.pk).update(assignee=evil)
    client.force_login(cast.supervisor)
    html = client.get("/desk/reports/", data.query).content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt; · first response" in html  # the SLA-per-agent chart's label
