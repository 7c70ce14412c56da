"""Shared helpers of the notice board's page, feed and search tests.

The clock stands still at T0 (Tuesday 3 November 2026, 09:00 in Madrid)
unless a test moves it; notices are made and published through the services.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from corporativa.models import Department
from tauler import services
from tauler.models import Category, Notice

MADRID = ZoneInfo("Europe/Madrid")
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def madrid(year, month, day, hour=0, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=MADRID)


T0 = madrid(2026, 11, 3, 9, 0)


class Clock:
    """timezone.now() answers `self.now` until the test moves it with set()."""

    def __init__(self, monkeypatch, now):
        self.now = now
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, now):
        self.now = now


def publisher_create() -> User:
    return User.objects.create_superuser("publisher@mollet.example", "a-long-test-password")


def _name(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def category_get(slug: str) -> Category:
    return Category.objects.get_or_create(slug=slug, defaults={"name": _name(slug)})[0]


def department_get(slug: str) -> Department:
    return Department.objects.get_or_create(slug=slug, defaults={"name": _name(slug)})[0]


def notice_make(
    *,
    by,
    start,
    published_at=None,
    title="Anunci",
    text="Es fa públic per a general coneixement.",
    category="edictes",
    department="secretaria",
    case_reference="",
    business_days=20,
    pinned=False,
    corrects=None,
    documents=(),
    publish=True,
) -> Notice:
    """A notice with its PDFs (title, bytes), published at `published_at` unless publish=False."""
    notice = Notice.objects.create(
        title=title,
        text=text,
        category=category_get(category),
        department=department_get(department),
        case_reference=case_reference,
        start_at=start,
        period_business_days=business_days,
        is_permanent=business_days is None,
        is_pinned=pinned,
        corrects=corrects,
    )
    for order, (document_title, content) in enumerate(documents):
        services.document_add(
            notice=notice,
            title=document_title,
            upload=SimpleUploadedFile(f"{document_title}.pdf", content, "application/pdf"),
            order=order,
        )
    if publish:
        services.notice_publish(notice=notice, by=by, at=published_at)
        notice.refresh_from_db()
    return notice
