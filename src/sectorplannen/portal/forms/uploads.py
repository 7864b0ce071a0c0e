"""Uploads: the checks before a file is read, and the participant upload."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sectorplannen.common.forms import PortalForm


def check_upload(upload, allowed: tuple[str, ...], max_bytes: int | None = None) -> None:
    """Type (by extension and first bytes) and size (``PORTAL_UPLOAD_MAX_BYTES`` unless ``max_bytes``),
    before anything reads the file."""
    max_bytes = max_bytes or settings.PORTAL_UPLOAD_MAX_BYTES
    name = upload.name.lower()
    if not name.endswith(allowed):
        raise ValidationError(_("Kies een bestand van het type %(types)s.") % {"types": ", ".join(allowed)})
    if upload.size > max_bytes:
        raise ValidationError(_("Het bestand is groter dan %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)})
    head = upload.read(8)
    upload.seek(0)
    if name.endswith(".xlsx") and not head.startswith(b"PK"):
        raise ValidationError(_("Dit is geen geldig Excel-bestand (.xlsx)."))
    if name.endswith(".pdf") and not head.startswith(b"%PDF"):
        raise ValidationError(_("Dit is geen geldig PDF-bestand."))


class ParticipantUploadForm(PortalForm):
    """The participant upload, processed as a background job. The hidden key makes a double submit of
    one form (a double click, a resent request) one job."""

    file = forms.FileField(label=_("Bestand met deelnemers (CSV of XLSX)"),
                           help_text=_("Eén regel per deelnemer per maatregel; zie de kolommen hieronder."))
    all_or_nothing = forms.BooleanField(label=_("Niets opslaan als er een fout in staat"), required=False)
    submission = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].initial = uuid.uuid4().hex

    def clean_submission(self):
        value = self.cleaned_data["submission"]
        return value if value and all(c in "0123456789abcdef" for c in value) else ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, (".csv", ".xlsx"), settings.PARTICIPANT_UPLOAD_MAX_BYTES)
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
