from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Merchant, User


class MerchantUserInline(admin.TabularInline):
    model = User
    fields = ("username", "email", "merchant_role", "is_active")
    readonly_fields = ("username",)
    extra = 0
    show_change_link = True
    can_delete = False


@admin.register(Merchant)
class MerchantAdmin(admin.ModelAdmin):
    list_display = ("name", "contact_email", "licence_status", "licence_expires_on", "support_plan", "created_at")
    list_filter = ("licence_status", "support_plan")
    search_fields = ("name", "contact_email", "licence_key")
    inlines = [MerchantUserInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "merchant", "merchant_role", "is_staff", "is_active")
    list_filter = ("groups", "is_staff", "is_active", "merchant_role")
    list_select_related = ("merchant",)
    search_fields = ("username", "email", "first_name", "last_name", "merchant__name")
    autocomplete_fields = ("merchant",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("IXXO", {"fields": ("merchant", "merchant_role", "restrict_to_queues")}),
    )
