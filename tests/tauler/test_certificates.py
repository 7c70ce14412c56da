"""The publication certificate (diligència): issued once, sealed, and saying
what the board and its log can prove."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from documents.choices import DocumentKind
from documents.models import IssuedDocument
from documents.seal import validate_sealed_pdf
from tauler import services
from tauler.certificates import (
    certificate_content,
    certificate_for,
    certificate_issue,
    notices_needing_certificate,
)
from tauler.choices import LogEvent
from tests.tauler.factories import (
    NoticeFactory,
    notice_finished,
    notice_on_display,
    notice_publish_as_admin,
)

pytestmark = pytest.mark.django_db


def content_text(content) -> str:
    """Every string of a DocumentContent, one per line, to search in."""
    parts = [content.subtitle]
    for section in content.sections:
        parts.append(section.heading)
        parts += [f"{label}: {value}" for label, value in section.rows]
        parts += list(section.paragraphs)
        if section.table:
            parts += [" | ".join(row) for row in section.table.rows]
    return "\n".join(str(p) for p in parts)


def test_certificate_is_issued_once_sealed_and_valid():
    notice = notice_finished(documents=1)
    certificate = certificate_issue(notice=notice)
    assert certificate.kind == DocumentKind.PUBLICATION_CERTIFICATE
    assert certificate.related == notice
    assert certificate.language == "ca"
    assert notice.number in certificate.title
    data = certificate.file.read()
    check = validate_sealed_pdf(data)
    assert check.intact and check.valid
    again = certificate_issue(notice=notice)
    assert again.pk == certificate.pk
    assert IssuedDocument.objects.for_object(notice).count() == 1
    assert certificate_for(notice) == certificate


def test_issuing_records_the_end_of_the_period_first():
    notice = notice_finished()
    assert notice.finished_logged_at is None
    certificate_issue(notice=notice)
    notice.refresh_from_db()
    assert notice.finished_logged_at is not None
    events = list(notice.log_entries.values_list("event", flat=True))
    assert events == [LogEvent.PUBLISHED, LogEvent.FINISHED]
    assert services.log_verify() is None


def test_content_identifies_the_notice_its_period_and_its_documents():
    notice = notice_finished(documents=2, case_reference="2026/0042-URB")
    services.notice_finish(notice=notice)
    content = certificate_content(notice)
    text = content_text(content)
    assert notice.number in content.subtitle
    assert notice.title in text
    assert "2026/0042-URB" in text
    assert notice.category.name in text and notice.department.name in text
    for document in notice.documents.all():
        assert document.sha256 in text
        assert document.title in text
    for entry in notice.log_entries.all():
        assert entry.hash in text
    assert "10 business days" in text
    assert f"({notice.natural_days} natural days)" in text
    # The period ends at 00:00 of the next day, read as the last second of the last day.
    assert "23:59:59" in text
    assert "verified intact" in text


def test_content_has_seconds_and_madrid_time():
    notice = notice_finished()
    text = content_text(certificate_content(notice))
    start = timezone.localtime(notice.start_at)
    assert f"{start:%H:%M:%S} ({start:%Z})" in text


def test_content_names_the_correction_and_the_extension():
    start = (timezone.localtime() - timedelta(days=60)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    original = NoticeFactory(
        start_at=start,
        period_business_days=10,
        published=True,
        published__at=start - timedelta(minutes=5),
    )
    services.notice_extend(
        notice=original,
        by=original.published_by,
        business_days_count=12,
        at=start + timedelta(days=1),
    )
    correction = NoticeFactory(
        start_at=start + timedelta(days=2), period_business_days=10, corrects=original
    )
    notice_publish_as_admin(correction, at=start + timedelta(days=2) - timedelta(minutes=5))
    correction.refresh_from_db()
    original.refresh_from_db()
    text = content_text(certificate_content(original))
    assert correction.number in text
    assert "12 business days" in text
    assert "from 10 business days to 12 business days" in text
    assert str(LogEvent.EXTENDED.label) in text
    assert str(LogEvent.CORRECTED.label) in text
    correction_text = content_text(certificate_content(correction))
    assert original.number in correction_text


@pytest.mark.parametrize("kind", ["draft", "scheduled", "on_display", "permanent"])
def test_no_certificate_before_the_period_is_over(kind):
    if kind == "draft":
        notice = NoticeFactory()
    elif kind == "scheduled":
        notice = NoticeFactory(published=True)
    elif kind == "on_display":
        notice = notice_on_display()
    else:
        notice = notice_finished(permanent=True)
    with pytest.raises(ValidationError):
        certificate_issue(notice=notice)
    assert certificate_for(notice) is None
    assert not IssuedDocument.objects.exists()


def test_cancelled_while_on_display_certifies_the_interrupted_period():
    notice = notice_on_display()
    services.notice_cancel(
        notice=notice,
        by=notice.published_by,
        reason="Error en el plec de clàusules.",
        at=timezone.now() + timedelta(minutes=1),
    )
    notice.refresh_from_db()
    assert notices_needing_certificate().filter(pk=notice.pk).exists()
    text = content_text(certificate_content(notice))
    assert "until it was cancelled on" in text
    assert "Error en el plec de clàusules." in text
    certificate = certificate_issue(notice=notice)
    assert validate_sealed_pdf(certificate.file.read()).valid


def test_cancelled_before_its_start_has_no_certificate():
    notice = NoticeFactory(published=True)
    services.notice_cancel(notice=notice, by=notice.published_by, reason="Publicat per error.")
    notice.refresh_from_db()
    assert not notices_needing_certificate().filter(pk=notice.pk).exists()
    with pytest.raises(ValidationError):
        certificate_issue(notice=notice)


def test_no_certificate_while_the_log_is_broken(raw_log):
    notice = notice_finished()
    services.notice_finish(notice=notice)
    raw_log.update_data(1, '{"title": "Un altre títol"}')
    with pytest.raises(ValidationError) as error:
        certificate_issue(notice=notice)
    assert "#1" in str(error.value)
    assert certificate_for(notice) is None
    # The content, asked for directly, does not claim an intact log.
    text = content_text(certificate_content(notice))
    assert "verified intact" not in text
    assert "failed at entry #1" in text


def test_notices_needing_certificate_are_finished_ones_without_one():
    recorded = notice_finished()
    services.notice_finish(notice=recorded)
    unrecorded = notice_finished()
    notice_on_display()
    assert list(notices_needing_certificate()) == [recorded]
    certificate_issue(notice=recorded)
    assert not notices_needing_certificate().exists()
    assert certificate_for(unrecorded) is None


def test_issuing_takes_well_under_a_second():
    import time

    notice = notice_finished(documents=2)
    began = time.perf_counter()
    certificate = certificate_issue(notice=notice)
    elapsed = time.perf_counter() - began
    assert elapsed < 3, elapsed
    assert certificate.size < 200_000
