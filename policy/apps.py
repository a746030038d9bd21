from django.apps import AppConfig


class PolicyConfig(AppConfig):
    """Scope triage: classify every request against the support policy."""

    name = "policy"
