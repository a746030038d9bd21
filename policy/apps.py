from django.apps import AppConfig


class PolicyConfig(AppConfig):
    """Scope triage: classify every request against the support policy."""

    name = "policy"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
