"""The accounts in the admin: memberships, role grants with four eyes, lock-outs (django-axes) and
second factors (django-otp). The administrator role unlocks an account by deleting its lock-out
record and resets a second factor by deleting the device; the secret is never shown."""

import django_otp.plugins.otp_totp.admin  # noqa: F401 - registered first, so that it can be replaced here
from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django_otp.plugins.otp_totp.models import TOTPDevice

from sectorplannen.audit.services import record

from . import services
from .models import Membership, RoleGrant


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "created_at")
    search_fields = ("user__username", "organisation__name")


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    """Propose a role (add); another administrator approves it (the action); nothing else changes."""

    list_display = ("user", "role", "decision", "requested_by", "approved_by", "requested_at")
    list_filter = ("decision", "role")
    fields = ("user", "role")
    actions = ["approve"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.requested_by = request.user
        super().save_model(request, obj, form, change)
        record("role_proposed", actor=request.user, username=obj.user.username, role=obj.role)

    @admin.action(description="Geselecteerde toekenningen goedkeuren (vier ogen)")
    def approve(self, request, queryset):
        for grant in queryset:
            try:
                services.approve_role_grant(grant, request.user)
            except services.RoleGrantRefused as exc:
                self.message_user(request, f"{grant}: {exc}", messages.ERROR)
            else:
                self.message_user(request, f"{grant.user}: rol {grant.role} toegekend.", messages.SUCCESS)


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class SecondFactorAdmin(admin.ModelAdmin):
    """Second factors: seen and deleted (a lost phone), never added, changed or shown."""

    list_display = ("user", "name", "confirmed", "last_used_at")
    fields = ("user", "name", "confirmed", "last_used_at")
    readonly_fields = fields
    search_fields = ("user__username",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        record("totp_reset", actor=request.user, username=obj.user.username)

    def delete_queryset(self, request, queryset):
        names = list(queryset.values_list("user__username", flat=True))
        super().delete_queryset(request, queryset)
        for name in names:
            record("totp_reset", actor=request.user, username=name)


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """Lock-outs: deleting one unlocks the account (audit-logged)."""

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        record("account_unlocked", actor=request.user, username=obj.username)

    def delete_queryset(self, request, queryset):
        names = list(queryset.values_list("username", flat=True))
        super().delete_queryset(request, queryset)
        for name in names:
            record("account_unlocked", actor=request.user, username=name)
