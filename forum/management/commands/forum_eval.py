import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from forum.moderation import runtime
from forum.moderation.batch import decide_many, score
from forum.moderation.model import TRAIN_PATH

HOLDOUT_PATH = TRAIN_PATH.with_name("posts-holdout.jsonl")


class Command(BaseCommand):
    help = "Precision and recall of the forum's automatic checks: trained on the train file, measured on the holdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--train", default=str(TRAIN_PATH))
        parser.add_argument("--holdout", default=str(HOLDOUT_PATH))
        parser.add_argument("--errors", action="store_true", help="List the posts the checks got wrong.")

    def handle(self, *args: object, train: str, holdout: str, errors: bool, **options: object) -> None:
        rows = [json.loads(line) for line in Path(holdout).read_text(encoding="utf-8").splitlines() if line.strip()]
        predicted = decide_many(
            rows,
            scorer=runtime.scorer(Path(train)),
            rules=runtime.safe_watched_rules(),
            bug_topic=runtime.batch_bug_topic(),
        )
        self.stdout.write(f"{len(rows)} labelled posts from {holdout} (model trained on {train})")
        self.stdout.write(f"{'label':<12}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}")
        for s in score(rows, predicted):
            self.stdout.write(f"{s.label:<12}{s.precision:>10.3f}{s.recall:>8.3f}{s.tp:>5}{s.fp:>5}{s.fn:>5}")
        if errors:
            for gold, got in zip(rows, predicted, strict=True):
                if sorted(gold.get("labels", [])) != sorted(got["labels"]) or gold.get("action") != got["action"]:
                    self.stdout.write(
                        f"{gold['id']}: gold {gold.get('labels')}/{gold.get('action')} "
                        f"got {got['labels']}/{got['action']}  {gold.get('title', '')[:70]}"
                    )
