"""The evaluation figures of the scope classifier, exactly as score_triage.py defines them.

``cross_validate`` trains the model on k-1 folds and classifies the held-out fold, so the
learned part is never scored on a ticket it was trained on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from policy.classify import classify
from policy.model import Example, ScopeModel, folds, train
from policy.rules import RuleSet

__all__ = ["IN_SCOPE", "RESTRICTED", "VERDICTS", "cross_validate", "evaluate", "predict", "score"]

IN_SCOPE = frozenset({"functionality", "software_issue", "connectivity", "license"})
RESTRICTED = frozenset({"domains_ssl", "custom_html_css", "custom_javascript", "hosting", "integration_usage",
                        "third_party_software", "consulting"})
VERDICTS = ("in_scope", "restricted", "mixed")
Row = Mapping[str, Any]


def _f1(tp: int, fp: int, fn: int) -> float:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: Mapping[str, Row], pred: Mapping[str, Row]) -> dict[str, Any]:
    """Figures of predictions against gold rows (both keyed by ticket id)."""
    n = len(gold)
    confusion = {(g, p): 0 for g in VERDICTS for p in (*VERDICTS, "none")}
    per_topic = {t: [0, 0, 0] for t in IN_SCOPE | RESTRICTED}
    correct = tp = fp = fn = review = review_correct = 0
    for gid, g in gold.items():
        p = pred.get(gid, {})
        pv = p.get("verdict", "none")
        pv = pv if pv in VERDICTS else "none"
        confusion[(g["verdict"], pv)] += 1
        ok = pv == g["verdict"]
        correct += ok
        if p.get("needs_review"):
            review += 1
            review_correct += ok
        gt, pt = set(g["topics"]), set(p.get("topics") or [])
        tp, fp, fn = tp + len(gt & pt), fp + len(pt - gt), fn + len(gt - pt)
        for t, counts in per_topic.items():
            counts[0] += t in gt and t in pt
            counts[1] += t in pt and t not in gt
            counts[2] += t in gt and t not in pt
    gold_in = sum(1 for g in gold.values() if g["verdict"] == "in_scope")
    gold_rx = n - gold_in
    false_restrict = confusion[("in_scope", "restricted")] + confusion[("in_scope", "mixed")]
    missed = confusion[("restricted", "in_scope")] + confusion[("mixed", "in_scope")]
    verdict_f1 = []
    for v in VERDICTS:
        vfp = sum(confusion[(g, v)] for g in VERDICTS if g != v)
        vfn = sum(confusion[(v, p)] for p in (*VERDICTS, "none") if p != v)
        verdict_f1.append(_f1(confusion[(v, v)], vfp, vfn))
    auto = n - review
    return {
        "n": n,
        "missing": sum(1 for i in gold if i not in pred),
        "verdict_accuracy": correct / n if n else 0.0,
        "verdict_macro_f1": sum(verdict_f1) / len(verdict_f1),
        "false_restriction_rate": false_restrict / gold_in if gold_in else 0.0,
        "missed_restriction_rate": missed / gold_rx if gold_rx else 0.0,
        "topic_micro_f1": _f1(tp, fp, fn),
        "topic_macro_f1": sum(_f1(*v) for v in per_topic.values()) / len(per_topic),
        "needs_review_rate": review / n if n else 0.0,
        "auto_accuracy": (correct - review_correct) / auto if auto else 0.0,
        "per_topic_f1": {t: round(_f1(*v), 3) for t, v in sorted(per_topic.items())},
    }


def gold_rows(examples: Sequence[Example]) -> dict[str, Row]:
    return {e.id: {"id": e.id, "topics": list(e.topics), "verdict": e.verdict} for e in examples}


def predict(examples: Sequence[Example], ruleset: RuleSet, model: ScopeModel | None) -> dict[str, Row]:
    """Prediction rows in score_triage.py's format."""
    rows = {}
    for e in examples:
        v = classify(e.subject, e.body, ruleset=ruleset, model=model)
        rows[e.id] = {"id": e.id, "verdict": v.verdict, "topics": list(v.topics), "needs_review": v.needs_review}
    return rows


def evaluate(examples: Sequence[Example], ruleset: RuleSet, model: ScopeModel | None) -> dict[str, Any]:
    return score(gold_rows(examples), predict(examples, ruleset, model))


def cross_validate(examples: Sequence[Example], ruleset: RuleSet, k: int = 5, seed: int = 0,
                   sentence_labels: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """Figures over all examples, each predicted by a model that never saw it (nor its annotated
    sentences: ``train`` reads the sentence labels of its own examples only)."""
    pred: dict[str, Row] = {}
    for fold in folds(len(examples), k, seed):
        held = set(fold.tolist())
        model = train([e for i, e in enumerate(examples) if i not in held], seed=seed, ruleset=ruleset,
                      sentence_labels=sentence_labels)
        pred.update(predict([examples[i] for i in sorted(held)], ruleset, model))
    return score(gold_rows(examples), pred)
