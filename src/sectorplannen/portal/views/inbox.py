"""The inbox: the user's own messages (decisions, settlements, reminders), newest first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sectorplannen.notifications.models import Notification

from .common import paginate


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request):
    """Everyone sees only their own messages; POST marks them all read."""
    mine = Notification.objects.filter(recipient=request.user)
    if request.method == "POST":
        mine.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("portal:inbox")
    return render(request, "portal/inbox/inbox.html", {
        "page_obj": paginate(request, mine), "unread": mine.filter(read_at__isnull=True).count(),
    })
