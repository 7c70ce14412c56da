"""Procedures that need an accredited identification, and the signature by identification."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.identities import SESSION_KEY
from accounts.models import Assurance
from tests.accounts import oidc_provider as op
from tests.conftest import DEMO_PASSWORD
from tramits import receipts, services, signatures
from tramits.models import RegistryEntry, Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(procedure):
    procedure.signature_required = True
    procedure.save()
    return procedure


def identify(client, sub, back):
    location = client.get(f"{reverse('accounts:oidc-start')}?next={back}")["Location"]
    return client.get(op.callback_path(op.authorize(location, sub)))


def review_url(procedure):
    return reverse("tramits:procedure-review", args=[procedure.slug])


def submit(client, procedure, draft, **extra):
    return client.post(review_url(procedure), {"draft": draft.pk, **extra})


def test_a_password_log_in_is_asked_to_identify_before_checking_the_answers(
    client, valid, signed, citizen, make_draft
):
    draft = make_draft(citizen, of=signed)
    client.login(email=citizen.email, password=DEMO_PASSWORD)

    page = client.get(review_url(signed))

    assert page.status_code == 403
    content = page.content.decode()
    assert "needs an identification with an accredited system" in content
    assert "You are logged in with a low level." in content
    assert "Identify with VÀLid" in content
    # Posting the submit anyway registers nothing.
    assert submit(client, signed, draft, sign="yes").status_code == 403
    assert not Submission.objects.exists()


def test_identifying_keeps_the_draft_and_signing_records_who_how_and_what(
    client, valid, signed, citizen, make_draft
):
    draft = make_draft(citizen, of=signed)
    client.login(email=citizen.email, password=DEMO_PASSWORD)

    # Same document as the account: VÀLid joins it, and sends them back.
    back = identify(client, op.MARTA_MOBILE["sub"], review_url(signed))
    assert back["Location"] == review_url(signed)
    page = client.get(review_url(signed)).content.decode()
    assert "I sign this application with my identification" in page
    assert "Sign and submit the application" in page

    # Without ticking the declaration nothing is registered.
    refused = submit(client, signed, draft)
    assert refused["Location"] == review_url(signed)
    assert not Submission.objects.exists()

    answer = submit(client, signed, draft, sign="yes")

    assert answer.status_code == 302
    entry = RegistryEntry.objects.get()
    signature = entry.signature
    assert signature["method"] == "openid"
    assert signature["provider"] == valid.issuer
    assert signature["subject"] == "valid-marta-mobil"
    assert signature["means"] == "idcatMobil"
    assert signature["document_number"] == "12345678Z"
    assert signature["assurance"] == Assurance.SUBSTANTIAL
    assert signature["authenticated_at"] == client.session[SESSION_KEY]["at"]
    assert len(signature["token_fingerprint"]) == 64
    assert signature["content_sha256"] == signatures.content_sha256(
        entry.submission.answers,
        [(a.original_name, a.sha256) for a in entry.attachments.all()],
    )
    # The receipt says who signed, how and when.
    content = receipts.receipt_content(entry)
    section = next(s for s in content.sections if s.heading == "Signature")
    rows = dict(section.rows)
    assert rows["Signed by"] == "Marta Puig i Soler (12345678Z)"
    assert rows["Level of assurance"] == "substantial"
    assert rows["Signed content (SHA-256)"] == signature["content_sha256"]


def test_a_signature_needs_an_identification_of_the_last_fifteen_minutes(
    client, valid, signed, citizen, make_draft
):
    draft = make_draft(citizen, of=signed)
    client.login(email=citizen.email, password=DEMO_PASSWORD)
    identify(client, op.MARTA_MOBILE["sub"], review_url(signed))
    session = client.session
    record = session[SESSION_KEY]
    record["at"] = (timezone.now() - timedelta(minutes=16)).isoformat()
    session[SESSION_KEY] = record
    session.save()

    answer = submit(client, signed, draft, sign="yes")

    assert answer.status_code == 403
    assert "within 15 minutes of signing" in answer.content.decode()
    assert not Submission.objects.exists()


def test_a_procedure_that_needs_high_assurance_refuses_substantial(
    client, valid, procedure, citizen, make_draft
):
    procedure.min_assurance = Assurance.HIGH
    procedure.save()
    make_draft(citizen)
    client.login(email=citizen.email, password=DEMO_PASSWORD)
    identify(client, op.MARTA_MOBILE["sub"], review_url(procedure))
    assert client.get(review_url(procedure)).status_code == 403

    identify(client, op.MARTA_CERTIFICATE["sub"], review_url(procedure))

    assert client.get(review_url(procedure)).status_code == 200


def test_the_rule_holds_in_the_service_whatever_the_screen(signed, citizen, make_draft):
    draft = make_draft(citizen, of=signed)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="must be signed"):
        services.submission_register(draft=draft, device_class="desktop")
    assert not Submission.objects.exists()


def test_withdrawing_a_signed_case_needs_a_fresh_identification(
    client, valid, signed, citizen, make_draft
):
    client.login(email=citizen.email, password=DEMO_PASSWORD)
    identify(client, op.MARTA_MOBILE["sub"], review_url(signed))
    draft = make_draft(citizen, of=signed)
    submit(client, signed, draft, sign="yes")
    submission = Submission.objects.get()
    withdraw = reverse("tramits:submission-withdraw", args=[submission.slug])
    session = client.session
    record = session[SESSION_KEY]
    record["at"] = (timezone.now() - timedelta(hours=1)).isoformat()
    session[SESSION_KEY] = record
    session.save()

    assert client.post(withdraw, {"reason": "Ja no cal.", "confirm": "on"}).status_code == 403
    submission.refresh_from_db()
    assert submission.is_open

    identify(client, op.MARTA_MOBILE["sub"], withdraw)
    assert client.post(withdraw, {"reason": "Ja no cal.", "confirm": "on"}).status_code == 302
    submission.refresh_from_db()
    assert not submission.is_open


def test_the_case_page_says_the_entry_was_signed(client, valid, signed, citizen, make_draft):
    client.login(email=citizen.email, password=DEMO_PASSWORD)
    identify(client, op.MARTA_MOBILE["sub"], review_url(signed))
    submit(client, signed, make_draft(citizen, of=signed), sign="yes")

    page = client.get(Submission.objects.get().get_absolute_url()).content.decode()

    assert "Signed by identification: 12345678Z, with idcatMobil." in page
