"""Atom feeds of the calls: new calls (all, or of one kind) and new phases
(of every call, or of one call).

A call enters the feeds at its publication; a phase at its own publication
moment (the service makes phases typed into a draft public with the call).
Entries link to the call's page (a phase to its place in the timeline,
`#fase-<pk>`), are dated by those moments, and are written in the language of
the feed's address (/ca/, /es/, /en/).

As in tauler/feeds.py, what belongs to one request travels in the object
`get_object` returns, never on `self`: a feed object serves every request.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from convocatories.calendars import period_days
from convocatories.choices import CallKind, CallStatus
from convocatories.models import Call, Phase
from seu import exports

FEED_SIZE = 50


@dataclass(frozen=True)
class FeedScope:
    at: datetime
    base_url: str
    council: str
    kind: str = ""
    call: Call | None = None


def _scope(request, **kwargs) -> FeedScope:
    return FeedScope(
        at=timezone.now(),
        base_url=exports.base_url(request),
        council=settings.SEU_COUNCIL_NAME,
        **kwargs,
    )


def _kind(kind: str) -> str:
    if kind not in CallKind.values:
        raise Http404
    return kind


class NewCallsFeed(Feed):
    feed_type = Atom1Feed
    description_template = "convocatories/feeds/call_summary.html"

    def get_object(self, request):
        return _scope(request)

    def title(self, scope):
        return _("New calls · %(council)s") % {"council": scope.council}

    def subtitle(self, scope):
        return _("Public job calls and calls for grants, scholarships and subsidies, newest first.")

    def link(self, scope):
        return reverse("convocatories:index")

    def calls(self, scope):
        return Call.objects.public(at=scope.at)

    def items(self, scope):
        calls = list(
            self.calls(scope)
            .with_list_data()
            .annotate(
                last_phase_at=Max(
                    "phases__published_at", filter=Q(phases__published_at__lte=scope.at)
                )
            )
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )
        for call in calls:
            call.public_status = call.status_at(scope.at)
            call.public_status_label = CallStatus(call.public_status).label
            call.period = period_days(call)
            # The latest of: the publication, a change of state, a new phase.
            moments = (call.published_at, call.resolved_at, call.cancelled_at, call.last_phase_at)
            call.feed_updated = max(m for m in moments if m is not None and m <= scope.at)
        return calls

    def get_context_data(self, **kwargs):
        return {"call": kwargs["item"]}

    def item_title(self, call):
        return f"{call.reference} · {call.title}"

    def item_link(self, call):
        return call.get_absolute_url()

    def item_pubdate(self, call):
        return call.published_at

    def item_updateddate(self, call):
        return call.feed_updated

    def item_author_name(self, call):
        return call.department.name

    def item_categories(self, call):
        return [str(call.get_kind_display())]


class KindNewCallsFeed(NewCallsFeed):
    def get_object(self, request, kind):
        return _scope(request, kind=_kind(kind))

    def title(self, scope):
        return _("New calls · %(kind)s · %(council)s") % {
            "kind": CallKind(scope.kind).label,
            "council": scope.council,
        }

    def link(self, scope):
        return reverse("convocatories:call-list") + "?" + urlencode({"tipus": scope.kind})

    def calls(self, scope):
        return super().calls(scope).filter(kind=scope.kind)


class NewPhasesFeed(Feed):
    feed_type = Atom1Feed
    description_template = "convocatories/feeds/phase_summary.html"

    def get_object(self, request):
        return _scope(request)

    def title(self, scope):
        return _("New phases of the calls · %(council)s") % {"council": scope.council}

    def subtitle(self, scope):
        return _(
            "Every step of every call as it is published: lists of admitted people, "
            "exam dates, results and awards."
        )

    def link(self, scope):
        return reverse("convocatories:index")

    def phases(self, scope):
        return Phase.objects.filter(
            call__in=Call.objects.public(at=scope.at), published_at__lte=scope.at
        )

    def items(self, scope):
        phases = list(
            self.phases(scope)
            .select_related("call__department")
            .prefetch_related("documents")
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )
        for phase in phases:
            phase.feed_scope = scope
        return phases

    def get_context_data(self, **kwargs):
        phase = kwargs["item"]
        return {"phase": phase, "call": phase.call, "base_url": phase.feed_scope.base_url}

    def item_title(self, phase):
        return f"{phase.display_title} · {phase.call.reference} · {phase.call.title}"

    def item_link(self, phase):
        return f"{phase.call.get_absolute_url()}#fase-{phase.pk}"

    def item_pubdate(self, phase):
        return phase.published_at

    def item_updateddate(self, phase):
        return phase.published_at

    def item_author_name(self, phase):
        return phase.call.department.name

    def item_categories(self, phase):
        return [str(phase.call.get_kind_display())]


class CallPhasesFeed(NewPhasesFeed):
    def get_object(self, request, slug):
        at = timezone.now()
        call = get_object_or_404(Call.objects.public(at=at), slug=slug)
        return _scope(request, call=call)

    def title(self, scope):
        return _("Phases of %(reference)s · %(title)s") % {
            "reference": scope.call.reference,
            "title": scope.call.title,
        }

    def subtitle(self, scope):
        return scope.call.summary

    def link(self, scope):
        return scope.call.get_absolute_url()

    def phases(self, scope):
        return super().phases(scope).filter(call=scope.call)
