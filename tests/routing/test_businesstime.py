from datetime import UTC, date, datetime, time

import pytest

from routing.businesstime import Calendar, CalendarError, add_minutes, is_open, minutes_between

SEVEN_DAYS = Calendar(tz="Europe/Berlin", hours={d: [(time(8), time(20))] for d in range(7)})


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_minutes_within_opening_hours_are_added_directly():
    # 10:00 Berlin in winter is 09:00 UTC
    assert add_minutes(SEVEN_DAYS, utc(2026, 1, 10, 9), 90) == utc(2026, 1, 10, 10, 30)


def test_time_after_closing_continues_the_next_morning_also_on_sundays():
    # Saturday 19:30 Berlin + 60 minutes: 30 on Saturday, 30 on Sunday from 08:00
    assert add_minutes(SEVEN_DAYS, utc(2026, 1, 10, 18, 30), 60) == utc(2026, 1, 11, 7, 30)


def test_a_ticket_opened_at_night_starts_its_clock_at_opening():
    assert add_minutes(SEVEN_DAYS, utc(2026, 1, 10, 1), 0) == utc(2026, 1, 10, 7)


def test_holidays_are_skipped():
    calendar = Calendar(tz="Europe/Berlin", hours=SEVEN_DAYS.hours, holidays=frozenset({date(2026, 12, 25)}))
    assert add_minutes(calendar, utc(2026, 12, 24, 18, 30), 60) == utc(2026, 12, 26, 7, 30)


def test_daylight_saving_change_keeps_local_opening_times():
    # 29 March 2026: Berlin goes to UTC+2; opening at 08:00 local is 06:00 UTC
    assert add_minutes(SEVEN_DAYS, utc(2026, 3, 28, 18, 59), 2) == utc(2026, 3, 29, 6, 1)


def test_midnight_closing_means_end_of_day():
    calendar = Calendar(tz="UTC", hours={d: [(time(0), time(0))] for d in range(7)})
    assert add_minutes(calendar, utc(2026, 1, 1, 23), 120) == utc(2026, 1, 2, 1)


def test_minutes_between_counts_only_opening_hours():
    assert minutes_between(SEVEN_DAYS, utc(2026, 1, 10, 18), utc(2026, 1, 11, 8)) == 60 + 60
    assert minutes_between(SEVEN_DAYS, utc(2026, 1, 11, 8), utc(2026, 1, 10, 18)) == 0


def test_a_calendar_without_hours_is_refused():
    with pytest.raises(CalendarError, match="no opening hours"):
        Calendar(tz="UTC", hours={})


def test_is_open():
    assert is_open(SEVEN_DAYS, utc(2026, 1, 11, 12))
    assert not is_open(SEVEN_DAYS, utc(2026, 1, 11, 22))
