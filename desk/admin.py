from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from .canned import PLACEHOLDERS, validate_placeholders
from .models import CannedReply, SavedView


class CannedReplyForm(forms.ModelForm):
    """Refuses a placeholder the desk cannot fill: a typo would otherwise reach the merchant as `{merchnt}`."""

    class Meta:
        model = CannedReply
        fields = ["title", "body", "queue", "topic", "is_active"]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = "Markdown. Placeholders: " + ", ".join(
            f"{{{name}}} ({meaning})" for name, meaning in PLACEHOLDERS.items())

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        validate_placeholders(body)
        return body


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    form = CannedReplyForm
    list_display = ["title", "queue", "topic", "is_active", "updated_at", "updated_by"]
    list_filter = ["is_active", "queue", "topic"]
    search_fields = ["title", "body"]

    def save_model(self, request: HttpRequest, obj: CannedReply, form: forms.ModelForm, change: bool) -> None:
        obj.updated_by = request.user
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "is_shared", "position"]
    list_filter = ["is_shared"]
