from django import forms
from django.contrib import admin

from accounts.roles import is_support_staff

from .models import Attachment, Message, Queue, Tag, Ticket, TicketEvent
from .services import ticket_update
from .transitions import can_transition


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


# Edited in admin, these go through tickets.services.ticket_update like on the agent page: events,
# SLA pause/resume and re-planning, notifications and webhooks happen the same way.
SERVICE_FIELDS = ("status", "priority", "queue", "assignee")


class TicketAdminForm(forms.ModelForm):
    class Meta:
        model = Ticket
        fields = "__all__"  # noqa: DJ007 - the admin shows every field

    def clean(self) -> dict:
        cleaned = super().clean()
        old = self.instance  # not updated from the form before _post_clean
        status = cleaned.get("status")
        if old.pk and "status" in self.changed_data and status and not can_transition(old.status, status):
            self.add_error("status", f"A ticket cannot go from {old.get_status_display()} to "
                                     f"{Ticket.Status(status).label}.")
        assignee = cleaned.get("assignee")
        if "assignee" in self.changed_data and assignee is not None and not is_support_staff(assignee):
            self.add_error("assignee", "Tickets can be assigned to support staff only.")
        return cleaned


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    form = TicketAdminForm
    list_display = ("reference", "subject", "merchant", "status", "priority", "queue", "assignee", "created_at")
    list_filter = ("status", "priority", "queue", "channel", "scope_verdict", "needs_review")
    list_select_related = ("merchant", "queue", "assignee")
    search_fields = ("subject", "merchant__name")
    raw_id_fields = ("merchant", "requester", "assignee")
    readonly_fields = ("created_at", "updated_at", "first_response_at", "resolved_at", "closed_at")
    inlines = [MessageInline, EventInline]
    show_full_result_count = False

    def save_model(self, request, obj: Ticket, form, change: bool) -> None:  # noqa: ANN001
        """Status, priority, queue and assignee changed here go through ticket_update (recorded,
        clocks paused, resumed or re-planned, e-mails and webhooks), the other fields are saved as
        they are. The admin's change view runs in one transaction, so all of it or nothing."""
        through_service = [name for name in SERVICE_FIELDS if name in form.changed_data] if change else []
        if not through_service:
            super().save_model(request, obj, form, change)
            return
        wanted = {name: getattr(obj, name) for name in through_service}
        concrete = {f.name for f in Ticket._meta.concrete_fields}
        plain = [name for name in form.changed_data if name in concrete and name not in SERVICE_FIELDS]
        if plain:
            obj.save(update_fields=plain)
        ticket_update(actor=request.user, ticket=obj, **wanted)
        obj.refresh_from_db()


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "ticket", "content_type", "size", "created_at")
    raw_id_fields = ("ticket", "message", "uploaded_by")
