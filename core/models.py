from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class IdempotencyRecord(models.Model):
    """The first response to a POST sent with an `Idempotency-Key` header, replayed for repeats."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    endpoint = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response_body = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="uniq_idempotency_user_key")]

    def __str__(self) -> str:
        return f"{self.key} ({self.endpoint})"


class OutboxTask(models.Model):
    """A Celery task recorded in the same transaction as the change that needs it.

    The row is written with the ticket, so committed work is never lost: it is sent to the broker
    right after commit, and a periodic sweep re-sends what is still undispatched (broker down,
    process killed between commit and send). Tasks are written to be safe to run twice.
    """

    task_name = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"], condition=models.Q(dispatched_at__isnull=True),
                                name="outbox_pending")]

    def __str__(self) -> str:
        return f"{self.task_name}({self.kwargs})"
