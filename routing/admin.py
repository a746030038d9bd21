from datetime import time

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from .models import (
    AgentProfile,
    BusinessCalendar,
    BusinessHours,
    Escalation,
    Holiday,
    QueueRouting,
    RoutingDecision,
    RoutingRule,
    Shift,
    Skill,
    SlaPolicy,
    TicketSla,
)
from .selectors import recent_matches


class RequireHours(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise ValidationError("A calendar needs opening hours on at least one day; SLA clocks cannot run "
                                  "on a calendar that is never open.")
        spans: dict[int, list[tuple[int, int]]] = {}
        for form in kept:
            day, span = form.cleaned_data["weekday"], _minutes(form.cleaned_data["opens"], form.cleaned_data["closes"])
            if any(span[0] < end and start < span[1] for start, end in spans.get(day, [])):
                raise ValidationError("Opening hours overlap on the same weekday.")
            spans.setdefault(day, []).append(span)


def _minutes(opens: time, closes: time) -> tuple[int, int]:
    end = closes.hour * 60 + closes.minute or 24 * 60
    return opens.hour * 60 + opens.minute, end


class HoursInline(admin.TabularInline):
    model = BusinessHours
    formset = RequireHours
    extra = 0


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 0


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone"]
    inlines = [HoursInline, HolidayInline]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "priority", "plan", "first_response_minutes", "resolution_minutes", "calendar",
                    "is_active"]
    list_filter = ["is_active", "priority", "plan"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "is_active", "verdict", "topics", "set_queue", "set_priority"]
    list_editable = ["is_active"]
    readonly_fields = ["recent_matches"]
    fieldsets = [
        (None, {"fields": ["order", "name", "is_active"]}),
        ("Conditions (empty means any)", {"fields": ["verdict", "needs_review", "topics", "priority", "plan",
                                                      "channel", "language", "keywords"]}),
        ("Actions", {"fields": ["set_queue", "set_priority", "add_tags", "set_assignee", "set_team"]}),
        ("Recent tickets this rule matches", {"fields": ["recent_matches"]}),
    ]

    @admin.display(description="Matches among the 200 most recent tickets")
    def recent_matches(self, rule: RoutingRule) -> SafeString:
        if not rule.pk:
            return SafeString("Save the rule to see which recent tickets it matches.")
        return SafeString(render_to_string("routing/_rule_matches.html", {"tickets": recent_matches(rule)[:50]}))


class ShiftInline(admin.TabularInline):
    model = Shift
    extra = 0


@admin.register(AgentProfile)
class AgentProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "max_open_tickets", "is_available", "time_zone"]
    filter_horizontal = ["skills"]
    inlines = [ShiftInline]


@admin.register(QueueRouting)
class QueueRoutingAdmin(admin.ModelAdmin):
    list_display = ["queue", "mode", "skill", "last_assignee"]


admin.site.register(Skill)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(TicketSla)
class TicketSlaAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "policy", "first_response_due_at", "resolution_due_at", "paused_at",
                    "first_response_breached_at", "resolution_breached_at"]
    list_select_related = ["ticket", "policy"]


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "clock", "due_at", "created_at", "actions"]
    list_filter = ["clock"]


@admin.register(RoutingDecision)
class RoutingDecisionAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "rule", "queue", "routed_at", "assigned_at"]
