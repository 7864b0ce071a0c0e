"""Admin: read-only, and never the BSN (not even encrypted) or a search by BSN (it would end up in the URL)."""

from django.contrib import admin

from .models import ImportBatch, ParticipantCount, Person, Registration


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(_ReadOnly):
    list_display = ("short_pseudonym",)
    fields = ("pseudonym",)
    search_fields = ("=pseudonym",)

    @admin.display(description="pseudoniem")
    def short_pseudonym(self, obj):
        return obj.pseudonym[:16] + "…"


@admin.register(Registration)
class RegistrationAdmin(_ReadOnly):
    list_display = ("plan", "measure", "short_pseudonym", "start_date", "end_date", "target_group", "youth")
    list_filter = ("youth", "target_group")
    list_select_related = ("plan", "measure", "person")
    exclude = ("person", "birth_date")
    readonly_fields = ("short_pseudonym",)

    @admin.display(description="pseudoniem")
    def short_pseudonym(self, obj):
        return obj.person.pseudonym[:16] + "…"


@admin.register(ImportBatch)
class ImportBatchAdmin(_ReadOnly):
    list_display = ("started_at", "plan", "file_name", "rows_read", "stored", "already_known", "rejected",
                    "birth_date_conflicts")
    list_select_related = ("plan",)


@admin.register(ParticipantCount)
class ParticipantCountAdmin(_ReadOnly):
    list_display = ("measure", "period_start", "period_end", "count")
    list_select_related = ("measure", "measure__plan")
