"""The dashboard in Chromium: charts drawn as SVG, the table fallback, the date filter and a CSV."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.desk import reports_dataset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_draws_its_charts_and_the_date_filter_narrows_them(cast, page, sign_in, shoot):
    data = reports_dataset.build(cast)
    sign_in(page, cast.supervisor, form=False)
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Supervisor dashboard")).to_be_visible()
    expect(page.locator("svg.chart")).to_have_count(7)
    verdicts = page.locator("#volume-verdict")
    expect(verdicts.get_by_role("img", name="Tickets per day by verdict")).to_be_visible()
    # The last 30 days: t1 and t2 share a day (two verdicts, two rectangles); t3, t4, t5, t6, t8 one each.
    expect(verdicts.locator("svg rect")).to_have_count(7)

    # Only the day of t8 (two hours old, so today or, just after midnight, yesterday): t8 alone stays.
    day = timezone.localdate(data.t8.created_at).isoformat()
    page.get_by_label("From", exact=True).fill(day)
    page.get_by_label("To", exact=True).fill(day)
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{page.url.split('?')[0]}?start={day}&end={day}&queue=")
    expect(verdicts.locator("svg rect")).to_have_count(1)
    verdicts.get_by_text("Numbers as a table").click()
    expect(verdicts.get_by_role("row")).to_have_count(2)
    with page.expect_download() as download:
        verdicts.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename == f"volume-verdict_{day}_{day}.csv"
    shoot(page, "desk-reports")


def test_a_reversed_range_shows_a_form_error_and_no_chart(cast, page, sign_in):
    sign_in(page, cast.supervisor, form=False)
    page.goto("/desk/reports/?start=2024-03-10&end=2024-03-01")
    expect(page.get_by_role("alert")).to_contain_text("The start date must not be after the end date.")
    expect(page.locator("svg.chart")).to_have_count(0)
