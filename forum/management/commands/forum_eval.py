import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from forum.moderation import runtime
from forum.moderation.batch import Score, decide_many, score
from forum.moderation.crossval import cross_validate, fit_stack
from forum.moderation.model import TRAIN_PATH

HOLDOUT_PATH = TRAIN_PATH.with_name("posts-holdout.jsonl")


class Command(BaseCommand):
    help = "Precision and recall of the forum's automatic checks: trained on the train file, measured on the holdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--train", default=str(TRAIN_PATH))
        parser.add_argument("--holdout", default=str(HOLDOUT_PATH))
        parser.add_argument("--errors", action="store_true", help="List the posts the checks got wrong.")
        parser.add_argument("--cv", type=int, default=0, metavar="K", help="K-fold cross-validation on the train file.")
        parser.add_argument(
            "--calibrate", action="store_true", help="Refit checks.STACK on the train file's out-of-fold scores."
        )

    def _table(self, scores: list[Score]) -> None:
        self.stdout.write(f"{'label':<12}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}")
        for s in scores:
            self.stdout.write(f"{s.label:<12}{s.precision:>10.3f}{s.recall:>8.3f}{s.tp:>5}{s.fp:>5}{s.fn:>5}")

    def handle(
        self, *args: object, train: str, holdout: str, errors: bool, cv: int, calibrate: bool, **options: object
    ) -> None:
        if calibrate:
            self.stdout.write(f"STACK = {fit_stack(_read(train))!r}")
            return
        if cv:
            train_rows = _read(train)
            predicted = cross_validate(
                train_rows, k=cv, rules=runtime.safe_watched_rules(), bug_topic=runtime.batch_bug_topic()
            )[0]
            self.stdout.write(f"{cv}-fold cross-validation on the {len(train_rows)} posts of {train}")
            self._table(score(train_rows, predicted))
            self._errors(train_rows, predicted, errors)
            return
        rows = _read(holdout)
        predicted = decide_many(
            rows,
            scorer=runtime.scorer(Path(train)),
            rules=runtime.safe_watched_rules(),
            bug_topic=runtime.batch_bug_topic(),
        )
        self.stdout.write(f"{len(rows)} labelled posts from {holdout} (model trained on {train})")
        self._table(score(rows, predicted))
        self._errors(rows, predicted, errors)

    def _errors(self, rows: list[dict], predicted: list[dict], errors: bool) -> None:
        if errors:
            for gold, got in zip(rows, predicted, strict=True):
                if sorted(gold.get("labels", [])) != sorted(got["labels"]) or gold.get("action") != got["action"]:
                    self.stdout.write(
                        f"{gold['id']}: gold {gold.get('labels')}/{gold.get('action')} "
                        f"got {got['labels']}/{got['action']}  {gold.get('title', '')[:70]}"
                    )


def _read(path: str) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
