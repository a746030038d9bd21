"""Reads for routing and SLAs."""

from .businesstime import Calendar
from .cache import cached
from .models import BusinessCalendar, RoutingRule, SlaPolicy


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


def active_rules() -> list[RoutingRule]:
    return cached("rules", lambda: list(RoutingRule.objects.filter(is_active=True).select_related(
        "set_queue", "set_assignee", "set_team").order_by("order")))


def recent_matches(rule: RoutingRule, *, limit: int = 200) -> list:
    """Of the most recent tickets, those this rule would match on its own (ignoring earlier rules)."""
    from tickets.models import Ticket

    from .rules import matching

    recent = Ticket.objects.select_related("merchant").order_by("-id")[:limit]
    return matching(rule.as_rule(), recent, lambda t: t.merchant.support_plan)
