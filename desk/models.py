"""What the agents' desk keeps of its own: saved views, canned replies, and who is looking at a
ticket right now (presence, for collision detection across gunicorn workers)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from tickets.models import Queue

STAFF_ONLY = {"merchant__isnull": True}


class SavedView(models.Model):
    """An agent's named filter set for the triage queue (`filters` holds the query-string fields)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_desk_views",
                              limit_choices_to=STAFF_ONLY)
    name = models.CharField(max_length=80)
    filters = models.JSONField(default=dict, blank=True)
    is_shared = models.BooleanField(default=False, help_text="Shared views show in every agent's sidebar.")
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="saved_view_unique_name")]

    def __str__(self) -> str:
        return self.name


class CannedReply(models.Model):
    """A reply agents insert and edit before sending. Empty queue/topic: offered everywhere."""

    title = models.CharField(max_length=120)
    body = models.TextField(help_text="Markdown. Placeholders such as {merchant_name} are filled in on insert.")
    queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.CASCADE, related_name="canned_replies")
    topic = models.ForeignKey("policy.ScopeTopic", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="canned_replies")
    is_active = models.BooleanField(default=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "canned replies"

    def __str__(self) -> str:
        return self.title


class TicketPresence(models.Model):
    """One row per agent with a ticket open; refreshed by the page every few seconds."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)
    typing_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ticket", "user"], name="presence_one_per_agent")]
        indexes = [models.Index(fields=["ticket", "seen_at"], name="presence_ticket_seen")]

    def __str__(self) -> str:
        return f"{self.user} on {self.ticket_id}"
