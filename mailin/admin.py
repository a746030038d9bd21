from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from .models import AutoReply, InboundMessage
from .parsing import decode_bytes
from .services import inbound_reprocess

RAW_PREVIEW_CHARS = 20_000


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ("received_at", "sender", "subject", "status", "ticket", "source")
    list_filter = ("status", "source")
    search_fields = ("message_id", "sender", "subject")
    raw_id_fields = ("ticket", "reply", "duplicate_of")
    fields = ("status", "note", "message_id", "sender", "subject", "source", "source_ref", "ticket", "reply",
              "duplicate_of", "received_at", "processed_at", "attempts", "raw_source")
    readonly_fields = fields
    actions = ["reprocess"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="Raw source")
    def raw_source(self, obj: InboundMessage) -> str:
        text = decode_bytes(bytes(obj.raw), "utf-8")
        more = len(text) > RAW_PREVIEW_CHARS
        link = reverse("admin:mailin_inboundmessage_raw", args=[obj.pk])
        return format_html('<p><a href="{}">Download the original (.eml)</a></p><pre style="white-space:pre-wrap;'
                           'max-height:40rem;overflow:auto;">{}{}</pre>', link, text[:RAW_PREVIEW_CHARS],
                           "\n[…]" if more else "")

    def get_urls(self) -> list[URLPattern]:
        raw = path("<int:pk>/raw/", self.admin_site.admin_view(self.raw_view), name="mailin_inboundmessage_raw")
        return [raw, *super().get_urls()]

    def raw_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        row = get_object_or_404(InboundMessage, pk=pk)
        response = HttpResponse(bytes(row.raw), content_type="message/rfc822")
        response["Content-Disposition"] = f'attachment; filename="inbound-{row.pk}.eml"'
        return response

    @admin.action(description="Process the selected e-mails again", permissions=["change"])
    def reprocess(self, request: HttpRequest, queryset: QuerySet[InboundMessage]) -> None:
        done = skipped = 0
        for row in queryset:
            result = inbound_reprocess(inbound=row)
            if result is None:
                skipped += 1
            else:
                done += 1
                self.message_user(request, f"{row.sender}: {result.get_status_display()}", messages.INFO)
        if skipped:
            self.message_user(request, f"{skipped} e-mails were skipped: they already made a ticket or reply, "
                                       "or are duplicates.", messages.WARNING)


@admin.register(AutoReply)
class AutoReplyAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "sent_at")
    list_filter = ("kind",)
    search_fields = ("recipient",)
    readonly_fields = ("recipient", "kind", "key", "inbound", "context", "created_at", "sent_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
