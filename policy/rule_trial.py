"""Trying a rule before it is saved: which labelled tickets it matches and how the figures move."""

from dataclasses import dataclass, replace
from typing import Any

from .evaluate import evaluate
from .model import Example
from .rules import Rule, RuleSet, read_ticket
from .runtime import current_model


@dataclass(frozen=True)
class RuleMatch:
    example: Example
    sentence: str
    labelled_with_topic: bool


@dataclass(frozen=True)
class RuleTrial:
    matches: list[RuleMatch]
    before: dict[str, Any]
    after: dict[str, Any]

    @property
    def precision(self) -> float:
        return sum(m.labelled_with_topic for m in self.matches) / len(self.matches) if self.matches else 0.0


def _matching_sentence(ruleset: RuleSet, rule: Rule, example: Example) -> str | None:
    for unit in read_ticket(ruleset, example.subject, example.body).units:
        if rule in unit.signals.hits:
            return unit.text
    return None


def try_rule(*, rule: Rule, ruleset: RuleSet, examples: list[Example], replaces: Rule | None = None) -> RuleTrial:
    rules = tuple(r for r in ruleset.rules if r != replaces)
    candidate = replace(ruleset, rules=(*rules, rule), version=f"{ruleset.version}+trial")
    base = replace(ruleset, rules=rules, version=f"{ruleset.version}-trial") if replaces else ruleset
    matches = []
    for example in examples:
        sentence = _matching_sentence(candidate, rule, example)
        if sentence is not None:
            matches.append(RuleMatch(example, sentence, rule.topic in example.topics))
    model = current_model()
    return RuleTrial(matches, evaluate(examples, base, model), evaluate(examples, candidate, model))
