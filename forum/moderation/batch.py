"""Decide many posts at once, as a new user's first post in a new thread (the evaluation contract),
and measure precision and recall against labels (pure apart from the callables passed in)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .checks import PUBLISH, check_post
from .model import LABELS, Scorer, post_text
from .watched import WatchedRule

HOLD_LABELS = ("spam", "abuse")


def decide_many(
    rows: list[dict],
    *,
    scorer: Scorer,
    rules: tuple[WatchedRule, ...] = (),
    bug_topic: Callable[[str, str], bool] = lambda title, body: False,
) -> list[dict]:
    learned = scorer.scores_many(post_text(r.get("title", ""), r.get("body", "")) for r in rows)
    out = []
    for row, scores in zip(rows, learned, strict=True):
        title, body = str(row.get("title") or ""), str(row.get("body") or "")
        result = check_post(title, body, rules=rules, scorer=scorer, bug_topic=bug_topic(title, body), learned=scores)
        out.append(
            {
                "id": row.get("id"),
                "labels": list(result.labels),
                "action": PUBLISH if result.action == PUBLISH else "hold",
            }
        )
    return out


@dataclass(frozen=True)
class Score:
    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(gold: Iterable[dict], predicted: Iterable[dict]) -> list[Score]:
    pairs = list(zip(gold, predicted, strict=True))
    scores = []
    for label in (*LABELS, "hold"):

        def has(row: dict, label: str = label) -> bool:
            return row.get("action") == "hold" if label == "hold" else label in row.get("labels", [])

        tp = sum(has(g) and has(p) for g, p in pairs)
        fp = sum(not has(g) and has(p) for g, p in pairs)
        fn = sum(has(g) and not has(p) for g, p in pairs)
        scores.append(Score(label, tp, fp, fn))
    return scores
