"""The demo board: about sixty notices with a real history, loaded once."""

from collections import Counter
from datetime import date, time
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from corporativa.business_days import OFFICIAL_TZ, is_business_day
from documents.choices import DocumentKind
from documents.models import IssuedDocument
from tauler.certificates import certificate_for
from tauler.choices import LogEvent, NoticeState
from tauler.demo import DEMO_NOTICES, notice_pdf
from tauler.models import Notice, PublicationLogEntry
from tauler.services import log_verify
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_staff():
    user = UserFactory(email="personal@mollet.example", is_staff=True)
    user.groups.add(Group.objects.get(name="Tauler"))
    return user


def test_the_demo_board_has_a_real_history_and_loads_once(demo_staff):
    from tauler.demo import seed_notices

    assert seed_notices(staff=demo_staff) == len(DEMO_NOTICES)
    notices = list(Notice.objects.select_related("category"))
    assert 55 <= len(notices) <= 70
    assert all(n.published_at is not None and n.published_by == demo_staff for n in notices)
    assert log_verify() is None

    states = Counter(n.state for n in notices)
    assert states[NoticeState.SCHEDULED] == 2
    assert states[NoticeState.CANCELLED] == 1
    assert states[NoticeState.ON_DISPLAY] >= 15
    assert states[NoticeState.FINISHED] >= 25
    assert sum(n.is_pinned for n in notices) == 3
    assert len({n.category.slug for n in notices}) == 10

    for notice in notices:
        start = timezone.localtime(notice.start_at, OFFICIAL_TZ)
        assert start.time() == time(9, 0)
        assert is_business_day(start.date())
        assert notice.documents.exists()

    cancelled = next(n for n in notices if n.state == NoticeState.CANCELLED)
    assert cancelled.cancel_reason
    correction = Notice.objects.get(corrects__isnull=False)
    assert correction.corrects.number in correction.text
    assert correction.corrects.log_entries.filter(event=LogEvent.CORRECTED).exists()
    assert PublicationLogEntry.objects.filter(event=LogEvent.EXTENDED).count() == 1

    # The log is in the order things happened, and numbers follow publication.
    moments = list(PublicationLogEntry.objects.order_by("sequence").values_list("at", flat=True))
    assert moments == sorted(moments)

    # Every finished notice has its end logged and its certificate; so has the
    # cancelled one, which had been on display.
    for notice in notices:
        if notice.state == NoticeState.FINISHED:
            assert notice.finished_logged_at is not None
            assert certificate_for(notice) is not None
    assert certificate_for(cancelled) is not None
    certificates = IssuedDocument.objects.filter(kind=DocumentKind.PUBLICATION_CERTIFICATE)
    assert certificates.count() == states[NoticeState.FINISHED] + 1

    entries = PublicationLogEntry.objects.count()
    assert seed_notices(staff=demo_staff) == 0
    assert Notice.objects.count() == len(notices)
    assert PublicationLogEntry.objects.count() == entries
    assert certificates.count() == states[NoticeState.FINISHED] + 1


def test_demo_pdfs_are_one_page_and_reproducible():
    spec = DEMO_NOTICES[0]
    kwargs = {
        "title": spec.title,
        "text": spec.text,
        "department": "Urbanisme",
        "case": "2026/1187-URB",
        "day": date(2026, 11, 20),
    }
    pdf = notice_pdf(**kwargs)
    assert pdf.startswith(b"%PDF-")
    assert PdfFileReader(BytesIO(pdf)).root["/Pages"]["/Count"] == 1
    assert notice_pdf(**kwargs) == pdf


def test_the_demo_texts_are_in_catalan_and_complete():
    keys = [spec.key for spec in DEMO_NOTICES]
    assert len(keys) == len(set(keys))
    for spec in DEMO_NOTICES:
        assert spec.title and len(spec.text) > 80
        assert "{" not in spec.text.replace("{corrects}", "")
        if spec.corrects:
            assert spec.corrects in keys
    assert sum(spec.pinned for spec in DEMO_NOTICES) == 3
    assert sum(spec.start > 0 for spec in DEMO_NOTICES) == 2
