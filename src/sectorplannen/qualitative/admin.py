import copy

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from .models import CodebookVersion, Coding, FinalReport, InterviewNote, PartnerInvitation


@admin.register(CodebookVersion)
class CodebookVersionAdmin(SimpleHistoryAdmin):
    """A category is added by saving a new version (copy, then edit the JSON): answers keep theirs."""

    list_display = ("version", "title", "created_at")
    actions = ["new_version"]

    def get_readonly_fields(self, request, obj=None):
        used = obj is not None and FinalReport.objects.filter(codebook=obj).exists()
        return ("version", "document") if used else ()

    @admin.action(description="Nieuwe versie op basis van deze (daarna categorieën toevoegen)")
    def new_version(self, request, queryset):
        for source in queryset:
            number = (CodebookVersion.objects.order_by("-version").first().version or 0) + 1
            doc = copy.deepcopy(source.document)
            doc["version"] = number
            CodebookVersion.objects.create(version=number, title=f"{source.title} (v{number})", document=doc)
            messages.info(request, f"Versie {number} aangemaakt.")


admin.site.register(InterviewNote)
admin.site.register(Coding)
admin.site.register(PartnerInvitation)
