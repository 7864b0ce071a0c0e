"""Admin: declarations and progress reports can be corrected (their history is kept); settlements and
ledger bookings are read-only here, because they are only written through ``finance.services``."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AdvancePayment,
    Clawback,
    DeclarationLine,
    FinalDeclaration,
    LedgerEntry,
    Payment,
    ProgressReport,
    ProgressReportLine,
    Settlement,
    SettlementLine,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeclarationLineInline(admin.TabularInline):
    model = DeclarationLine
    extra = 0
    raw_id_fields = ("measure",)


@admin.register(FinalDeclaration)
class FinalDeclarationAdmin(SimpleHistoryAdmin):
    list_display = ("plan", "submitted_on", "due_on", "late")
    search_fields = ("plan__name",)
    date_hierarchy = "submitted_on"
    raw_id_fields = ("plan", "submitted_by")
    inlines = [DeclarationLineInline]

    @admin.display(boolean=True, description="te laat")
    def late(self, obj):
        return obj.is_late


class ProgressReportLineInline(admin.TabularInline):
    model = ProgressReportLine
    extra = 0
    raw_id_fields = ("measure",)


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ("plan", "month", "due_on", "submitted_on", "late")
    list_filter = ("month",)
    search_fields = ("plan__name",)
    raw_id_fields = ("plan", "submitted_by")
    inlines = [ProgressReportLineInline]

    @admin.display(boolean=True, description="te laat")
    def late(self, obj):
        return obj.is_late


class SettlementLineInline(ReadOnlyMixin, admin.TabularInline):
    model = SettlementLine
    fields = ("measure", "measure_type", "rate", "planned_participants", "realised_participants",
              "eligible_costs_eur", "gross_subsidy_eur", "subsidy_eur", "status")
    readonly_fields = fields


@admin.register(Settlement)
class SettlementAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("plan", "version", "settled_on", "determined_subsidy_eur", "balance_eur", "cap_applied",
                    "cost_threshold_met")
    list_filter = ("cap_applied", "cost_threshold_met", "scheme_code")
    search_fields = ("plan__name",)
    exclude = ("explanation", "basis")
    readonly_fields = ("explanation_lines",)
    inlines = [SettlementLineInline]

    @admin.display(description="toelichting")
    def explanation_lines(self, obj):
        return format_html("<ol>{}</ol>", format_html_join("", "<li>{}</li>", ((e["text"],) for e in obj.explanation)))


class LedgerAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("plan", "kind", "amount_eur", "booked_on", "reference", "booked_at")
    list_filter = ("kind",)
    search_fields = ("plan__name", "reference")
    date_hierarchy = "booked_on"


admin.site.register(LedgerEntry, LedgerAdmin)
admin.site.register(AdvancePayment, LedgerAdmin)
admin.site.register(Payment, LedgerAdmin)
admin.site.register(Clawback, LedgerAdmin)
