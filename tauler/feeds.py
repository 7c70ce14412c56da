"""Atom feeds of the notice board: all notices, one category, one search.

Entries are the public notices (published and started, whatever their state
now), newest start first. Each entry links to the notice, states its period
and state in its summary, and carries its PDFs as enclosures.

A feed object is shared by every request, so what belongs to one request (the
moment the clock was read, the category, the search) travels in the object
`get_object` returns, never on `self`.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from seu import exports
from tauler.choices import NoticeState
from tauler.models import Category, Notice, PublicationLogEntry
from tauler.search import MAX_QUERY_LENGTH, notices_matching

FEED_SIZE = 50


@dataclass(frozen=True)
class FeedScope:
    at: datetime
    base_url: str
    council: str
    category: Category | None = None
    query: str = ""


def _scope(request, **kwargs) -> FeedScope:
    return FeedScope(
        at=timezone.now(),
        base_url=exports.base_url(request),
        council=settings.SEU_COUNCIL_NAME,
        **kwargs,
    )


class NoticesFeed(Feed):
    feed_type = Atom1Feed
    description_template = "tauler/feeds/notice_summary.html"

    def get_object(self, request):
        return _scope(request)

    def title(self, scope):
        return _("Notice board · %(council)s") % {"council": scope.council}

    def subtitle(self, scope):
        return _("Edicts and announcements published on the electronic notice board.")

    def link(self, scope):
        return reverse("tauler:index")

    def notices(self, scope):
        return Notice.objects.public(at=scope.at)

    def items(self, scope):
        latest = (
            PublicationLogEntry.objects.filter(notice=OuterRef("pk"))
            .order_by("-sequence")
            .values("at")[:1]
        )
        notices = list(
            self.notices(scope)
            .with_list_data()
            .prefetch_related("documents")
            .annotate(last_event_at=Subquery(latest))
            .order_by("-start_at", "-id")[:FEED_SIZE]
        )
        for notice in notices:
            notice.feed_scope = scope
            notice.public_state = notice.state_at(scope.at)
            notice.public_state_label = NoticeState(notice.public_state).label
        return notices

    def get_context_data(self, **kwargs):
        return {"notice": kwargs["item"]}

    def item_title(self, notice):
        return f"{notice.number} · {notice.title}"

    def item_link(self, notice):
        return notice.get_absolute_url()

    def item_pubdate(self, notice):
        return notice.start_at

    def item_updateddate(self, notice):
        """The latest of: the start, the last logged event, and the end once it has passed
        (logged or not: the clock, not a job, ends a notice)."""
        moments = [notice.start_at, notice.last_event_at]
        if notice.public_state == NoticeState.FINISHED:
            moments.append(notice.end_at)
        return max(moment for moment in moments if moment is not None)

    def item_author_name(self, notice):
        return notice.department.name

    def item_categories(self, notice):
        return [notice.category.name]

    def item_enclosures(self, notice):
        base_url = notice.feed_scope.base_url
        return [
            Enclosure(base_url + document.get_absolute_url(), str(document.size), "application/pdf")
            for document in notice.documents.all()
        ]


class CategoryNoticesFeed(NoticesFeed):
    def get_object(self, request, slug):
        return _scope(request, category=get_object_or_404(Category, slug=slug))

    def title(self, scope):
        return _("Notice board · %(category)s · %(council)s") % {
            "category": scope.category.name,
            "council": scope.council,
        }

    def link(self, scope):
        return reverse("tauler:archive") + f"?categoria={scope.category.slug}"

    def notices(self, scope):
        return super().notices(scope).filter(category=scope.category)


class SearchNoticesFeed(NoticesFeed):
    def get_object(self, request):
        query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
        return _scope(request, query=query)

    def title(self, scope):
        if not scope.query:
            return super().title(scope)
        return _("Notice board · search “%(query)s” · %(council)s") % {
            "query": scope.query,
            "council": scope.council,
        }

    def link(self, scope):
        if not scope.query:
            return reverse("tauler:archive")
        return reverse("tauler:archive") + "?" + urlencode({"q": scope.query})

    def notices(self, scope):
        return notices_matching(super().notices(scope), scope.query)
