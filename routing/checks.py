"""System checks for the routing configuration (ids routing.E001...)."""

from django.core import checks
from django.db import DatabaseError


@checks.register(checks.Tags.database)
def check_routing_configuration(app_configs, **kwargs) -> list[checks.CheckMessage]:  # noqa: ANN001, ANN003
    from .models import BusinessCalendar, RoutingRule, SlaPolicy

    errors: list[checks.CheckMessage] = []
    try:
        for calendar in BusinessCalendar.objects.filter(hours__isnull=True, policies__is_active=True).distinct():
            errors.append(checks.Error(f"Business calendar {calendar} has no opening hours but SLA policies use it.",
                                       hint="Add hours in admin.", id="routing.E001"))
        if not SlaPolicy.objects.filter(is_active=True, priority__isnull=True, plan="").exists() and not all(
                SlaPolicy.objects.filter(is_active=True, priority=p, plan="").exists() for p in (1, 2, 3, 4)):
            errors.append(checks.Warning("Some tickets match no SLA policy and get no due times.",
                                         hint="Add a policy per priority, or one for any priority.",
                                         id="routing.W001"))
        rule_queues = RoutingRule.objects.filter(is_active=True, set_queue__is_active=False)
        for rule in rule_queues:
            errors.append(checks.Error(f"Routing rule {rule} sends tickets to an inactive queue.",
                                       id="routing.E002"))
    except DatabaseError:  # tables not migrated yet
        return []
    return errors
