"""Admins edit calendars, rules and policies in Django admin, with clear errors."""

import pytest
from django.urls import reverse

from routing.models import BusinessCalendar, RoutingRule
from tickets.models import Queue
from tickets.services import ticket_create


@pytest.fixture
def admin_browser(client, cast):  # noqa: ANN001
    client.force_login(cast.admin)
    return client


def inline(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def test_a_calendar_without_hours_is_refused(admin_browser):
    response = admin_browser.post(reverse("admin:routing_businesscalendar_add"), {
        "name": "Never open", "time_zone": "Europe/Berlin", **inline("hours", []), **inline("holidays", [])})
    assert response.status_code == 200
    assert "needs opening hours" in response.content.decode()
    assert not BusinessCalendar.objects.filter(name="Never open").exists()


def test_overlapping_hours_and_a_bad_time_zone_are_refused(admin_browser):
    response = admin_browser.post(reverse("admin:routing_businesscalendar_add"), {
        "name": "Odd", "time_zone": "Mars/Olympus", **inline("hours", [
            {"weekday": "0", "opens": "08:00", "closes": "12:00"},
            {"weekday": "0", "opens": "11:00", "closes": "00:00"}]), **inline("holidays", [])})
    page = response.content.decode()
    assert "Unknown time zone" in page and "overlap" in page


def test_a_calendar_with_hours_is_saved(admin_browser):
    response = admin_browser.post(reverse("admin:routing_businesscalendar_add"), {
        "name": "Weekdays", "time_zone": "Europe/Berlin",
        **inline("hours", [{"weekday": str(d), "opens": "09:00", "closes": "17:00"} for d in range(5)]),
        **inline("holidays", [])})
    assert response.status_code == 302
    assert BusinessCalendar.objects.get(name="Weekdays").hours.count() == 5


def test_two_rules_cannot_share_an_order(admin_browser):
    response = admin_browser.post(reverse("admin:routing_routingrule_add"), {
        "order": "10", "name": "Clash", "is_active": "on", "set_queue": Queue.objects.get(slug="general").pk})
    assert "Another rule already has this order" in response.content.decode()


def test_a_rule_without_actions_is_refused(admin_browser):
    response = admin_browser.post(reverse("admin:routing_routingrule_add"), {"order": "7", "name": "Nothing"})
    assert "at least one action" in response.content.decode()


def test_the_rule_page_lists_recent_tickets_it_would_match(admin_browser, cast):
    bug = ticket_create(actor=cast.alice, subject="Checkout error 500",
                        body="Since the update the checkout shows an error 500 and orders fail. Looks like a bug.")
    other = ticket_create(actor=cast.alice, subject="Licence transfer", body="How do I move my licence key?")
    rule = RoutingRule.objects.get(order=20)
    page = admin_browser.get(reverse("admin:routing_routingrule_change", args=[rule.pk])).content.decode()
    assert bug.reference in page and other.reference not in page


@pytest.mark.parametrize("model", ["businesscalendar", "slapolicy", "routingrule", "agentprofile", "queuerouting",
                                   "ticketsla", "escalation", "routingdecision", "skill"])
def test_every_admin_page_opens(admin_browser, model):
    assert admin_browser.get(reverse(f"admin:routing_{model}_changelist")).status_code == 200


def test_beat_schedules_are_editable_in_admin(admin_browser):
    assert admin_browser.get(reverse("admin:django_celery_beat_periodictask_changelist")).status_code == 200


def test_beat_schedules_the_scan_every_minute_auto_close_and_assignment(settings):
    """django-celery-beat's DatabaseScheduler installs these into its tables at start (editable in admin)."""
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["routing.escalation_scan"] == 60.0
    assert "routing.auto_close" in schedule and "routing.assign_waiting" in schedule
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
