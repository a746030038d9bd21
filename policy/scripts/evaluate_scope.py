"""Print the scope classifier's figures: 5-fold cross-validation on the training files
(dev + extra) and, when present, the holdout file scored with the shipped model: all of it,
and apart its first 305 tickets and the later ones (ids starting ``h2-``), which were written
against the weak spots the first ones showed, so each part's figure stays comparable over time.

usage: python -m policy.scripts.evaluate_scope [--folds K] [--seed N] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys

from policy.evaluate import cross_validate, evaluate
from policy.model import DATA_DIR, MODEL_PATH, load_examples, load_model, training_files
from policy.rules import load_seed

LATER_HOLDOUT = "h2-"  # ids of the holdout tickets added in the second round

KEYS = ("n", "verdict_accuracy", "verdict_macro_f1", "false_restriction_rate", "missed_restriction_rate",
        "topic_micro_f1", "topic_macro_f1", "needs_review_rate", "auto_accuracy")


def _line(name: str, figures: dict) -> str:
    return f"{name}: " + " ".join(
        f"{k}={figures[k]:.3f}" if isinstance(figures[k], float) else f"{k}={figures[k]}" for k in KEYS)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    ruleset = load_seed()
    results = {"cv": cross_validate(load_examples(*training_files()), ruleset, k=args.folds, seed=args.seed)}
    holdout = DATA_DIR / "tickets-holdout.jsonl"
    if holdout.exists() and MODEL_PATH.exists():
        model = load_model(MODEL_PATH.read_bytes())
        held = load_examples(holdout)
        results["holdout"] = evaluate(held, ruleset, model)
        first = [e for e in held if not e.id.startswith(LATER_HOLDOUT)]
        later = [e for e in held if e.id.startswith(LATER_HOLDOUT)]
        if first and later:
            results["holdout_first"] = evaluate(first, ruleset, model)
            results["holdout_later"] = evaluate(later, ruleset, model)
        results["holdout_rules_only"] = evaluate(held, ruleset, None)
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        for name, figures in results.items():
            print(_line(name, figures))
            print("  per topic F1:", figures["per_topic_f1"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
