from django.contrib import admin

from . import hooks
from .models import Attachment, Message, Queue, Tag, Ticket, TicketEvent


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "is_active")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("agents",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


class MessageInline(admin.StackedInline):
    model = Message
    fields = ("kind", "author", "body", "created_at")
    readonly_fields = ("author", "created_at")
    extra = 0


class EventInline(admin.TabularInline):
    model = TicketEvent
    fields = ("created_at", "actor", "kind", "data")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ("reference", "subject", "merchant", "status", "priority", "queue", "assignee", "created_at")
    list_filter = ("status", "priority", "queue", "channel", "scope_verdict", "needs_review")
    list_select_related = ("merchant", "queue", "assignee")
    search_fields = ("subject", "merchant__name")
    raw_id_fields = ("merchant", "requester", "assignee")
    readonly_fields = ("created_at", "updated_at", "first_response_at", "resolved_at", "closed_at")
    inlines = [MessageInline, EventInline]
    show_full_result_count = False

    def save_model(self, request, obj: Ticket, form, change: bool) -> None:  # noqa: ANN001
        """A priority changed here is recorded and re-plans the SLA clocks, as on the agent page
        (the admin's change view runs in one transaction)."""
        super().save_model(request, obj, form, change)
        if change and "priority" in form.changed_data:
            from .services import record_event

            record_event(ticket=obj, actor=request.user, kind=TicketEvent.Kind.PRIORITY,
                         old=form.initial.get("priority"), new=obj.priority, via="admin")
            hooks.ticket_priority_changed(obj)


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "ticket", "content_type", "size", "created_at")
    raw_id_fields = ("ticket", "message", "uploaded_by")
