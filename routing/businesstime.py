"""Business time on a weekly calendar: pure functions, no ORM, no clock.

A calendar is the time zone, the opening intervals per weekday (0 = Monday) and the holidays.
All arithmetic is done in UTC on interval boundaries computed in local time, so daylight-saving
changes are handled by zoneinfo. A closing time of 00:00 means midnight at the end of the day.
"""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MAX_DAYS = 3 * 366  # a target further away than this means a calendar that is (nearly) never open


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"Unknown time zone {name!r}.") from exc


class CalendarError(ValueError):
    pass


@dataclass(frozen=True)
class Calendar:
    tz: str
    hours: Mapping[int, Sequence[tuple[time, time]]]
    holidays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not any(self.hours.get(day) for day in range(7)):
            raise CalendarError("The calendar has no opening hours.")

    def intervals(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Opening intervals (UTC) from the local day of `start` on, in order."""
        tzinfo = zone(self.tz)
        day = start.astimezone(tzinfo).date()
        for _ in range(MAX_DAYS):
            if day not in self.holidays:
                for opens, closes in sorted(self.hours.get(day.weekday(), ())):
                    begin = datetime.combine(day, opens, tzinfo).astimezone(UTC)
                    end_day = day + timedelta(days=1) if closes == time(0) else day
                    end = datetime.combine(end_day, closes, tzinfo).astimezone(UTC)
                    if end > begin:
                        yield begin, end
            day += timedelta(days=1)


def add_minutes(calendar: Calendar, start: datetime, minutes: float) -> datetime:
    """The moment `minutes` of business time after `start`."""
    remaining = timedelta(minutes=minutes)
    start = start.astimezone(UTC)
    for begin, end in calendar.intervals(start):
        if end <= start:
            continue
        begin = max(begin, start)
        if end - begin >= remaining:
            return begin + remaining
        remaining -= end - begin
    raise CalendarError(f"No {minutes} business minutes within {MAX_DAYS} days.")


def minutes_between(calendar: Calendar, start: datetime, end: datetime) -> float:
    """Business minutes in [start, end)."""
    if end <= start:
        return 0.0
    total = timedelta()
    for begin, close in calendar.intervals(start.astimezone(UTC)):
        if begin >= end:
            break
        overlap = min(close, end) - max(begin, start)
        if overlap > timedelta():
            total += overlap
    return total.total_seconds() / 60


def is_open(calendar: Calendar, moment: datetime) -> bool:
    local = moment.astimezone(zone(calendar.tz))
    if local.date() in calendar.holidays:
        return False
    now = local.time()
    return any(opens <= now and (closes == time(0) or now < closes)
               for opens, closes in calendar.hours.get(local.weekday(), ()))
