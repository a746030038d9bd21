import pytest
from django.contrib.auth.models import AnonymousUser, Group

from accounts import roles
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "agent", "supervisor", "admin"),
    [
        ("agent", True, False, False),
        ("supervisor", False, True, False),
        ("admin", True, True, True),  # a superuser counts as every role
    ],
)
def test_staff_have_the_roles_of_their_groups(cast, who, agent, supervisor, admin):
    user = getattr(cast, who)
    assert (
        roles.has_role(user, roles.AGENT),
        roles.has_role(user, roles.SUPERVISOR),
        roles.has_role(user, roles.ADMIN),
    ) == (agent, supervisor, admin)


@pytest.mark.parametrize("who", ["agent", "supervisor", "admin"])
def test_every_staff_role_counts_as_support_staff(cast, who):
    assert roles.is_support_staff(getattr(cast, who))


def test_only_supervisors_and_admins_are_supervisors(cast):
    assert [roles.is_supervisor(u) for u in (cast.agent, cast.supervisor, cast.admin)] == [False, True, True]


def test_merchant_users_never_have_a_staff_role_even_in_a_staff_group(cast):
    cast.alice.groups.add(Group.objects.get(name=roles.AGENT))
    assert not roles.is_support_staff(cast.alice) and not roles.has_role(cast.alice, roles.AGENT)


def test_anonymous_users_have_no_role():
    assert not roles.is_support_staff(AnonymousUser())


def test_a_user_without_a_group_has_no_role():
    user = factories.StaffFactory(username="plain")
    user.groups.clear()
    assert not roles.is_support_staff(user)


def test_roles_are_read_once_per_user_object(cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        for role in roles.STAFF_ROLES:
            roles.has_role(cast.agent, role)


def test_ensure_role_groups_creates_the_groups_and_is_safe_to_rerun():
    Group.objects.all().delete()
    roles.ensure_role_groups()
    roles.ensure_role_groups()
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.STAFF_ROLES)


def test_admins_get_every_product_permission_and_supervisors_only_viewing_and_triage():
    roles.ensure_role_groups()
    admin = set(Group.objects.get(name=roles.ADMIN).permissions.values_list("codename", flat=True))
    supervisor = set(Group.objects.get(name=roles.SUPERVISOR).permissions.values_list("codename", flat=True))
    assert {"delete_ticket", "change_merchant", "view_ticket"} <= admin
    assert {"view_ticket", "change_ticket", "change_queue"} <= supervisor
    assert not {"delete_ticket", "change_merchant", "add_user"} & supervisor
    assert not Group.objects.get(name=roles.AGENT).permissions.exists()
