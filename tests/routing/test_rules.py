from routing.rules import Rule, TicketFacts, first_match


def facts(**changes: object) -> TicketFacts:
    base = {"verdict": "in_scope", "needs_review": False, "topics": ("functionality",), "priority": 2,
            "plan": "standard", "channel": "web", "language": "en", "text": "how do i add a coupon?"}
    return TicketFacts(**{**base, **changes})


def test_the_first_matching_rule_wins():
    rules = [Rule(id=1, order=10, topics=("software_issue",)), Rule(id=2, order=20), Rule(id=3, order=30)]
    assert first_match(rules, facts()).id == 2
    assert first_match(rules, facts(topics=("software_issue",))).id == 1


def test_every_condition_must_hold():
    rule = Rule(id=1, order=1, verdict="restricted", plan="priority", channel="email", language="de",
                keywords=("ftp",), priority=3, needs_review=False)
    good = facts(verdict="restricted", plan="priority", channel="email", language="de-CH", text="ftp down",
                 priority=3)
    assert rule.matches(good)
    for change in ({"verdict": "in_scope"}, {"plan": "standard"}, {"channel": "web"}, {"language": "en"},
                   {"text": "nothing"}, {"priority": 2}, {"needs_review": True}):
        assert not rule.matches(TicketFacts(**{**good.__dict__, **change}))


def test_no_rule_matches_returns_none():
    assert first_match([Rule(id=1, order=1, topics=("license",))], facts()) is None
