"""Cases, receipts and drafts: NUL characters refused, private files never cached."""

import pytest
from django.urls import reverse

from tests.tramits.conftest import upload
from tramits import services
from tramits.models import Draft

pytestmark = pytest.mark.django_db


def test_nul_characters_in_case_and_receipt_paths_are_refused(client_logged_in, submission):
    case = reverse("tramits:submission-detail", kwargs={"number": "E%00"}).replace("%2500", "%00")
    receipt = f"{submission.get_absolute_url()}justificant/E%00/"

    assert client_logged_in.get(case).status_code == 400
    assert client_logged_in.get(receipt).status_code == 400


def test_a_draft_answer_with_a_nul_is_refused_and_nothing_is_kept(
    client_logged_in, procedure, citizen
):
    url = reverse("tramits:procedure-apply", kwargs={"slug": procedure.slug})
    client_logged_in.post(url, {"adreca": "Carrer Major, 1", "action": "save"})

    response = client_logged_in.post(
        url, {"adreca": "Carrer\x00Major", "dies": "3", "action": "save", "planol": upload()}
    )

    assert response.status_code == 400
    draft = Draft.objects.get(applicant=citizen)
    assert draft.answers["adreca"] == "Carrer Major, 1"
    assert not draft.files.exists()


def test_receipts_and_attachments_are_kept_by_no_cache(
    client_logged_in, make_draft, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_register(draft=make_draft(citizen), device_class="desktop")
    entry = submission.entries.get()
    attachment = entry.attachments.first()

    for url in (
        submission.get_absolute_url(),
        reverse("tramits:receipt-download", args=[submission.slug, entry.slug]),
        reverse("tramits:attachment-download", args=[attachment.public_id]),
        reverse("documents:document-download", kwargs={"code": entry.receipt.csv}),
    ):
        response = client_logged_in.get(url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"], url
        assert "no-store" in response["Cache-Control"], url
