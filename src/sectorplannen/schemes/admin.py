from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import SchemeVersion, Tranche


@admin.register(SchemeVersion)
class SchemeVersionAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "created_at")


@admin.register(Tranche)
class TrancheAdmin(SimpleHistoryAdmin):
    list_display = ("number", "scheme", "window_start", "window_end", "budget_ceiling_eur")
