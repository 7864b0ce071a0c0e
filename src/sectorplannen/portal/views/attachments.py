"""Attachments of an application: added and removed on the draft's last step, kept with the plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record

from ..forms.uploads import AttachmentForm
from ..models import Attachment, PlanDraft
from .common import require


def handle(request, draft: PlanDraft, action: str):
    """POST "attach" or "detach" on the draft's submit step; returns (response or None, bound form)."""
    if action == "detach":
        found = get_object_or_404(draft.attachments, pk=request.POST.get("attachment") or 0)
        found.file.delete(save=False)
        found.delete()
        messages.success(request, _("De bijlage is verwijderd."))
        return redirect("portal:draft_step", draft_id=draft.pk, step="indienen"), None
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return None, form
    upload = form.cleaned_data["file"]
    attachment = Attachment(draft=draft, kind=form.cleaned_data["kind"], original_name=upload.name[:255],
                            size=upload.size, uploaded_by=request.user, uploaded_at=timezone.now())
    attachment.file.save("bijlage.pdf", upload, save=True)
    record("attachment_added", actor=request.user, draft=draft.pk, kind=attachment.kind, size=attachment.size)
    messages.success(request, _("De bijlage is toegevoegd."))
    return redirect("portal:draft_step", draft_id=draft.pk, step="indienen"), None


@login_required
def download(request, attachment_id: int):
    attachment = get_object_or_404(Attachment.objects.select_related("draft__plan"), pk=attachment_id)
    plan = attachment.draft.plan
    require(perm.can_view_plan(request.user, plan) if plan else perm.can_edit_draft(request.user, attachment.draft))
    name = slugify(attachment.original_name.rsplit(".", 1)[0]) or attachment.kind
    return FileResponse(attachment.file.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"{name}.pdf")
