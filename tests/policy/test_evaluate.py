import pytest

from policy import evaluate as ev
from policy.model import DATA_DIR, load_examples
from policy.rules import load_seed

GOLD = {
    "1": {"topics": ["functionality"], "verdict": "in_scope"},
    "2": {"topics": ["hosting"], "verdict": "restricted"},
    "3": {"topics": ["license", "hosting"], "verdict": "mixed"},
    "4": {"topics": ["software_issue"], "verdict": "in_scope"},
}
PRED = {
    "1": {"verdict": "in_scope", "topics": ["functionality"], "needs_review": False},
    "2": {"verdict": "in_scope", "topics": ["functionality"], "needs_review": True},
    "3": {"verdict": "mixed", "topics": ["license", "hosting"]},
    "4": {"verdict": "restricted", "topics": ["hosting"], "needs_review": False},
}


def test_figures_match_score_triage_definitions():
    r = ev.score(GOLD, PRED)
    assert r["n"] == 4 and r["missing"] == 0
    assert r["verdict_accuracy"] == pytest.approx(0.5)
    assert r["false_restriction_rate"] == pytest.approx(0.5)  # ticket 4 of two in-scope ones
    assert r["missed_restriction_rate"] == pytest.approx(0.5)  # ticket 2 of two restricted/mixed
    assert r["needs_review_rate"] == pytest.approx(0.25)
    assert r["auto_accuracy"] == pytest.approx(2 / 3)
    # topics: tp = 1 + 0 + 2 + 0, fp = 0 + 1 + 0 + 1, fn = 0 + 1 + 0 + 1
    assert r["topic_micro_f1"] == pytest.approx(0.6)
    # verdict F1: in_scope p=1/2 r=1/2, restricted p=0 r=0, mixed p=1 r=1
    assert r["verdict_macro_f1"] == pytest.approx((0.5 + 0.0 + 1.0) / 3)
    assert r["per_topic_f1"]["license"] == 1.0 and r["per_topic_f1"]["consulting"] == 0.0


def test_a_missing_prediction_counts_as_wrong():
    r = ev.score(GOLD, {k: v for k, v in PRED.items() if k != "1"})
    assert r["missing"] == 1 and r["verdict_accuracy"] == pytest.approx(0.25)


def test_cross_validation_never_scores_a_ticket_with_a_model_that_saw_it(monkeypatch):
    examples = load_examples(DATA_DIR / "tickets-dev.jsonl")[:60]
    trained_on: list[set[str]] = []
    predicted: list[set[str]] = []
    real_train, real_predict = ev.train, ev.predict

    def spy_train(train_examples, seed, ruleset, sentence_labels=None):
        trained_on.append({e.id for e in train_examples})
        return real_train(train_examples, seed=seed, ruleset=ruleset, sentence_labels=sentence_labels)

    def spy_predict(held, ruleset, model):
        predicted.append({e.id for e in held})
        return real_predict(held, ruleset, model)

    monkeypatch.setattr(ev, "train", spy_train)
    monkeypatch.setattr(ev, "predict", spy_predict)
    r = ev.cross_validate(examples, load_seed(), k=3, seed=0)
    assert r["n"] == 60 and r["missing"] == 0
    assert len(trained_on) == 3
    for seen, held in zip(trained_on, predicted, strict=True):
        assert not seen & held
    assert set().union(*predicted) == {e.id for e in examples}
