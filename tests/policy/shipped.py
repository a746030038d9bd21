"""The seed rules and the shipped model, loaded once for all the classifier's tests."""

from functools import cache

from policy.model import MODEL_PATH, ScopeModel, load_model
from policy.rules import RuleSet, load_seed


@cache
def seed() -> RuleSet:
    return load_seed()


@cache
def shipped() -> ScopeModel:
    return load_model(MODEL_PATH.read_bytes())
