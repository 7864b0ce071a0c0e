"""The partner survey in the portal: through a one-time link (no account) or as a member of the
partner organisation; one response per organisation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from sectorplannen.accounts.models import Membership
from sectorplannen.qualitative import survey
from sectorplannen.qualitative.checks import Context
from sectorplannen.qualitative.models import PartnerInvitation
from sectorplannen.qualitative.reports import ReportRefused, current_codebook
from sectorplannen.workflow import clock

from ..report_forms import AnswersForm


def _page(request, inv: PartnerInvitation | None, closed: str = ""):
    if inv is None:
        return render(request, "portal/partner_survey/closed.html", {"reason": closed}, status=410)
    book = current_codebook().codebook
    form = AnswersForm(book, book.questions_of("partner"), Context("T1/2"), {},
                       request.POST if request.method == "POST" else None, prefix="p")
    if request.method == "POST" and form.is_valid():
        try:
            survey.answer(inv, form.answers(), clock.today())
        except ReportRefused as refused:
            form.add_problems(refused.findings)
        except survey.InvitationClosed as exc:
            return render(request, "portal/partner_survey/closed.html", {"reason": str(exc)}, status=410)
        else:
            return render(request, "portal/partner_survey/thanks.html", {"invitation": inv})
    errors = [{"id": form[n].id_for_label or form[n].auto_id, "label": form.fields[n].label, "message": m}
              for n, msgs in form.errors.items() if n in form.fields for m in msgs]
    return render(request, "portal/partner_survey/answer.html", {"invitation": inv, "form": form, "errors": errors})


def by_link(request, token: str):
    try:
        inv = survey.invitation_for_token(token, clock.today())
    except survey.InvitationClosed as exc:
        return _page(request, None, str(exc))
    return _page(request, inv)


@login_required
def as_member(request, invitation_id: int):
    inv = get_object_or_404(PartnerInvitation.objects.select_related("plan", "organisation"), pk=invitation_id)
    if not Membership.objects.filter(user=request.user, organisation=inv.organisation).exists():
        raise PermissionDenied(_("U handelt niet namens deze partnerorganisatie."))
    try:
        survey.open_invitation(inv, clock.today())
    except survey.InvitationClosed as exc:
        return _page(request, None, str(exc))
    return _page(request, inv)
