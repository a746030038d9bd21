import pytest
from django.urls import reverse

from policy.models import ScopeRule, ScopeTopic

pytestmark = pytest.mark.django_db


def rule_form(**overrides):
    data = {"topic": ScopeTopic.objects.get(slug="hosting").pk, "kind": "regex", "pattern": r"php\.ini",
            "language": "any", "weight": "2", "enabled": "on", "note": ""}
    data.update(overrides)
    return data


def test_an_admin_adds_a_valid_rule(client, cast):
    client.force_login(cast.admin)
    response = client.post(reverse("admin:policy_scoperule_add"), rule_form())
    assert response.status_code == 302
    rule = ScopeRule.objects.get(pattern=r"php\.ini", kind="regex")
    assert rule.updated_by == cast.admin


def test_a_broken_regex_is_refused_with_a_clear_message(client, cast):
    client.force_login(cast.admin)
    before = ScopeRule.objects.count()
    response = client.post(reverse("admin:policy_scoperule_add"), rule_form(pattern="php(.ini"))
    assert response.status_code == 200
    assert "broken regex" in response.content.decode()
    assert ScopeRule.objects.count() == before


def test_a_weight_out_of_range_is_refused(client, cast):
    client.force_login(cast.admin)
    response = client.post(reverse("admin:policy_scoperule_add"), rule_form(weight="50"))
    assert "out of range" in response.content.decode()


def test_trying_a_rule_shows_matches_and_figures_without_saving(client, cast):
    client.force_login(cast.admin)
    before = ScopeRule.objects.count()
    response = client.post(reverse("admin:policy_scoperule_add"),
                           rule_form(kind="keyword", pattern="php.ini|cron*", _try="1"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "labelled ticket" in html and "matched" in html
    assert "verdict accuracy" in html
    assert ScopeRule.objects.count() == before
    assert response.context["trial"].matches


def test_topic_slugs_cannot_be_renamed_in_the_admin(client, cast):
    client.force_login(cast.admin)
    topic = ScopeTopic.objects.get(slug="hosting")
    response = client.get(reverse("admin:policy_scopetopic_change", args=[topic.pk]))
    assert 'name="slug"' not in response.content.decode()


def test_agents_cannot_reach_the_rule_admin(client, cast):
    client.force_login(cast.agent)
    response = client.get(reverse("admin:policy_scoperule_changelist"))
    assert response.status_code == 302
