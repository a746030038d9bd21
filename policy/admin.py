from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from . import training
from .forms import ScopeRuleForm
from .models import PartnerIntegration, ScopeModelVersion, ScopeRule, ScopeTopic, ScopeVerdict
from .rule_trial import try_rule
from .runtime import current_ruleset, forget
from .selectors import labelled_examples


class ScopeRuleInline(admin.TabularInline):
    model = ScopeRule
    form = ScopeRuleForm
    fields = ("kind", "pattern", "language", "weight", "enabled", "note")
    extra = 0
    show_change_link = True


@admin.register(ScopeTopic)
class ScopeTopicAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "kind", "quote_service", "is_active", "updated_at", "updated_by")
    list_filter = ("kind", "is_active")
    search_fields = ("slug", "name", "clause")
    readonly_fields = ("updated_at", "updated_by")

    def get_readonly_fields(self, request: HttpRequest, obj: ScopeTopic | None = None) -> tuple[str, ...]:
        # Slugs are the contract with the API and the evaluation files: never renamed.
        return (*self.readonly_fields, "slug") if obj else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: ScopeTopic, form, change: bool) -> None:  # noqa: ANN001
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ScopeRule)
class ScopeRuleAdmin(admin.ModelAdmin):
    """Rules are validated on save; "Try this rule" shows its effect before saving."""

    form = ScopeRuleForm
    list_display = ("pattern", "topic", "kind", "language", "weight", "enabled", "updated_at", "updated_by")
    list_filter = ("topic", "kind", "language", "enabled")
    list_editable = ("enabled",)
    search_fields = ("pattern", "note")
    list_select_related = ("topic", "updated_by")
    readonly_fields = ("created_at", "updated_at", "updated_by")
    change_form_template = "admin/policy/scoperule/change_form.html"

    def save_model(self, request: HttpRequest, obj: ScopeRule, form, change: bool) -> None:  # noqa: ANN001
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        forget()  # this process applies the edit at once; others within RECHECK_SECONDS

    def changeform_view(self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
                        extra_context: dict | None = None) -> HttpResponse:
        if request.method == "POST" and "_try" in request.POST:
            return self._trial_view(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _trial_view(self, request: HttpRequest, object_id: str | None) -> HttpResponse:
        instance = self.get_object(request, object_id) if object_id else None
        form = ScopeRuleForm(request.POST, instance=instance)
        trial = None
        if form.is_valid():
            replaces = None
            if instance is not None:
                replaces = next((r for r in current_ruleset().rules if r.pattern == instance.pattern
                                 and r.topic == instance.topic.slug and r.kind == instance.kind), None)
            trial = try_rule(rule=form.as_rule(), ruleset=current_ruleset(), examples=labelled_examples(),
                             replaces=replaces)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "trial": trial, "original": instance, "title": "Try a scope rule"}
        return TemplateResponse(request, "admin/policy/scoperule/trial.html", context)


@admin.register(PartnerIntegration)
class PartnerIntegrationAdmin(admin.ModelAdmin):
    list_display = ("name", "aliases", "is_active", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("name", "aliases")


@admin.register(ScopeModelVersion)
class ScopeModelVersionAdmin(admin.ModelAdmin):
    """Trained models with their progress and scores; "Train a new model" starts a Celery task."""

    list_display = ("version", "status", "progress_bar", "is_active", "examples", "corrections", "accuracy",
                    "created_at", "created_by")
    list_filter = ("status", "is_active")
    readonly_fields = ("version", "status", "progress", "message", "is_active", "examples", "corrections",
                       "metrics", "compared_with", "created_at", "created_by")
    change_list_template = "admin/policy/scopemodelversion/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="Progress")
    def progress_bar(self, obj: ScopeModelVersion) -> str:
        return f"{obj.progress}%"

    @admin.display(description="Verdict accuracy (held back)")
    def accuracy(self, obj: ScopeModelVersion) -> str:
        value = obj.metrics.get("verdict_accuracy")
        return f"{value:.3f}" if isinstance(value, float) else "—"

    def get_urls(self):  # noqa: ANN201
        return [path("train/", self.admin_site.admin_view(self.train_view), name="policy_scopemodelversion_train"),
                *super().get_urls()]

    def train_view(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            version = training.training_start(actor=request.user)
            messages.info(request, f"Training {version.version} started; refresh this page to follow it.")
        return redirect("admin:policy_scopemodelversion_changelist")


@admin.register(ScopeVerdict)
class ScopeVerdictAdmin(admin.ModelAdmin):
    list_display = ("ticket", "verdict", "topics", "confidence", "needs_review", "source", "actor", "created_at")
    list_filter = ("source", "verdict", "needs_review")
    raw_id_fields = ("ticket", "message", "actor")
    readonly_fields = ("created_at",)
    show_full_result_count = False
