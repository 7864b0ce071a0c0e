"""Help and contact: how the scheme runs through the portal, step by step, and whom to ask."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sectorplannen.schemes.models import Tranche


@login_required
def help_page(request):
    tranches = Tranche.objects.select_related("scheme").order_by("number")
    return render(request, "portal/help.html", {
        "tranches": tranches, "email": settings.PORTAL_CONTACT_EMAIL, "phone": settings.PORTAL_CONTACT_PHONE,
    })
