from rest_framework import serializers

from accounts.models import Merchant, User
from accounts.roles import is_support_staff
from core.api.serializers import StrictInputSerializer

from ..models import Attachment, Message, Queue, Ticket

PRIORITY_NAMES = {value: label.lower() for value, label in Ticket.Priority.choices}
PRIORITY_VALUES = {name: value for value, name in PRIORITY_NAMES.items()}


class PriorityField(serializers.ChoiceField):
    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(choices=list(PRIORITY_VALUES), **kwargs)

    def to_representation(self, value: int) -> str:
        return PRIORITY_NAMES[value]

    def to_internal_value(self, data: str) -> int:
        return PRIORITY_VALUES[super().to_internal_value(data)]


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "name", "content_type", "size", "message", "created_at", "download_url"]

    def get_download_url(self, obj: Attachment) -> str:
        return f"/api/v1/tickets/{obj.ticket_id}/attachments/{obj.pk}/"


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username")
    author_is_staff = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Message
        fields = ["id", "kind", "author", "author_is_staff", "body", "body_html", "channel", "created_at",
                  "attachments"]

    def get_author_is_staff(self, obj: Message) -> bool:
        return obj.author.merchant_id is None


class TicketSerializer(serializers.ModelSerializer):
    priority = PriorityField()
    merchant = serializers.CharField(source="merchant.name")
    merchant_id = serializers.IntegerField()
    requester = serializers.CharField(source="requester.username")
    queue = serializers.CharField(source="queue.slug", default=None)
    assignee = serializers.CharField(source="assignee.username", default=None)
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    scope = serializers.SerializerMethodField()
    merged_into = serializers.IntegerField(source="merged_into_id", read_only=True, allow_null=True,
                                           help_text="The surviving ticket, when this one was merged into it.")

    class Meta:
        model = Ticket
        fields = ["id", "reference", "subject", "body", "body_html", "channel", "status", "priority", "merchant",
                  "merchant_id", "requester", "queue", "assignee", "tags", "language", "created_at", "updated_at",
                  "first_response_at", "resolved_at", "closed_at", "first_response_due_at", "resolution_due_at",
                  "merged_into", "scope"]

    def get_scope(self, obj: Ticket) -> dict:
        """Staff see the classifier's guess; a merchant sees a verdict only once nobody doubts it,
        as on the ticket page: while the ticket awaits a scope review it reads as undecided."""
        request = self.context.get("request")
        undecided = obj.needs_review and request is not None and not is_support_staff(request.user)
        if undecided:
            return {"verdict": None, "topics": [], "confidence": None, "needs_review": True}
        return {"verdict": obj.scope_verdict or None, "topics": obj.scope_topics,
                "confidence": obj.scope_confidence, "needs_review": obj.needs_review}


class TicketDetailSerializer(TicketSerializer):
    attachments = serializers.SerializerMethodField()

    class Meta(TicketSerializer.Meta):
        fields = [*TicketSerializer.Meta.fields, "attachments"]

    def get_attachments(self, obj: Ticket) -> list[dict]:
        return AttachmentSerializer(obj.attachments.filter(message__isnull=True), many=True).data


class TicketCreateSerializer(StrictInputSerializer):
    """What a merchant sends; staff may also say for whom, by which channel and how urgent."""

    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=None)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class StaffTicketCreateSerializer(TicketCreateSerializer):
    merchant = serializers.PrimaryKeyRelatedField(queryset=Merchant.objects.all())
    requester = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(merchant__isnull=False),
                                                   required=False)
    channel = serializers.ChoiceField(choices=Ticket.Channel.choices, default=Ticket.Channel.API)
    priority = PriorityField(required=False)


class TicketUpdateSerializer(StrictInputSerializer):
    subject = serializers.CharField(max_length=200, required=False)
    body = serializers.CharField(required=False)


class StaffTicketUpdateSerializer(TicketUpdateSerializer):
    status = serializers.ChoiceField(choices=Ticket.Status.choices, required=False)
    priority = PriorityField(required=False)
    queue = serializers.SlugRelatedField(slug_field="slug", queryset=Queue.objects.all(), required=False,
                                         allow_null=True)
    assignee = serializers.SlugRelatedField(slug_field="username", required=False, allow_null=True,
                                            queryset=User.objects.filter(merchant__isnull=True))
    tags = serializers.ListField(child=serializers.CharField(max_length=50), required=False)


class MessageCreateSerializer(StrictInputSerializer):
    body = serializers.CharField()
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class StaffMessageCreateSerializer(MessageCreateSerializer):
    internal = serializers.BooleanField(default=False)
    status = serializers.ChoiceField(choices=Ticket.Status.choices, required=False)


class AttachmentUploadSerializer(StrictInputSerializer):
    attachments = serializers.ListField(child=serializers.FileField(), allow_empty=False)
