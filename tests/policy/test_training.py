"""Retraining from corrections: the new version is used only if it scores at least as well."""

import pytest
from django.urls import reverse

from policy import runtime, training
from policy.model import Example, dump_model, load_examples, load_model, train, training_files
from policy.models import ScopeModelVersion
from policy.selectors import correction_examples, held_back_examples, seed_examples

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_seed(monkeypatch):
    """Small slices of the labelled tickets, so a training run takes seconds, not minutes."""
    seed = load_examples(*training_files())[:120]
    monkeypatch.setattr(training, "seed_examples", lambda: seed)
    monkeypatch.setattr(training, "held_back_examples", lambda: held_back_examples()[:40])
    return seed


def test_no_model_trains_on_the_held_back_tickets():
    held = {e.id for e in held_back_examples()}
    assert len(held) > 100
    assert not held & {e.id for e in seed_examples()}


def test_a_correction_becomes_training_data(cast):
    from policy import services
    from tickets import services as ticket_services

    ticket = ticket_services.ticket_create(actor=cast.alice, subject="Menu", body="Where is the menu editor?")
    services.verdict_correct(actor=cast.agent, ticket=ticket, topics=["functionality"], reason="how-to")
    services.verdict_correct(actor=cast.agent, ticket=ticket, topics=["functionality", "consulting"], reason="both")
    assert correction_examples() == [Example(f"ticket-{ticket.pk}", "Menu", "Where is the menu editor?",
                                             ("consulting", "functionality"), "mixed")]


def test_a_trained_version_is_scored_and_activated_only_if_not_worse(small_seed, monkeypatch):
    version = ScopeModelVersion.objects.create(version="model-test")
    # The model in force scores nothing: any trained model beats it and becomes active.
    monkeypatch.setattr(training, "current_model", lambda: None)
    monkeypatch.setattr(training, "evaluate", _fake_evaluate(candidate=0.9, current=0.5))
    result = training.train_version(version.pk)
    assert result.status == ScopeModelVersion.Status.READY and result.is_active
    assert result.progress == 100 and result.examples == 120
    assert result.metrics["verdict_accuracy"] == 0.9
    assert runtime.current_model().version == load_model(bytes(result.blob)).version


def test_a_worse_version_is_kept_but_not_used(small_seed, monkeypatch):
    active = ScopeModelVersion.objects.create(version="model-old", status="ready", is_active=True,
                                              blob=dump_model(train(small_seed[:60], seed=1)))
    version = ScopeModelVersion.objects.create(version="model-new")
    monkeypatch.setattr(training, "evaluate", _fake_evaluate(candidate=0.6, current=0.8))
    result = training.train_version(version.pk)
    assert result.status == ScopeModelVersion.Status.REJECTED and not result.is_active
    active.refresh_from_db()
    assert active.is_active
    assert result.compared_with["verdict_accuracy"] == 0.8


def test_running_a_finished_version_again_does_nothing(small_seed):
    version = ScopeModelVersion.objects.create(version="model-done", status="rejected")
    assert training.train_version(version.pk).status == "rejected"


def test_the_admin_button_trains_through_the_celery_task(client, cast, small_seed, django_capture_on_commit_callbacks):
    client.force_login(cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:policy_scopemodelversion_train"))
    assert response.status_code == 302
    version = ScopeModelVersion.objects.get()
    assert version.status in ("ready", "rejected") and version.progress == 100
    listing = client.get(reverse("admin:policy_scopemodelversion_changelist")).content.decode()
    assert version.version in listing and "100%" in listing


def _fake_evaluate(*, candidate: float, current: float):
    """Real training, fixed scores: the decision rule is what is under test here."""
    calls = []

    def evaluate(examples, ruleset, model):
        calls.append(model)
        accuracy = candidate if len(calls) == 1 else current
        return {"verdict_accuracy": accuracy, "false_restriction_rate": 0.0}

    return evaluate
