from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_moderator_group(**_: Any) -> None:
    """The `moderator` group moderates in the forum pages and edits forum content in Django admin."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="moderator")
    group.permissions.set(Permission.objects.filter(content_type__app_label="forum"))


class ForumConfig(AppConfig):
    """The community forum for active merchants."""

    name = "forum"

    def ready(self) -> None:
        post_migrate.connect(ensure_moderator_group, sender=self)
