"""K-fold cross-validation of the checks on the train file: the model is retrained without each fold
and decides that fold, so thresholds and cues can be judged without touching the holdout (pure apart
from the callables passed in)."""

from collections.abc import Callable

from .batch import Score, decide_many, score
from .model import Example, Scorer, post_text
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
        for i, decided in zip(
            fold, decide_many([rows[i] for i in fold], scorer=scorer, rules=rules, bug_topic=bug_topic), strict=True
        ):
            predicted[i] = decided
    out = [p for p in predicted if p is not None]
    return out, score(rows, out)


CUES = {
    "spam": (
        "contact_elsewhere",
        "price_offer",
        "pitch",
        "spam_goods",
        "link",
        "many_links",
        "affiliate",
        "obfuscated",
        "asking_about_spam",
    ),
    "abuse": ("insult", "threat", "wish_harm", "contempt_strong", "contempt", "you_are", "your_thing"),
}


def out_of_fold_probabilities(rows: list[dict], *, k: int = 5) -> list[dict[str, float]]:
    """The learned model's probabilities for every row from a model that never saw it."""
    out: list[dict[str, float]] = [{} for _ in rows]
    for fold in folds(len(rows), k):
        held = set(fold)
        scorer = Scorer([_example(r) for i, r in enumerate(rows) if i not in held])
        texts = [post_text(rows[i].get("title", ""), rows[i].get("body", "")) for i in fold]
        for i, probabilities in zip(fold, scorer.scores_many(texts), strict=True):
            out[i] = probabilities
    return out


def fit_stack(rows: list[dict], *, k: int = 5, c: float = 1.0) -> dict[str, tuple[float, float, dict[str, float]]]:
    """Refit checks.STACK: per label, a logistic regression over the out-of-fold model probability
    (as a logit) and the hand-written cues, plus the number of cues for spam."""
    from sklearn.linear_model import LogisticRegression

    from .abuse import abuse_cues
    from .checks import _logit
    from .signals import spam_cues

    probabilities = out_of_fold_probabilities(rows, k=k)
    texts = [post_text(r.get("title", ""), r.get("body", "")) for r in rows]
    stack = {}
    for label, cue_of in (("spam", spam_cues), ("abuse", abuse_cues)):
        names = CUES[label]
        matrix, targets = [], []
        for row, text, p in zip(rows, texts, probabilities, strict=True):
            cues = cue_of(text)
            counted = [_logit(p.get(label, 0.0)), *(float(n in cues) for n in names)]
            if label == "spam":
                counted.append(float(len(cues - {"many_links"})))
            matrix.append(counted)
            targets.append(int(label in row.get("labels", [])))
        model = LogisticRegression(C=c, max_iter=1000).fit(matrix, targets)
        weights = [round(float(w), 3) for w in model.coef_[0]]
        cue_weights = dict(zip(names, weights[1 : 1 + len(names)], strict=True))
        if label == "spam":
            cue_weights["_count"] = weights[-1]
        stack[label] = (round(float(model.intercept_[0]), 3), weights[0], cue_weights)
    return stack
