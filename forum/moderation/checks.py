"""The decision on a new post: labels (spam, abuse, bug_report) and an action (publish, hold,
block), with the reasons (pure: plain data in, a frozen dataclass out).

Precision first: an honest post wrongly held is the costly error, so the learned model holds a
post only when it is confident, and watched words hold or block only what admins chose.
"""

from dataclasses import dataclass, field

from .links import foreign_link_count
from .model import Scorer, post_text
from .signals import abuse_signal, bug_signal, spam_signal
from .watched import WatchedRule, match

PUBLISH, HOLD, BLOCK = "publish", "hold", "block"


@dataclass(frozen=True)
class Thresholds:
    spam: float = 0.5
    abuse: float = 0.5
    bug_report: float = 0.5


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class CheckResult:
    labels: tuple[str, ...]
    action: str
    reasons: tuple[str, ...] = ()
    flag: bool = False
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def spam_score(self) -> float:
        return self.scores.get("spam", 0.0)

    @property
    def abuse_score(self) -> float:
        return self.scores.get("abuse", 0.0)


def combined_scores(text: str, learned: dict[str, float], *, links: int) -> dict[str, float]:
    """The model's probability, raised by strong hand-written signals that generalise beyond the
    training posts (and lowered by none: the signals only ever add evidence)."""
    return {
        "spam": max(learned.get("spam", 0.0), spam_signal(text, links=links)),
        "abuse": max(learned.get("abuse", 0.0), abuse_signal(text)),
        "bug_report": max(learned.get("bug_report", 0.0), bug_signal(text)),
    }


def check_post(title: str, body: str, *, rules: tuple[WatchedRule, ...], scorer: Scorer, bug_topic: bool = False,
               thresholds: Thresholds = DEFAULT_THRESHOLDS, learned: dict[str, float] | None = None) -> CheckResult:
    text = post_text(title, body)
    scores = combined_scores(text, learned if learned is not None else scorer.scores(text),
                             links=foreign_link_count(text))
    labels: set[str] = set()
    reasons: list[str] = []
    action, flag = PUBLISH, False
    for hit in match(text, rules):
        reasons.append(f"watched {hit.rule.kind} {hit.rule.pattern!r} ({hit.rule.action})")
        if hit.rule.action == "flag":
            flag = True
            continue
        labels.add(hit.rule.label)
        action = BLOCK if hit.rule.action == "block" or action == BLOCK else HOLD
    for label in ("spam", "abuse"):
        if scores[label] >= getattr(thresholds, label):
            labels.add(label)
            reasons.append(f"{label} score {scores[label]:.2f}")
            action = BLOCK if action == BLOCK else HOLD
    if bug_topic or scores["bug_report"] >= thresholds.bug_report:
        labels.add("bug_report")
        reasons.append("reads like a software issue" + (" (policy classifier)" if bug_topic else ""))
    return CheckResult(labels=tuple(sorted(labels)), action=action, reasons=tuple(reasons), flag=flag,
                       scores=scores)
