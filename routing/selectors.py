"""Reads for routing and SLAs."""

from .businesstime import Calendar
from .cache import cached
from .models import BusinessCalendar, QueueRouting, RoutingRule, Shift, SlaPolicy


def calendar_of(calendar: BusinessCalendar) -> Calendar:
    hours: dict[int, list] = {}
    for row in calendar.hours.all():
        hours.setdefault(row.weekday, []).append((row.opens, row.closes))
    return Calendar(tz=calendar.time_zone, hours=hours,
                    holidays=frozenset(calendar.holidays.values_list("date", flat=True)))


def calendar_by_id(calendar_id: int) -> Calendar:
    return cached(f"calendar:{calendar_id}", lambda: calendar_of(BusinessCalendar.objects.get(pk=calendar_id)))


def sla_policy_for(*, priority: int, plan: str) -> SlaPolicy | None:
    """The most specific active policy: priority and plan, then priority, then plan, then neither."""
    policies = cached("sla-policies", lambda: list(SlaPolicy.objects.filter(is_active=True)))
    fitting = [p for p in policies if p.priority in (None, priority) and p.plan in ("", plan)]
    return max(fitting, key=lambda p: (p.priority is not None, bool(p.plan)), default=None)


def queue_assignment(queue_id: int) -> QueueRouting | None:
    """How the queue hands out tickets (None: agents pick them). Round-robin re-reads the row under a lock."""
    return cached(f"queue-routing:{queue_id}", lambda: QueueRouting.objects.filter(queue_id=queue_id).exclude(
        mode=QueueRouting.Mode.OFF).first())


def shift_calendar(profile_id: int, time_zone: str) -> Calendar | None:
    """An agent's weekly shifts as a calendar; None without shifts."""
    def load() -> Calendar | None:
        hours: dict[int, list] = {}
        shifts = Shift.objects.filter(profile_id=profile_id).values_list("weekday", "starts", "ends")
        for weekday, starts, ends in shifts:
            hours.setdefault(weekday, []).append((starts, ends))
        return Calendar(tz=time_zone, hours=hours) if hours else None

    return cached(f"shifts:{profile_id}:{time_zone}", load)


def active_rules() -> list[RoutingRule]:
    return cached("rules", lambda: list(RoutingRule.objects.filter(is_active=True).select_related(
        "set_queue", "set_assignee", "set_team").order_by("order")))


def recent_matches(rule: RoutingRule, *, limit: int = 200) -> list:
    """Of the most recent tickets, those this rule would match on its own (ignoring earlier rules)."""
    from tickets.models import Ticket

    from .rules import matching

    recent = Ticket.objects.select_related("merchant").order_by("-id")[:limit]
    return matching(rule.as_rule(), recent, lambda t: t.merchant.support_plan)
