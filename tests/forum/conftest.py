from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from forum.moderation import runtime
from forum.moderation.model import Example, Scorer


@pytest.fixture(autouse=True)
def small_scorer(monkeypatch):  # noqa: ANN001, ANN201
    """The learned model trained on a handful of posts: the tests exercise the machinery, while
    test_checks.py and the forum_eval command measure the real model on the real data."""
    examples = [
        Example("How do I set up shipping zones for Austria?", frozenset()),
        Example("Klarna numbers after three months, conversion went up", frozenset()),
        Example("Cheap hosting from $1.99/month, use code FORUM50: cheaphost-deals.biz", frozenset({"spam"})),
        Example("Buy Instagram followers now, packages from $19", frozenset({"spam"})),
        Example("You idiots broke everything, shut up and get lost, moron", frozenset({"abuse"})),
        Example("Nobody cares about you, loser", frozenset({"abuse"})),
        Example("Since the update to 6.1 checkout returns error 500", frozenset({"bug_report"})),
        Example("After updating the search finds nothing, stack trace attached", frozenset({"bug_report"})),
    ]
    scorer = Scorer(examples)
    monkeypatch.setattr(runtime, "scorer", lambda *a, **k: scorer)
    return scorer


def age(user, days: int = 60):  # noqa: ANN001, ANN201
    """Members older than a day are past the first-day limits."""
    user.date_joined = timezone.now() - timedelta(days=days)
    user.save(update_fields=["date_joined"])
    return user


@pytest.fixture
def forum(cast):  # noqa: ANN001, ANN201
    """The cast, aged past their first day, plus a community moderator and a category."""
    from forum.models import Category
    from tests.factories import StaffFactory

    for user in (cast.alice, cast.amir, cast.bruno, cast.carla):
        age(user)
    moderator = StaffFactory(username="mod", role="moderator")
    moderator.is_staff = True
    moderator.save(update_fields=["is_staff"])
    Group.objects.get_or_create(name="moderator")
    category = Category.objects.create(name="Running your store test", slug="store-test")
    return SimpleNamespace(**vars(cast), moderator=moderator, category=category)


@pytest.fixture
def thread(forum):  # noqa: ANN001, ANN201
    from forum.services.posting import thread_create

    return thread_create(
        actor=forum.alice,
        category=forum.category,
        title="Shipping zones for Austria",
        body="How do you set up shipping zones for Austria?",
    )
