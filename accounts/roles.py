"""Staff roles are Django groups. A superuser counts as every role."""

from collections.abc import Iterable
from typing import Any

AGENT = "agent"
SUPERVISOR = "supervisor"
ADMIN = "admin"
STAFF_ROLES = (AGENT, SUPERVISOR, ADMIN)


def _group_names(user: Any) -> set[str]:
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        user._role_names = cached
    return cached


def remember_roles(user: Any, names: Iterable[str]) -> None:
    """Keep the group names read with the user (a prefetch), so role checks on it need no query."""
    user._role_names = set(names)


def has_role(user: Any, role: str) -> bool:
    if not user.is_authenticated or getattr(user, "merchant_id", None):
        return False
    return user.is_superuser or role in _group_names(user)


def is_support_staff(user: Any) -> bool:
    """Agents, supervisors and admins: the people who answer tickets."""
    return any(has_role(user, role) for role in STAFF_ROLES)


def support_staff() -> Any:
    """Active users who answer tickets (the people an agent can assign a ticket to), by username."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return (get_user_model().objects.filter(merchant__isnull=True, is_active=True)
            .filter(Q(groups__name__in=STAFF_ROLES) | Q(is_superuser=True)).distinct().order_by("username"))


def is_supervisor(user: Any) -> bool:
    return has_role(user, SUPERVISOR) or has_role(user, ADMIN)


# Django-admin permissions each role gets; admins get every permission of the product's apps.
PRODUCT_APPS = ("accounts", "tickets", "policy", "forum", "core", "routing", "webhooks", "mailin", "desk",
                "django_celery_beat", "authtoken")
SUPERVISOR_PERMISSIONS = ("view_", "change_ticket", "change_queue")


def ensure_role_groups(**_: Any) -> None:
    """Create the role groups and give them their admin permissions (run after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    product = Permission.objects.filter(content_type__app_label__in=PRODUCT_APPS)
    Group.objects.get_or_create(name=AGENT)
    supervisor, _ = Group.objects.get_or_create(name=SUPERVISOR)
    admin, _ = Group.objects.get_or_create(name=ADMIN)
    admin.permissions.set(product)
    supervisor.permissions.set([p for p in product if p.codename.startswith(SUPERVISOR_PERMISSIONS)])
