"""System checks for the scope configuration (`manage.py check`, with --database for the rules)."""

from typing import Any

from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

from .model import MODEL_PATH
from .rules import SEED_PATH, Rule, load_seed, validate_rule

TAXONOMY_SLUGS = ("functionality", "software_issue", "connectivity", "license", "domains_ssl", "custom_html_css",
                  "custom_javascript", "hosting", "integration_usage", "third_party_software", "consulting")


@register()
def check_shipped_files(app_configs: Any = None, **kwargs: Any) -> list:
    problems: list = []
    try:
        errors = load_seed().errors()
    except Exception as exc:  # noqa: BLE001 - any failure to read the seed file is reported
        return [Error(f"The seed rules file cannot be read: {exc}", obj=str(SEED_PATH), id="policy.E003")]
    problems.extend(Error(f"Seed rule is invalid: {e}", obj=str(SEED_PATH), id="policy.E003") for e in errors)
    if not MODEL_PATH.exists():
        problems.append(Warning("No shipped scope model: classification uses the rules only.",
                                hint="Run `python -m policy.model` to train it.", obj=str(MODEL_PATH),
                                id="policy.W001"))
    return problems


@register(Tags.database)
def check_rules_in_database(app_configs: Any = None, **kwargs: Any) -> list:
    from .models import ScopeRule, ScopeTopic

    try:
        slugs = set(ScopeTopic.objects.filter(is_active=True).values_list("slug", flat=True))
        rules = list(ScopeRule.objects.select_related("topic").filter(enabled=True))
    except DatabaseError:
        return []  # not migrated yet: nothing to check
    problems: list = [
        Error(f"Scope topic '{slug}' of the taxonomy is missing or inactive.", id="policy.E002")
        for slug in TAXONOMY_SLUGS if slug not in slugs
    ]
    for rule in rules:
        for error in validate_rule(Rule(rule.topic.slug, rule.kind, rule.pattern, rule.language, rule.weight), slugs):
            problems.append(Error(f"Scope rule #{rule.pk} ({rule.pattern!r}) is invalid: {error}.", obj=rule,
                                  id="policy.E001"))
    return problems
