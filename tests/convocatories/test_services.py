"""Publishing, resolving, cancelling and adding to a call: the rules of convocatories.services."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from convocatories import services
from convocatories.choices import CallKind, CallStatus, PeriodMode, PhaseKind
from convocatories.models import CallDocument, Phase
from tests.accounts.factories import UserFactory
from tests.convocatories.factories import (
    CallFactory,
    PhaseFactory,
    call_cancelled,
    call_resolved,
    publisher_get,
)
from tests.tauler.factories import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def by(db):
    return publisher_get()


def pdf(name="bases.pdf", text="Bases"):
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def test_publish_sets_the_moment_and_makes_the_call_public(by):
    call = CallFactory(published=False)
    at = timezone.now() - timedelta(minutes=1)
    services.call_publish(call=call, by=by, at=at)
    call.refresh_from_db()
    assert call.published_at == at
    assert call.status == CallStatus.OPEN


def test_publish_needs_the_permission():
    call = CallFactory(published=False)
    with pytest.raises(PermissionDenied):
        services.call_publish(call=call, by=UserFactory(is_staff=True))
    with pytest.raises(PermissionDenied):
        services.call_publish(call=call, by=None)
    call.refresh_from_db()
    assert call.published_at is None


def test_publish_twice_is_refused(by):
    call = CallFactory()
    with pytest.raises(ValidationError, match="already published"):
        services.call_publish(call=call, by=by)


def test_a_call_without_a_period_or_summary_is_not_published(by):
    call = CallFactory(published=False, opens_on=None, closes_on=None, summary=" ")
    with pytest.raises(ValidationError) as raised:
        services.call_publish(call=call, by=by)
    text = " ".join(raised.value.messages)
    assert "application period" in text
    assert "summary" in text
    call.refresh_from_db()
    assert call.published_at is None


def test_a_business_days_period_needs_its_publication_date(by):
    call = CallFactory(
        published=False,
        period_mode=PeriodMode.BUSINESS_DAYS,
        published_on=None,
        period_business_days=20,
    )
    with pytest.raises(ValidationError, match="application period"):
        services.call_publish(call=call, by=by)


def test_a_job_call_needs_its_job_fields(by):
    call = CallFactory(published=False, position="", places=None, selection_system="")
    with pytest.raises(ValidationError) as raised:
        services.call_publish(call=call, by=by)
    message = " ".join(raised.value.messages)
    assert "position" in message
    assert "number of places" in message
    assert "selection system" in message


@pytest.mark.parametrize("kind", CallKind.funding())
def test_a_funding_call_needs_its_budget_fields(by, kind):
    call = CallFactory(
        published=False, funding=True, kind=kind, total_budget=None, beneficiaries=""
    )
    with pytest.raises(ValidationError) as raised:
        services.call_publish(call=call, by=by)
    message = " ".join(raised.value.messages)
    assert "total budget" in message
    assert "who can apply" in message
    # A complete one is published, with no job fields at all.
    complete = CallFactory(published=False, funding=True, kind=kind)
    services.call_publish(call=complete, by=by)


def test_a_maximum_above_the_budget_is_refused(by):
    call = CallFactory(published=False, funding=True, max_per_beneficiary=10**6)
    with pytest.raises(ValidationError, match="cannot exceed the total budget"):
        services.call_publish(call=call, by=by)


def test_phases_written_in_a_draft_become_public_with_the_call(by):
    call = CallFactory(published=False)
    phase = PhaseFactory(call=call, published_at=timezone.now() - timedelta(days=3))
    at = timezone.now()
    services.call_publish(call=call, by=by, at=at)
    phase.refresh_from_db()
    assert phase.published_at == at


def test_resolve_only_after_the_application_period(by):
    open_call = CallFactory()
    with pytest.raises(ValidationError, match="only after its application period"):
        services.call_resolve(call=open_call, by=by)
    closed = CallFactory(closed=True)
    services.call_resolve(call=closed, by=by)
    closed.refresh_from_db()
    assert closed.status == CallStatus.RESOLVED
    with pytest.raises(ValidationError, match="already resolved"):
        services.call_resolve(call=closed, by=by)


def test_a_draft_cannot_be_resolved_or_cancelled(by):
    draft = CallFactory(published=False)
    with pytest.raises(ValidationError):
        services.call_resolve(call=draft, by=by)
    with pytest.raises(ValidationError):
        services.call_cancel(call=draft, by=by, reason="Error")


def test_cancel_needs_a_public_reason_and_keeps_the_call(by):
    call = CallFactory()
    with pytest.raises(ValidationError):
        services.call_cancel(call=call, by=by, reason="   ")
    call.refresh_from_db()
    assert call.cancelled_at is None
    services.call_cancel(call=call, by=by, reason="  Les bases contenien un error.  ")
    call.refresh_from_db()
    assert call.status == CallStatus.CANCELLED
    assert call.cancel_reason == "Les bases contenien un error."
    with pytest.raises(ValidationError, match="already cancelled"):
        services.call_cancel(call=call, by=by, reason="Un altre motiu")


def test_a_resolved_call_cannot_be_cancelled(by):
    call = call_resolved()
    with pytest.raises(ValidationError, match="resolved call cannot be cancelled"):
        services.call_cancel(call=call, by=by, reason="Motiu")


def test_add_a_phase_with_documents(by):
    call = CallFactory(closed=True)
    phase = services.call_phase_add(
        call=call,
        by=by,
        kind=PhaseKind.EXAM,
        date=date(2027, 2, 3),
        time=time(9, 30),
        place=" Escola Municipal d'Adults ",
        text="Primer exercici: prova teòrica.",
        documents=[("Convocatòria de l'exercici", pdf("exercici.pdf", "Exercici"))],
    )
    assert phase.place == "Escola Municipal d'Adults"
    assert phase.published_at is not None
    document = phase.documents.get()
    assert document.call_id == call.pk
    assert len(document.sha256) == 64
    assert document.size == len(pdf_bytes("Exercici"))


def test_a_phase_cannot_end_before_it_starts_nor_be_added_to_a_cancelled_call(by):
    call = CallFactory()
    with pytest.raises(ValidationError):
        services.call_phase_add(
            call=call,
            by=by,
            kind=PhaseKind.CLAIMS,
            date=date(2027, 1, 10),
            ends_on=date(2027, 1, 5),
        )
    cancelled = call_cancelled()
    with pytest.raises(ValidationError, match="cancelled call"):
        services.call_phase_add(call=cancelled, by=by, kind=PhaseKind.OTHER, date=date(2027, 1, 1))
    assert not Phase.objects.exists()


def test_a_phase_needs_the_permission():
    call = CallFactory()
    with pytest.raises(PermissionDenied):
        services.call_phase_add(
            call=call, by=UserFactory(), kind=PhaseKind.OTHER, date=date(2027, 1, 1)
        )


def test_documents_must_be_pdf_by_content():
    call = CallFactory()
    fake = SimpleUploadedFile("bases.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="is not a PDF"):
        services.call_document_add(call=call, title="Bases", upload=fake)
    assert not CallDocument.objects.exists()


def test_a_document_of_a_phase_of_another_call_is_refused():
    call, other = CallFactory(), CallFactory()
    phase = PhaseFactory(call=other)
    with pytest.raises(ValidationError, match="another call"):
        services.call_document_add(call=call, phase=phase, title="Llista", upload=pdf())


def test_bases_are_fingerprinted_and_fixed_once_published():
    call = CallFactory(published=False)
    services.call_bases_set(call=call, upload=pdf())
    call.refresh_from_db()
    assert call.bases_size == len(pdf_bytes("Bases"))
    assert len(call.bases_sha256) == 64
    services.call_publish(call=call, by=publisher_get())
    with pytest.raises(ValidationError, match="cannot change"):
        services.call_bases_set(call=call, upload=pdf())


def test_public_calls_are_those_whose_publication_moment_has_come():
    from convocatories.models import Call

    now = timezone.now()
    shown = CallFactory(slug="shown", published__at=now - timedelta(hours=1))
    CallFactory(slug="scheduled", published__at=now + timedelta(hours=1))
    CallFactory(slug="draft", published=False)

    assert list(Call.objects.public(at=now)) == [shown]
    assert set(Call.objects.public(at=now + timedelta(hours=2)).values_list("slug", flat=True)) == {
        "shown",
        "scheduled",
    }


def test_publishing_resolving_and_cancelling_record_who_did_it(by):
    other = publisher_get()
    call = CallFactory(published=False)
    services.call_publish(call=call, by=by)
    resolved = call_resolved()
    cancelled = call_cancelled()

    call.refresh_from_db()
    assert call.published_by == by
    assert resolved.resolved_by == other
    assert cancelled.cancelled_by == other


def test_call_documents_follow_the_seu_s_one_limit_for_published_pdfs(by, settings):
    settings.PUBLISHED_PDF_MAX_MB = 1
    call = CallFactory()
    big = SimpleUploadedFile(
        "bases.pdf", pdf_bytes("Bases") + b"%" * (1024 * 1024), content_type="application/pdf"
    )

    with pytest.raises(ValidationError) as refused:
        services.call_document_add(call=call, title="Bases", upload=big)

    assert refused.value.code == "too_large"
    assert not CallDocument.objects.filter(call=call).exists()


def test_a_published_call_is_not_saved_as_a_draft(by):
    call = CallFactory()
    call.title = "Un altre títol"

    with pytest.raises(ValidationError, match="cannot be edited"):
        services.call_draft_save(call=call, by=by)

    call.refresh_from_db()
    assert call.title != "Un altre títol"


def test_saving_a_draft_needs_a_permission_on_calls():
    call = CallFactory(published=False)

    with pytest.raises(PermissionDenied):
        services.call_draft_save(call=call, by=UserFactory(is_staff=True))
