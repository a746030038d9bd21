"""K-fold cross-validation of the checks on the train file: the model is retrained without each fold
and decides that fold, so thresholds and cues can be judged without touching the holdout (pure apart
from the callables passed in)."""

from collections.abc import Callable

from .batch import decide_many, score, Score
from .model import Scorer, post_text, Example
from .watched import WatchedRule


def folds(n: int, k: int) -> list[list[int]]:
    """Deterministic interleaved folds: post i goes to fold i % k (the files mix labels and languages)."""
    return [[i for i in range(n) if i % k == fold] for fold in range(k)]


def _example(row: dict) -> Example:
    return Example(post_text(row.get("title", ""), row.get("body", "")), frozenset(row.get("labels", [])))


def cross_validate(
    rows: list[dict],
    *,
    k: int = 5,
    rules: tuple[WatchedRule, ...] = (),
    bug_topic: Callable[[str, str], bool] = lambda title, body: False,
) -> tuple[list[dict], list[Score]]:
    """Out-of-fold decisions for every row (in the rows' order) and their scores."""
    predicted: list[dict | None] = [None] * len(rows)
    for fold in folds(len(rows), k):
        held = set(fold)
        scorer = Scorer([_example(r) for i, r in enumerate(rows) if i not in held])
        for i, decided in zip(fold, decide_many([rows[i] for i in fold], scorer=scorer, rules=rules,
                                                bug_topic=bug_topic), strict=True):
            predicted[i] = decided
    out = [p for p in predicted if p is not None]
    return out, score(rows, out)
