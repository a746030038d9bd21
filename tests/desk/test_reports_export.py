"""CSV cells a spreadsheet would run as formulas are neutralised."""

import csv
import io

import pytest

from desk.report_export import csv_lines, neutralise
from tests import factories


@pytest.mark.parametrize("value", ["=1+1", "+49 30 1234", "-2+3", "@SUM(A1)", "\tTab", "\rCR",
                                   '=HYPERLINK("http://evil.example","x")'])
def test_formula_like_cells_get_a_leading_quote(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["General", "2024-03-01", 12, "", None, "a=b", "33.3"])
def test_ordinary_cells_are_unchanged(value):
    assert neutralise(value) == ("" if value is None else str(value))


def test_csv_lines_neutralise_headers_and_cells():
    text = "".join(csv_lines(["=Name", "Count"], [["@evil", 3], ["ok", 4]]))
    assert list(csv.reader(io.StringIO(text))) == [["'=Name", "Count"], ["'@evil", "3"], ["ok", "4"]]


@pytest.mark.django_db
def test_a_queue_named_like_a_formula_is_exported_harmless(client, cast):
    queue = factories.QueueFactory(name='=cmd|" /C calc"!A0', slug="evil")
    factories.TicketFactory(merchant=cast.alpine, queue=queue, scope_verdict="in_scope", scope_topics=["license"])
    client.force_login(cast.supervisor)
    response = client.get("/desk/reports/sla-queue.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][0] == "'" + queue.name
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
