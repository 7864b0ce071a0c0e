"""Uploads: the checks before a file is read, and the participant upload."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sectorplannen.common.forms import PortalForm


def check_upload(upload, allowed: tuple[str, ...]) -> None:
    """Type (by extension and first bytes) and size, before anything reads the file."""
    name = upload.name.lower()
    if not name.endswith(allowed):
        raise ValidationError(_("Kies een bestand van het type %(types)s.") % {"types": ", ".join(allowed)})
    if upload.size > settings.PORTAL_UPLOAD_MAX_BYTES:
        raise ValidationError(_("Het bestand is groter dan %(mb)s MB.") % {
            "mb": settings.PORTAL_UPLOAD_MAX_BYTES // (1024 * 1024)})
    head = upload.read(8)
    upload.seek(0)
    if name.endswith(".xlsx") and not head.startswith(b"PK"):
        raise ValidationError(_("Dit is geen geldig Excel-bestand (.xlsx)."))
    if name.endswith(".pdf") and not head.startswith(b"%PDF"):
        raise ValidationError(_("Dit is geen geldig PDF-bestand."))


class ParticipantUploadForm(PortalForm):
    file = forms.FileField(label=_("Bestand met deelnemers (CSV of XLSX)"),
                           help_text=_("Eén regel per deelnemer per maatregel; zie de kolommen hieronder."))
    all_or_nothing = forms.BooleanField(label=_("Niets opslaan als er een fout in staat"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, (".csv", ".xlsx"))
        return upload




class AttachmentForm(PortalForm):
    """A document with the application: PDF only, checked on type and size before it is stored."""

    kind = forms.ChoiceField(label=_("Soort bijlage"))
    file = forms.FileField(label=_("Bestand (PDF)"))

    def __init__(self, *args, **kwargs):
        from ..models import AttachmentKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = AttachmentKind.choices

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, (".pdf",))
        return upload
