"""The Django admin with the portal's protection: its login is the portal's (rate limit, lock-out,
second factor), and a user with a second factor gets in only in a session that used it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.urls import reverse


class SecureAdminSite(admin.AdminSite):
    def login(self, request, extra_context=None):
        target = request.GET.get("next") or reverse("admin:index")
        return redirect(reverse("accounts:login") + "?" + urlencode({"next": target}, safe="/"))

    def has_permission(self, request) -> bool:
        from django_otp import user_has_device

        user = request.user
        if not super().has_permission(request):
            return False
        return not user_has_device(user) or bool(getattr(user, "is_verified", lambda: False)())


class SecureAdminConfig(AdminConfig):
    default_site = "sectorplannen.accounts.admin_site.SecureAdminSite"
