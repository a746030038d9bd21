"""Retraining the model from the labelled tickets plus agents' corrections.

A new version is trained on the labelled seed tickets plus the corrections, scored beside the
active model on the held-back labelled tickets (a file no model trains on), and activated only if
it scores at least as well (verdict accuracy first, then fewer false restrictions).
"""

import logging
from collections.abc import Callable

from django.db import transaction

from accounts.models import User

from .evaluate import evaluate
from .model import dump_model, train
from .models import ScopeModelVersion
from .runtime import build_ruleset, current_model, forget
from .selectors import correction_examples, held_back_examples, seed_examples

logger = logging.getLogger(__name__)


def training_start(*, actor: User | None) -> ScopeModelVersion:
    """Record a new version in state "training" and hand the work to a Celery task."""
    from .tasks import train_scope_model

    version = ScopeModelVersion.objects.create(version=ScopeModelVersion.new_version_name(), created_by=actor)
    transaction.on_commit(lambda: train_scope_model.delay(version.pk))
    return version


def _better_or_equal(candidate: dict, current: dict) -> bool:
    if candidate["verdict_accuracy"] != current["verdict_accuracy"]:
        return candidate["verdict_accuracy"] > current["verdict_accuracy"]
    return candidate["false_restriction_rate"] <= current["false_restriction_rate"]


def train_version(version_id: int, *, progress: Callable[[int, str], None] | None = None) -> ScopeModelVersion:
    """Train, score and maybe activate one version. Safe to re-run: a finished version is left alone."""
    version = ScopeModelVersion.objects.get(pk=version_id)
    if version.status != ScopeModelVersion.Status.TRAINING:
        return version

    def step(percent: int, message: str) -> None:
        ScopeModelVersion.objects.filter(pk=version_id).update(progress=percent, message=message)
        if progress:
            progress(percent, message)

    try:
        step(5, "Loading labelled tickets and corrections")
        corrections, held = correction_examples(), held_back_examples()
        train_on = seed_examples() + corrections
        ruleset = build_ruleset()
        step(20, f"Training on {len(train_on)} tickets")
        model = train(train_on, seed=0, ruleset=ruleset)
        step(70, f"Scoring on {len(held)} held-back tickets")
        metrics = evaluate(held, ruleset, model)
        compared = evaluate(held, ruleset, current_model())
        accepted = _better_or_equal(metrics, compared)
        with transaction.atomic():
            version = ScopeModelVersion.objects.select_for_update().get(pk=version_id)
            version.blob = dump_model(model)
            version.examples, version.corrections = len(train_on), len(corrections)
            version.metrics, version.compared_with, version.progress = metrics, compared, 100
            if accepted:
                ScopeModelVersion.objects.filter(is_active=True).update(is_active=False)
                version.status, version.is_active = ScopeModelVersion.Status.READY, True
                version.message = "Scored at least as well as the active model: now active."
            else:
                version.status = ScopeModelVersion.Status.REJECTED
                version.message = "Scored worse than the active model on the held-back tickets: not used."
            version.save()
        forget()
    except Exception as exc:
        logger.exception("Training %s failed", version_id)
        ScopeModelVersion.objects.filter(pk=version_id).update(status=ScopeModelVersion.Status.FAILED,
                                                               message=f"{type(exc).__name__}: {exc}")
        raise
    return version
