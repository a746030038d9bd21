"""The checks as the forum runs them: watched words from the database (re-read when an admin edits
them), the learned model trained once per process, and the policy app's classifier for bug reports."""

import functools
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from django.db.models import Count, Max

from .checks import CheckResult, check_post
from .model import TRAIN_PATH, NullScorer, Scorer, read_examples
from .watched import WatchedRule

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_rules_cache: dict[str, object] = {"key": None, "rules": ()}


def watched_rules() -> tuple[WatchedRule, ...]:
    from ..models import WatchedWord

    stats = WatchedWord.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    key = f"{stats['n']}:{stats['last']}"
    with _lock:
        if _rules_cache["key"] != key:
            _rules_cache["rules"] = tuple(
                WatchedRule(w.pattern, w.kind, w.action, w.label) for w in WatchedWord.objects.filter(is_active=True)
            )
            _rules_cache["key"] = key
        return _rules_cache["rules"]  # type: ignore[return-value]


def safe_watched_rules() -> tuple[WatchedRule, ...]:
    """For batch runs that may start on an empty database: no table, no watched words."""
    try:
        return watched_rules()
    except Exception:  # noqa: BLE001
        logger.warning("Watched words unavailable; checking without them")
        return ()


@functools.cache
def scorer(path: Path = TRAIN_PATH) -> Scorer:
    if not path.exists():
        logger.warning("No forum training data at %s: the checks run on watched words and signals only", path)
        return NullScorer()
    return Scorer(read_examples(path))


def policy_says_software_issue(title: str, body: str) -> bool:
    from policy.services import run_classifier

    try:
        return "software_issue" in run_classifier(title, body).topics
    except Exception:  # noqa: BLE001 - the notice is a courtesy; a classifier failure must not stop a post
        logger.exception("Policy classifier failed on a forum post")
        return False


def batch_bug_topic() -> Callable[[str, str], bool]:
    """For batch runs: the policy classifier if it works here (a database with the policy tables), else a
    stand-in that says no, so a missing database is reported once instead of once per post."""
    from policy.services import run_classifier

    try:
        run_classifier("Probe", "Checkout shows an error since the update.")
    except Exception as exc:  # noqa: BLE001
        logger.warning("Policy classifier unavailable (%s); bug reports from the forum's own model only", exc)
        return lambda title, body: False
    return policy_says_software_issue


def check(title: str, body: str, *, new_thread: bool) -> CheckResult:
    bug_topic = new_thread and policy_says_software_issue(title, body)
    result = check_post(title, body, rules=watched_rules(), scorer=scorer(), bug_topic=bug_topic)
    if not new_thread and "bug_report" in result.labels:  # the notice is for new threads only
        result = CheckResult(
            labels=tuple(x for x in result.labels if x != "bug_report"),
            action=result.action,
            reasons=result.reasons,
            flag=result.flag,
            scores=result.scores,
        )
    return result
