from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from accounts.models import Merchant

REFERENCE_PREFIX = "IXXO-"


class Queue(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    agents = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="queues",
                                    limit_choices_to={"merchant__isnull": True})

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.SlugField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Ticket(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        OPEN = "open", "Open"
        PENDING = "pending", "Pending merchant"
        ON_HOLD = "on_hold", "On hold"
        RESOLVED = "resolved", "Resolved"
        CLOSED = "closed", "Closed"

    class Priority(models.IntegerChoices):
        LOW = 1, "Low"
        NORMAL = 2, "Normal"
        HIGH = 3, "High"
        URGENT = 4, "Urgent"

    class Channel(models.TextChoices):
        WEB = "web", "Web"
        EMAIL = "email", "E-mail"
        API = "api", "API"
        PHONE = "phone", "Phone"
        CHAT = "chat", "Chat"
        FORUM = "forum", "Forum"

    OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)

    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="tickets")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requested_tickets")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    body_html = models.TextField(blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="assigned_tickets", limit_choices_to={"merchant__isnull": True})
    tags = models.ManyToManyField(Tag, blank=True, related_name="tickets")
    language = models.CharField(max_length=8, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    # The scope verdict (policy app); the full history lives in policy.ScopeVerdict.
    scope_verdict = models.CharField(max_length=12, blank=True)
    scope_topics = models.JSONField(default=list, blank=True)
    scope_confidence = models.FloatField(null=True, blank=True)
    needs_review = models.BooleanField(default=False)

    # SLA due times (routing and SLA app).
    first_response_due_at = models.DateTimeField(null=True, blank=True)
    resolution_due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["merchant", "-id"], name="ticket_merchant_recent"),
            models.Index(fields=["merchant", "status", "-id"], name="ticket_merchant_status"),
            models.Index(fields=["status", "-id"], name="ticket_status_recent"),
            # The agents' "not yet solved" list (status IN the open statuses, newest first): a small
            # index that gives the order directly, also on deep pages (bench/ticket_list.py).
            models.Index(fields=["-id"], name="ticket_open_recent",
                         condition=models.Q(status__in=["new", "open", "pending", "on_hold"])),
            models.Index(fields=["queue", "status", "-id"], name="ticket_queue_status"),
            models.Index(fields=["assignee", "status", "-id"], name="ticket_assignee_status"),
            models.Index(fields=["created_at"], name="ticket_created"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def reference(self) -> str:
        return f"{REFERENCE_PREFIX}{self.pk:06d}" if self.pk else ""

    @staticmethod
    def id_from_reference(reference: str) -> int | None:
        text = reference.strip().upper()
        if text.startswith(REFERENCE_PREFIX):
            text = text[len(REFERENCE_PREFIX):]
        return int(text) if text.isdigit() else None

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Message(models.Model):
    """A public reply or an internal note (staff only) on a ticket."""

    class Kind(models.TextChoices):
        REPLY = "reply", "Public reply"
        NOTE = "note", "Internal note"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=5, choices=Kind.choices, default=Kind.REPLY)
    body = models.TextField()
    body_html = models.TextField(blank=True)
    channel = models.CharField(max_length=8, choices=Ticket.Channel.choices, default=Ticket.Channel.WEB)
    email_message_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_ticket_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.ticket_id}"

    @property
    def is_internal(self) -> bool:
        return self.kind == self.Kind.NOTE


def attachment_path(instance: "Attachment", filename: str) -> str:
    now = timezone.now()
    return f"{now:%Y/%m}/{instance.ticket_id}/{instance.sha256[:16]}-{filename}"


def attachment_storage():  # noqa: ANN201 - a callable so tests can swap the storage location
    from django.core.files.storage import storages

    return storages["attachments"]


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=attachment_path, storage=attachment_storage, max_length=500)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class TicketEvent(models.Model):
    """The audit trail: who changed what on a ticket, and when."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        STATUS = "status", "Status changed"
        PRIORITY = "priority", "Priority changed"
        QUEUE = "queue", "Queue changed"
        ASSIGNEE = "assignee", "Assignee changed"
        TAGS = "tags", "Tags changed"
        FIELDS = "fields", "Fields edited"
        REPLY = "reply", "Public reply"
        NOTE = "note", "Internal note"
        ATTACHMENT = "attachment", "Attachment added"
        VERDICT = "verdict", "Scope verdict"
        REVIEW = "review", "Review requested"
        QUOTE = "quote", "Quote requested"
        SLA = "sla", "SLA"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="event_ticket_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.ticket_id}"

    @property
    def summary(self) -> str:
        """One line for people: 'Status changed: Open → Pending merchant'."""
        labels = {self.Kind.STATUS: dict(Ticket.Status.choices), self.Kind.PRIORITY: dict(Ticket.Priority.choices)}
        names = labels.get(self.kind, {})
        old, new = self.data.get("old"), self.data.get("new")
        if new is None and old is None:
            return self.get_kind_display()
        show = [str(names.get(v, v)) for v in (old, new) if v not in (None, "", [])]
        return f"{self.get_kind_display()}: {' → '.join(show)}" if show else self.get_kind_display()


class Notification(models.Model):
    """One e-mail sent about a ticket. The unique key makes a task that runs twice send once."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    recipient = models.EmailField()
    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient}"
