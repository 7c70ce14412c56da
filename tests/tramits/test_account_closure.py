"""Closing an account deletes its unsubmitted drafts and their files; the registry stays."""

from pathlib import Path

import pytest
from django.urls import reverse

from accounts import closure
from accounts.services import user_close
from tramits import services
from tramits.models import Attachment, Draft, DraftFile, Submission

pytestmark = pytest.mark.django_db


def test_closing_deletes_open_drafts_and_their_files_from_disk(
    make_draft, citizen, other_citizen, django_capture_on_commit_callbacks
):
    mine = make_draft(citizen)
    on_disk = Path(mine.files.get().file.path)
    theirs = make_draft(other_citizen)
    their_file = Path(theirs.files.get().file.path)
    assert on_disk.exists()

    with django_capture_on_commit_callbacks(execute=True):
        user_close(user=citizen)

    assert not Draft.objects.filter(applicant=citizen).exists()
    assert not DraftFile.objects.filter(draft__applicant=citizen).exists()
    assert not on_disk.exists()
    # Someone else's draft is not touched.
    assert Draft.objects.filter(pk=theirs.pk).exists()
    assert their_file.exists()


def test_closing_keeps_submissions_and_their_files(
    make_draft, citizen, procedure, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_register(draft=make_draft(citizen), device_class="desktop")
    attachment = Attachment.objects.get(entry__submission=submission)
    registered_file = Path(attachment.file.path)
    open_draft = make_draft(citizen)
    open_file = Path(open_draft.files.get().file.path)

    with django_capture_on_commit_callbacks(execute=True):
        user_close(user=citizen)

    assert Submission.objects.filter(pk=submission.pk).exists()
    assert Draft.objects.filter(submission=submission).exists()
    assert registered_file.exists()
    assert not Draft.objects.filter(pk=open_draft.pk).exists()
    assert not open_file.exists()


def test_the_files_stay_when_the_closure_rolls_back(
    make_draft, citizen, django_capture_on_commit_callbacks, monkeypatch
):
    draft = make_draft(citizen)
    on_disk = Path(draft.files.get().file.path)

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(closure, "steps", closure.steps.copy())
    closure.steps.register("broken", closure.ClosureStep(step=broken, description="Nothing."))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        user_close(user=citizen)

    assert Draft.objects.filter(pk=draft.pk).exists()
    assert on_disk.exists()
    citizen.refresh_from_db()
    assert citizen.closed_at is None


def test_the_close_page_deletes_the_drafts(
    client_logged_in, citizen, password, make_draft, django_capture_on_commit_callbacks
):
    draft = make_draft(citizen)
    on_disk = Path(draft.files.get().file.path)
    page = client_logged_in.get(reverse("accounts:close")).content.decode()
    assert "Your drafts that you have not submitted are deleted" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client_logged_in.post(reverse("accounts:close"), {"password": password})

    assert response.status_code == 302
    assert not Draft.objects.filter(applicant=citizen).exists()
    assert not on_disk.exists()
