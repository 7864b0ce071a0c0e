from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DecisionLine, GrantDecision, LabourMarketAnalysis, Measure, Plan, PlanPartner


class PartnerInline(admin.TabularInline):
    model = PlanPartner
    extra = 0


class AnalysisInline(admin.TabularInline):
    model = LabourMarketAnalysis
    extra = 0


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0
    fields = ("code", "category", "measure_type", "planned_participants", "planned_costs_eur",
              "individual_registration")
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ("name", "tranche_label", "kind", "status", "start_date", "end_date", "is_reference")
    list_filter = ("status", "kind", "tranche_label", "is_reference")
    search_fields = ("name",)
    inlines = [PartnerInline, AnalysisInline, MeasureInline]
    list_per_page = 50


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("plan", "code", "category", "measure_type", "planned_participants", "planned_costs_eur")
    list_filter = ("category",)
    search_fields = ("plan__name", "code")
    list_select_related = ("plan",)


class DecisionLineInline(admin.TabularInline):
    model = DecisionLine
    extra = 0
    can_delete = False
    readonly_fields = ("measure", "status", "planned_participants", "planned_youth_participants",
                       "planned_costs_eur", "rate", "subsidy_eur", "note")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(GrantDecision)
class GrantDecisionAdmin(admin.ModelAdmin):
    """Read-only: decisions are taken through the services (grant, revise), never edited here."""

    list_display = ("plan", "version", "kind", "decided_on", "max_subsidy_eur", "decided_by", "approved_by")
    list_filter = ("kind",)
    search_fields = ("plan__name",)
    list_select_related = ("plan", "decided_by", "approved_by")
    inlines = [DecisionLineInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
