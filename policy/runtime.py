"""The rule set and model in force, cached per process and reloaded when admins change them.

A cheap fingerprint query (counts and latest edit times of topics, rules and partners, and the
active model's id) decides whether the cached copies are still current, so every process sees an
admin's edit without restarts or signals. The fingerprint is re-read at most every
RECHECK_SECONDS, so a busy process does not pay for it on every ticket.
"""

import hashlib
import threading
import time
from dataclasses import dataclass

from django.db.models import Count, Max

from .model import MODEL_PATH, ScopeModel, load_model
from .models import PartnerIntegration, ScopeModelVersion, ScopeRule, ScopeTopic
from .rules import Partner, Rule, RuleSet, Topic

SHIPPED_MODEL_VERSION = "shipped"
RECHECK_SECONDS = 2.0


@dataclass
class _Cache:
    ruleset_key: str = ""
    ruleset: RuleSet | None = None
    ruleset_checked: float = float("-inf")
    model_key: object = None
    model: ScopeModel | None = None
    model_checked: float = float("-inf")


_cache = _Cache()
_lock = threading.Lock()


def _rules_fingerprint() -> str:
    parts = []
    for model in (ScopeTopic, ScopeRule, PartnerIntegration):
        stats = model.objects.aggregate(n=Count("id"), last=Max("updated_at"))
        parts.append(f"{stats['n']}:{stats['last']}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def build_ruleset(*, version: str = "") -> RuleSet:
    topics = tuple(Topic(t.slug, t.kind, t.clause, t.explanation, t.offer)
                   for t in ScopeTopic.objects.filter(is_active=True).order_by("id"))
    rules = tuple(Rule(r.topic.slug, r.kind, r.pattern, r.language, r.weight, r.enabled)
                  for r in ScopeRule.objects.select_related("topic").filter(topic__is_active=True).order_by("id"))
    partners = tuple(Partner(p.name, p.alias_list) for p in PartnerIntegration.objects.filter(is_active=True))
    return RuleSet(topics, rules, partners, version or f"rules-{_rules_fingerprint()}")


def current_ruleset() -> RuleSet:
    now = time.monotonic()
    if _cache.ruleset is not None and now - _cache.ruleset_checked < RECHECK_SECONDS:
        return _cache.ruleset
    key = _rules_fingerprint()
    _cache.ruleset_checked = now
    with _lock:
        if _cache.ruleset is None or _cache.ruleset_key != key:
            _cache.ruleset = build_ruleset(version=f"rules-{key}")
            _cache.ruleset_key = key
        return _cache.ruleset


def shipped_model() -> ScopeModel:
    return load_model(MODEL_PATH.read_bytes())


def current_model() -> ScopeModel | None:
    """The active trained version, else the model shipped with the code, else none (rules only)."""
    now = time.monotonic()
    if _cache.model_key is not None and now - _cache.model_checked < RECHECK_SECONDS:
        return _cache.model
    active = ScopeModelVersion.objects.filter(is_active=True).values_list("id", "version").first()
    key = active or SHIPPED_MODEL_VERSION
    _cache.model_checked = now
    with _lock:
        if _cache.model_key != key:
            if active:
                blob = ScopeModelVersion.objects.values_list("blob", flat=True).get(pk=active[0])
                _cache.model = load_model(bytes(blob))
            else:
                _cache.model = shipped_model() if MODEL_PATH.exists() else None
            _cache.model_key = key
        return _cache.model


def forget() -> None:
    """Drop the cached copies (tests, and the admin right after an edit it wants seen at once)."""
    _cache.ruleset_checked = _cache.model_checked = float("-inf")
