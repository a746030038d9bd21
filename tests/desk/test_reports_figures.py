"""The dashboard's figures on a small known helpdesk (tests/desk/reports_dataset.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk.report_data import one_report
from desk.reports import ReportFilters
from policy.models import ScopeTopic
from tests import factories
from tests.desk import reports_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(cast):  # noqa: ANN001, ANN201
    return reports_dataset.build(cast)


def _rows(user, data, slug: str, queue_id: int | None = None) -> dict:  # noqa: ANN001
    report = one_report(user, ReportFilters(start=data.start, end=data.end, queue_id=queue_id), slug)
    return {row[0]: row[1:] for row in report.rows}


def _day(data, days_ago: int) -> str:  # noqa: ANN001
    return reports_dataset.noon(days_ago).date().isoformat()


def test_volume_by_verdict_counts_tickets_created_per_day(cast, data):
    rows = _rows(cast.supervisor, data, "volume-verdict")  # In scope, Mixed, Restricted, Not classified, Total
    assert len(rows) == 11
    assert rows[_day(data, 2)] == [1, 0, 1, 0, 2]
    assert rows[_day(data, 4)] == [0, 1, 0, 0, 1]
    assert rows[_day(data, 10)] == [0, 0, 1, 0, 1]
    assert [sum(column) for column in zip(*rows.values(), strict=True)] == [2, 1, 2, 0, 5]


def test_volume_by_topic_counts_a_ticket_once_per_topic(cast, data):
    report = one_report(cast.supervisor, ReportFilters(start=data.start, end=data.end), "volume-topic")
    totals = dict(zip(report.headers[1:], [sum(c) for c in zip(*(r[1:] for r in report.rows), strict=True)],
                      strict=True))
    names = dict(ScopeTopic.objects.values_list("slug", "name"))
    by_slug = {slug: totals[names[slug]] for slug in names if totals[names[slug]]}
    assert by_slug == {"functionality": 3, "custom_html_css": 2, "hosting": 2}, totals
    assert sum(totals.values()) == 7


def test_restricted_topic_share_is_of_all_tickets_in_the_range(cast, data):
    rows = _rows(cast.supervisor, data, "restricted-topics")
    assert rows["Any restricted topic (verdict restricted or mixed)"] == [3, "60.0"]
    assert rows["All tickets"] == [5, "100.0"]
    shares = {name: value for name, value in rows.items() if value[0]}
    assert sorted(shares.values()) == [[2, "40.0"], [2, "40.0"], [3, "60.0"], [5, "100.0"]]


def test_backlog_buckets_open_tickets_by_age_whatever_the_range(cast, data):
    rows = _rows(cast.supervisor, data, "backlog")
    assert rows == {"< 1 day": [1], "1–3 days": [1], "3–7 days": [1], "1–4 weeks": [2], "> 4 weeks": [1]}


def test_sla_attainment_per_queue(cast, data):
    rows = _rows(cast.supervisor, data, "sla-queue")
    # Tickets, FR met, FR breached, FR %, resolution met, resolution breached, resolution %
    assert rows["General desk"] == [4, 1, 2, "33.3", 1, 0, "100.0"]
    assert rows["Technical desk"] == [1, 1, 0, "100.0", 0, 1, "0.0"]
    assert set(rows) == {"General desk", "Technical desk"}


def test_sla_attainment_per_agent(cast, data):
    rows = _rows(cast.supervisor, data, "sla-agent")
    assert rows == {"ann": [2, 1, 1, "50.0", 1, 0, "100.0"], "ben": [1, 1, 0, "100.0", 0, 1, "0.0"],
                    "Unassigned": [2, 0, 1, "0.0", 0, 0, ""]}


def test_corrections_count_agents_corrections_and_confirmations_not_the_classifier(cast, data):
    rows = _rows(cast.supervisor, data, "corrections")  # Corrections, Confirmations, New tickets, rate
    assert rows[_day(data, 2)] == [1, 1, 2, "50.0"]
    assert rows[_day(data, 3)] == [1, 0, 0, ""]
    assert sum(r[0] for r in rows.values()) == 2 and sum(r[1] for r in rows.values()) == 1


def test_the_queue_filter_narrows_every_figure(cast, data):
    rows = _rows(cast.supervisor, data, "sla-agent", queue_id=data.technical.pk)
    assert rows == {"ben": [1, 1, 0, "100.0", 0, 1, "0.0"]}
    assert _rows(cast.supervisor, data, "backlog", queue_id=data.technical.pk)["1–4 weeks"] == [1]


def test_a_supervisor_limited_to_queues_sees_only_their_queues_figures(data):
    assert set(_rows(data.limited, data, "sla-queue")) == {"General desk"}
    assert set(_rows(data.limited, data, "sla-agent")) == {"ann", "Unassigned"}
    verdicts = _rows(data.limited, data, "volume-verdict")
    assert [sum(column) for column in zip(*verdicts.values(), strict=True)] == [2, 1, 1, 0, 4]
    assert _rows(data.limited, data, "backlog") == {"< 1 day": [1], "1–3 days": [1], "3–7 days": [1],
                                                    "1–4 weeks": [0], "> 4 weeks": [1]}
    corrections = _rows(data.limited, data, "corrections")
    assert sum(r[0] for r in corrections.values()) == 1  # t5's correction is in the technical queue


def _dashboard_queries(client, query: dict) -> int:  # noqa: ANN001
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/desk/reports/", query)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_dashboard_costs_the_same_queries_however_many_tickets(client, cast, data, django_assert_max_num_queries):
    client.force_login(cast.supervisor)
    few = _dashboard_queries(client, data.query)
    for i in range(30):
        factories.TicketFactory(merchant=cast.bergamo, queue=data.technical if i % 2 else data.general,
                                scope_verdict="mixed", scope_topics=["license", "consulting"], assignee=data.ben)
    assert _dashboard_queries(client, data.query) == few
    with django_assert_max_num_queries(10):
        client.get("/desk/reports/", data.query)
