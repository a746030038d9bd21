from django.core.management.base import BaseCommand

from policy.evaluate import cross_validate, evaluate
from policy.model import load_examples
from policy.runtime import build_ruleset
from policy.selectors import labelled_examples

FIGURES = ("verdict_accuracy", "verdict_macro_f1", "false_restriction_rate", "missed_restriction_rate",
           "topic_micro_f1", "topic_macro_f1", "needs_review_rate", "auto_accuracy")


class Command(BaseCommand):
    help = ("Score the classifier on the labelled tickets (and agents' corrections), with the learned part "
            "cross-validated so that it is never scored on what it trained on.")

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--folds", type=int, default=5)
        parser.add_argument("--file", action="append", default=[],
                            help="Score on these JSON-lines files instead of the labelled data.")
        parser.add_argument("--rules-only", action="store_true", help="Score the rules without a model.")

    def handle(self, *args, folds: int, file: list[str], rules_only: bool, **options) -> None:  # noqa: ANN002, ANN003
        examples = load_examples(*file) if file else labelled_examples()
        ruleset = build_ruleset()
        if rules_only:
            figures = evaluate(examples, ruleset, None)
            label = "rules only"
        else:
            figures = cross_validate(examples, ruleset, k=folds, seed=0)
            label = f"{folds}-fold cross-validation"
        self.stdout.write(f"{len(examples)} labelled tickets, {label}")
        for key in FIGURES:
            self.stdout.write(f"{key:<26} {figures[key]:.3f}")
        self.stdout.write("per-topic F1: " + ", ".join(f"{t} {v:.2f}" for t, v in figures["per_topic_f1"].items()))
