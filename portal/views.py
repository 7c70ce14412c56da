"""The home page: what the seu's sections have to show first."""

from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone

from convocatories.models import Call
from tauler.models import Notice
from tramits.models import Procedure


def home(request):
    now = timezone.now()
    return render(
        request,
        "home.html",
        {
            "popular_procedures": Procedure.objects.most_used(since=now - timedelta(days=365)),
            "latest_notices": Notice.objects.on_display(at=now)
            .select_related("category")
            .order_by("-is_pinned", "-start_at")[:5],
            # Those closing soonest first: they are the ones not to miss.
            "open_calls": Call.objects.open(at=now).order_by("closes_at", "id")[:5],
        },
    )
