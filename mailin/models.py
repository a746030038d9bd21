from django.db import models
from django.db.models import Q
from django.utils import timezone


class InboundMessage(models.Model):
    """One e-mail as received, raw. The Message-ID is unique among non-duplicates, so one mail
    delivered twice (MTA retry, two pollers, Maildir and IMAP both) makes one ticket at most."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received, not processed yet"
        TICKET_CREATED = "ticket_created", "Ticket created"
        REPLY_ADDED = "reply_added", "Reply added"
        LICENCE_REFUSED = "licence_refused", "Refused: licence not active"
        DROPPED_LOOP = "dropped_loop", "Dropped: loop, list or our own mail"
        DROPPED_AUTO_REPLY = "dropped_auto_reply", "Dropped: auto-reply"
        DROPPED_BOUNCE = "dropped_bounce", "Dropped: bounce"
        DROPPED_UNKNOWN_SENDER = "dropped_unknown_sender", "Dropped: unknown sender"
        DROPPED_DUPLICATE = "dropped_duplicate", "Dropped: duplicate"
        FAILED = "failed", "Failed"

    class Source(models.TextChoices):
        PIPE = "pipe", "MTA pipe"
        MAILDIR = "maildir", "Maildir"
        IMAP = "imap", "IMAP"
        ADMIN = "admin", "Admin"

    message_id = models.CharField(max_length=998)
    # Where it came from, e.g. "imap:support@host/INBOX:1795810475:17": unique, so two pollers
    # (or two Maildir importers) claim one mail once.
    source = models.CharField(max_length=8, choices=Source.choices)
    source_ref = models.CharField(max_length=500, null=True, blank=True, unique=True)
    raw = models.BinaryField()
    sender = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=998, blank=True)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.RECEIVED)
    note = models.TextField(blank=True)
    ticket = models.ForeignKey("tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="inbound_messages")
    reply = models.ForeignKey("tickets.Message", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["message_id"], condition=~Q(status="dropped_duplicate"),
                                    name="mailin_unique_message_id"),
        ]
        indexes = [
            models.Index(fields=["status", "received_at"], name="mailin_status_time"),
            models.Index(fields=["message_id"], name="mailin_message_id"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.get_status_display()})"


class AutoReply(models.Model):
    """An automatic answer to a sender. At most one per sender and kind a day (unique key)."""

    recipient = models.EmailField(max_length=320)
    kind = models.CharField(max_length=60)
    key = models.CharField(max_length=420, unique=True)
    inbound = models.ForeignKey(InboundMessage, null=True, on_delete=models.SET_NULL, related_name="auto_replies")
    context = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "created_at"], name="mailin_autoreply_recent")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient}"

