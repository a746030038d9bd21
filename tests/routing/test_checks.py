from routing.checks import check_routing_configuration
from routing.models import BusinessCalendar, RoutingRule, SlaPolicy
from tickets.models import Queue


def ids() -> list[str]:
    return [message.id for message in check_routing_configuration(None)]


def test_the_seeded_configuration_passes(db):
    assert ids() == []


def test_a_calendar_without_hours_used_by_a_policy_is_an_error(db):
    empty = BusinessCalendar.objects.create(name="Empty")
    SlaPolicy.objects.filter(priority=1, plan="").update(calendar=empty)
    assert "routing.E001" in ids()


def test_a_rule_into_an_inactive_queue_is_an_error(db):
    Queue.objects.filter(slug="licensing").update(is_active=False)
    assert "routing.E002" in ids()
    assert RoutingRule.objects.filter(set_queue__slug="licensing").exists()


def test_priorities_without_a_policy_are_a_warning(db):
    SlaPolicy.objects.filter(priority=1).delete()
    assert "routing.W001" in ids()
