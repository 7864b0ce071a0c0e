from django.contrib import admin

from .models import LoginLock, Membership, TOTPDevice


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "created_at")
    search_fields = ("user__username", "organisation__name")


@admin.register(LoginLock)
class LoginLockAdmin(admin.ModelAdmin):
    list_display = ("username", "failures", "locked_until")


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    list_display = ("user", "confirmed", "created_at")
    exclude = ("secret",)
