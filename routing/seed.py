"""The default configuration: a seven-day calendar, SLA policies per priority, and routing rules.
Used by the data migration (with historical models) and by tests that flush tables."""

from datetime import time
from typing import Any

HOURS = [(day, time(8), time(20)) for day in range(7)]  # support works seven days a week
# priority: (first response, resolution) in business minutes
TARGETS = {4: (60, 8 * 60), 3: (4 * 60, 24 * 60), 2: (8 * 60, 48 * 60), 1: (24 * 60, 96 * 60)}
NAMES = {4: "Urgent", 3: "High", 2: "Normal", 1: "Low"}
PRIORITY_PLAN = {"priority": 0.5, "enterprise": 0.5}  # faster first responses on the paid plans
RULES = [
    # order, name, conditions, queue slug, priority
    (10, "Uncertain scope: scope review", {"needs_review": True}, "scope-review", None),
    (20, "Software issues: technical", {"topics": "software_issue"}, "technical", 4),
    (30, "Connectivity: connectivity", {"topics": "connectivity,integration_usage"}, "connectivity", None),
    (40, "Licences: licensing", {"topics": "license"}, "licensing", None),
    (50, "Quotes: professional services", {"topics": "quote_service"}, "professional-services", None),
    (1000, "Everything else: general", {}, "general", None),
]


def seed_defaults(get_model: Any) -> None:
    calendar_model, hours_model = get_model("routing", "BusinessCalendar"), get_model("routing", "BusinessHours")
    policy_model, rule_model = get_model("routing", "SlaPolicy"), get_model("routing", "RoutingRule")
    queue_model, routing_model = get_model("tickets", "Queue"), get_model("routing", "QueueRouting")
    calendar, created = calendar_model.objects.get_or_create(name="Support, seven days",
                                                             defaults={"time_zone": "Europe/Berlin"})
    if created:
        hours_model.objects.bulk_create([hours_model(calendar=calendar, weekday=d, opens=o, closes=c)
                                         for d, o, c in HOURS])
    for priority, (first, resolution) in TARGETS.items():
        policy_model.objects.get_or_create(priority=priority, plan="", is_active=True, defaults={
            "name": f"{NAMES[priority]} priority", "calendar": calendar, "first_response_minutes": first,
            "resolution_minutes": resolution})
        for plan, share in PRIORITY_PLAN.items():
            policy_model.objects.get_or_create(priority=priority, plan=plan, is_active=True, defaults={
                "name": f"{NAMES[priority]} priority, {plan} plan", "calendar": calendar,
                "first_response_minutes": int(first * share), "resolution_minutes": resolution})
    queues = {q.slug: q for q in queue_model.objects.all()}
    for queue in queues.values():
        routing_model.objects.get_or_create(queue=queue)
    for order, name, conditions, slug, priority in RULES:
        if slug in queues and not rule_model.objects.filter(order=order).exists():
            rule_model.objects.create(order=order, name=name, set_queue=queues[slug], set_priority=priority,
                                      **conditions)
