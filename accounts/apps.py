from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    """Merchants, their licences and users; staff roles (agent, supervisor, admin)."""

    name = "accounts"

    def ready(self) -> None:
        from .roles import ensure_role_groups

        # Every app sends post_migrate after its permissions exist; re-running is cheap and idempotent.
        post_migrate.connect(ensure_role_groups, dispatch_uid="accounts.ensure_role_groups")
