"""The learned part of the checks: one logistic regression per label over TF-IDF character and
word n-grams (pure: plain text in, probabilities out; no ORM, no settings).

Trained from the labelled file in forum/data at first use (a few hundred posts take well under a
second), so there is no pickled binary to ship or trust.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

LABELS = ("spam", "abuse", "bug_report")
TRAIN_PATH = Path(__file__).resolve().parent.parent / "data" / "posts-train.jsonl"


@dataclass(frozen=True)
class Example:
    text: str
    labels: frozenset[str]


def post_text(title: str, body: str) -> str:
    return f"{title or ''}\n{body or ''}".strip()


def read_examples(path: Path) -> list[Example]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows.append(Example(post_text(row.get("title", ""), row.get("body", "")), frozenset(row.get("labels", []))))
    return rows


def _features() -> FeatureUnion:
    return FeatureUnion(
        [
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    min_df=2,
                    sublinear_tf=True,
                    lowercase=True,
                    max_features=60000,
                ),
            ),
            (
                "words",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=(1, 2),
                    min_df=1,
                    sublinear_tf=True,
                    lowercase=True,
                    token_pattern=r"(?u)\b\w+\b",
                    max_features=30000,
                ),
            ),
        ]
    )


class Scorer:
    """`scorer.scores(text)` -> {"spam": p, "abuse": p, "bug_report": p}."""

    def __init__(self, examples: Sequence[Example]) -> None:
        texts = [e.text for e in examples]
        self._features = _features()
        matrix = self._features.fit_transform(texts) if texts else None
        self._models: dict[str, LogisticRegression] = {}
        for label in LABELS:
            targets = [int(label in e.labels) for e in examples]
            if 0 < sum(targets) < len(targets):
                model = LogisticRegression(C=8.0, class_weight="balanced", solver="liblinear", max_iter=500)
                self._models[label] = model.fit(matrix, targets)

    def scores(self, text: str) -> dict[str, float]:
        return self.scores_many([text])[0]

    def scores_many(self, texts: Iterable[str]) -> list[dict[str, float]]:
        texts = list(texts)
        out: list[dict[str, float]] = [dict.fromkeys(LABELS, 0.0) for _ in texts]
        if not self._models or not texts:
            return out
        matrix = self._features.transform(texts)
        for label, model in self._models.items():
            for row, p in zip(out, model.predict_proba(matrix)[:, 1], strict=True):
                row[label] = float(p)
        return out


class NullScorer(Scorer):
    """No training data: the watched words and signals decide alone."""

    def __init__(self) -> None:
        self._models = {}
        self._features = _features()
