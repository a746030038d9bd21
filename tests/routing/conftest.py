from datetime import time

import pytest

from routing.models import AgentProfile, QueueRouting, Shift
from tests import factories
from tickets.models import Queue


@pytest.fixture
def make_agent(db):  # noqa: ANN001
    """`make_agent("name", queue="technical", cap=20, on_shift=True, skills=())`: a staff member with a profile."""

    def make(username: str, *, queue: str = "technical", cap: int = 20, on_shift: bool = True, skills=()):  # noqa: ANN001, ANN202
        user = factories.StaffFactory(username=username, role="agent")
        profile = AgentProfile.objects.create(user=user, max_open_tickets=cap, time_zone="UTC")
        profile.skills.set(skills)
        if on_shift:
            Shift.objects.bulk_create([Shift(profile=profile, weekday=d, starts=time(0), ends=time(0))
                                       for d in range(7)])
        Queue.objects.get(slug=queue).agents.add(user)
        return user

    return make


@pytest.fixture
def auto_assign(db):  # noqa: ANN001
    def configure(slug: str = "technical", mode: str = QueueRouting.Mode.LEAST_LOADED, skill=None) -> QueueRouting:  # noqa: ANN001
        config, _ = QueueRouting.objects.update_or_create(queue=Queue.objects.get(slug=slug),
                                                          defaults={"mode": mode, "skill": skill})
        return config

    return configure
