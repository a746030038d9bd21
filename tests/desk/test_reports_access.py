"""Who may see the dashboard and its CSV, and what the filter accepts."""

import csv
import io
from datetime import timedelta

import pytest

from tests.desk import reports_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(cast):  # noqa: ANN001, ANN201
    return reports_dataset.build(cast)


def _csv(response) -> list[list[str]]:  # noqa: ANN001
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize("who", ["supervisor", "admin"])
def test_supervisors_and_admins_see_the_dashboard_with_its_charts(client, cast, data, who):
    client.force_login(getattr(cast, who))
    response = client.get("/desk/reports/", data.query)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg class="chart"') == 7
    assert html.count("<details") == 7 and html.count("Download CSV") == 7


@pytest.mark.parametrize("who", ["agent", "alice"])
@pytest.mark.parametrize("path", ["/desk/reports/", "/desk/reports/sla-agent.csv"])
def test_agents_and_merchants_get_404(client, cast, who, path):
    client.force_login(getattr(cast, who))
    assert client.get(path).status_code == 404


def test_the_anonymous_are_sent_to_sign_in(client):
    response = client.get("/desk/reports/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_report_is_404(client, cast):
    client.force_login(cast.supervisor)
    assert client.get("/desk/reports/nothing.csv").status_code == 404


@pytest.mark.parametrize(("query", "message"), [
    ({"start": "2024-02-30"}, "Enter a valid date."),
    ({"start": "yesterday"}, "Enter a valid date."),
    ({"start": "2024-03-10", "end": "2024-03-01"}, "The start date must not be after the end date."),
    ({"start": "2020-01-01", "end": "2024-01-01"}, "Choose at most 366 days."),
])
def test_a_bad_date_range_is_a_form_error(client, cast, query, message):
    client.force_login(cast.supervisor)
    response = client.get("/desk/reports/", query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert '<svg class="chart"' not in response.content.decode()
    assert client.get("/desk/reports/backlog.csv", query).status_code == 400


def test_without_dates_the_range_is_the_last_30_days(client, cast, data):
    client.force_login(cast.supervisor)
    rows = _csv(client.get("/desk/reports/volume-verdict.csv"))
    assert len(rows) == 1 + 30
    assert rows[-1][0] == data.end.isoformat()
    assert sum(int(row[-1]) for row in rows[1:]) == 7  # t5 and t6 (14, 20 days ago) join the 11-day range's five


def test_without_dates_the_inputs_show_the_default_range(client, cast, data):
    client.force_login(cast.supervisor)
    page = client.get("/desk/reports/", {"start": ""}).content.decode()
    first = data.end - timedelta(days=29)
    assert f'name="start" value="{first.isoformat()}"' in page
    assert f'name="end" value="{data.end.isoformat()}"' in page


def test_the_csv_holds_the_reports_numbers(client, cast, data):
    client.force_login(cast.supervisor)
    rows = _csv(client.get("/desk/reports/sla-queue.csv", data.query))
    assert rows[0][:3] == ["Queue", "Tickets", "First response met"]
    assert ["General desk", "4", "1", "2", "33.3", "1", "0", "100.0"] in rows


def test_a_supervisor_limited_to_queues_exports_only_their_queues(client, data):
    client.force_login(data.limited)
    queues = [row[0] for row in _csv(client.get("/desk/reports/sla-queue.csv", data.query))[1:]]
    assert queues == ["General desk"]
    agents = [row[0] for row in _csv(client.get("/desk/reports/sla-agent.csv", data.query))[1:]]
    assert agents == ["ann", "Unassigned"]
    totals = _csv(client.get("/desk/reports/volume-verdict.csv", data.query))
    assert sum(int(row[-1]) for row in totals[1:]) == 4


def test_a_supervisor_limited_to_queues_cannot_choose_another_queue(client, data):
    client.force_login(data.limited)
    response = client.get("/desk/reports/sla-agent.csv", {**data.query, "queue": data.technical.pk})
    assert response.status_code == 400
    page = client.get("/desk/reports/", data.query).content.decode()
    assert "General desk" in page and "Technical desk" not in page


def test_the_queue_filter_applies_to_the_csv(client, cast, data):
    client.force_login(cast.supervisor)
    rows = _csv(client.get("/desk/reports/sla-agent.csv", {**data.query, "queue": data.technical.pk}))
    assert [row[0] for row in rows[1:]] == ["ben"]
