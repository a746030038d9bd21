"""Outgoing webhooks: where to send which ticket events, and the log of every delivery."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

EVENTS = [
    ("ticket.created", "Ticket created"),
    ("ticket.routed", "Ticket routed"),
    ("ticket.status_changed", "Ticket status changed"),
    ("ticket.sla_breached", "SLA breached"),
]


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list, help_text="Event names, e.g. ticket.created.")
    secret = models.CharField(max_length=200, default=new_secret,
                              help_text="Signs each body: X-IXXO-Signature: t=<unix time>,v1=<HMAC-SHA256>.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        known = {name for name, _ in EVENTS}
        if not self.events or not isinstance(self.events, list) or set(self.events) - known:
            raise ValidationError({"events": f"Choose one or more of: {', '.join(sorted(known))}."})
        if len(self.secret or "") < 16:
            raise ValidationError({"secret": "Use a secret of at least 16 characters."})


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Delivered"
        FAILED = "failed", "Failed (gave up)"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.event} to {self.webhook}"
