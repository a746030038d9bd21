"""Django admin: categories and watched words are edited here; moderation actions go through the
services so that they are logged like the ones taken in the forum."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Category, Flag, ModerationLog, Post, PostRevision, Sanction, Thread, WatchedWord
from .services import moderation


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position", "is_active")
    list_editable = ("position", "is_active")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(WatchedWord)
class WatchedWordAdmin(admin.ModelAdmin):
    list_display = ("pattern", "kind", "action", "label", "is_active", "note")
    list_filter = ("kind", "action", "label", "is_active")
    search_fields = ("pattern", "note")


class RevisionInline(admin.TabularInline):
    model = PostRevision
    extra = 0
    can_delete = False
    readonly_fields = ("editor", "old_body", "new_body", "reason", "by_moderator", "created_at")


class FlagInline(admin.TabularInline):
    model = Flag
    extra = 0
    readonly_fields = ("flagger", "reason", "note", "weight", "created_at", "resolved_at", "resolution")


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("id", "thread", "author", "status", "spam_score", "abuse_score", "flag_weight", "created_at")
    list_filter = ("status", "edited_by_moderator", "looks_like_bug_report")
    search_fields = ("body", "thread__title", "author__username")
    raw_id_fields = ("thread", "author", "removed_by", "ticket")
    readonly_fields = ("body_html", "labels", "check_reasons", "spam_score", "abuse_score", "flag_weight")
    inlines = [FlagInline, RevisionInline]
    actions = ["approve", "hide"]

    def _each(self, request: HttpRequest, queryset: QuerySet[Post], verb: Any) -> None:
        changed = sum(bool(verb(actor=request.user, post=post)) for post in queryset)
        self.message_user(request, f"{changed} post(s) changed.", messages.SUCCESS)

    @admin.action(description="Approve (publish) the selected posts")
    def approve(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        self._each(request, queryset.exclude(status=Post.Status.REMOVED), moderation.post_approve)

    @admin.action(description="Hide the selected posts")
    def hide(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        self._each(request, queryset.exclude(status=Post.Status.REMOVED), moderation.post_hide)


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "category",
        "author",
        "is_visible",
        "is_locked",
        "is_pinned",
        "reply_count",
        "last_post_at",
    )
    list_filter = ("category", "is_locked", "is_pinned", "is_visible")
    search_fields = ("title",)
    raw_id_fields = ("author", "accepted_post", "merged_into", "ticket")


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "starts_at", "ends_at", "lifted_at", "created_by")
    list_filter = ("kind",)
    raw_id_fields = ("user", "created_by")


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "post", "thread", "target_user", "reason")
    list_filter = ("action",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
