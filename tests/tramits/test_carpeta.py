"""Tràmits' cards in La meva carpeta, and its part of the data export."""

import hashlib
import json

from django.urls import reverse

from tramits import services


def test_carpeta_lists_applications_drafts_and_downloadable_receipts(
    client_logged_in, citizen, make_draft, procedure, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_register(draft=make_draft(citizen), device_class="desktop")
    services.draft_for(applicant=citizen, procedure=procedure)  # a new, unfinished draft
    entry = submission.entries.get()

    response = client_logged_in.get(reverse("accounts:carpeta"))
    assert response.status_code == 200
    html = response.content.decode()
    assert submission.get_absolute_url() in html
    assert reverse("tramits:procedure-apply", args=[procedure.slug]) in html
    receipt_link = reverse("tramits:receipt-download", args=[submission.slug, entry.slug])
    assert receipt_link in html

    download = client_logged_in.get(receipt_link)
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == entry.receipt.sha256


def test_carpeta_never_shows_another_citizens_applications(
    client, other_citizen, citizen, make_draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_register(draft=make_draft(citizen), device_class="desktop")
    client.force_login(other_citizen)
    html = client.get(reverse("accounts:carpeta")).content.decode()
    assert submission.number not in html
    assert submission.get_absolute_url() not in html


def test_data_export_includes_the_registry_entries(client_logged_in, citizen, make_draft):
    submission = services.submission_register(draft=make_draft(citizen), device_class="mobile")
    data = json.loads(client_logged_in.post(reverse("accounts:export")).content)
    [exported] = data["submissions"]
    assert exported["number"] == submission.number
    assert (
        exported["entries"][0]["attachments"][0]["sha256"]
        == submission.entries.get().attachments.get().sha256
    )
