"""Uploads when the disk fails: the citizen is told, in the page, that nothing
was saved, and nothing of the attempt is kept: no row, no file, no registry
number. An upload whose change rolls back for another reason (the database
restarting) leaves no file either."""

from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from corporativa.models import NumberSeries, YearlyCounter
from tests.documents.failing_disk import files_under, storage_unwritable, writes_stop_at
from tests.tramits.conftest import PDF_BYTES, upload
from tramits.choices import EntryKind, Status
from tramits.models import Attachment, Draft, DraftFile, RegistryEntry

NOT_STORED = (
    "The files you attached could not be stored, so nothing was saved. Please try again later."
)
LIMIT = 64 * 1024
# Four times what the failing disk takes, well under the plan's 1 MB, and small
# enough for Django to hold in memory (so only the storage writes to the disk).
BIG_PDF = PDF_BYTES + b"%" + b"0" * (256 * 1024)

FAILURES = {
    "unwritable folder": lambda media: storage_unwritable(media, limit=LIMIT),
    "disk full part way": lambda media: writes_stop_at(LIMIT),
}


def apply_url(procedure):
    return reverse("tramits:procedure-apply", kwargs={"slug": procedure.slug})


def answer_url(submission):
    return reverse("tramits:requeriment-answer", kwargs={"number": submission.slug})


def form_data(**overrides):
    return {
        "adreca": "Carrer de Berenguer III, 42",
        "dies": "5",
        "tipus": "Bastida",
        "planol": upload(),
        "action": "continue",
    } | overrides


@pytest.fixture
def media(settings) -> Path:
    path = Path(settings.MEDIA_ROOT)
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(params=FAILURES.values(), ids=FAILURES.keys())
def failing_disk(request, media):
    return lambda: request.param(media)


# --- The form of a procedure ------------------------------------------------------------


def test_an_upload_the_disk_refuses_is_explained_and_nothing_is_kept(
    client_logged_in, procedure, citizen, media, failing_disk
):
    with failing_disk():
        response = client_logged_in.post(
            apply_url(procedure),
            form_data(adreca="Carrer Nou, 7", planol=upload("planol.pdf", BIG_PDF)),
        )

    assert response.status_code == 200
    content = response.content.decode()
    assert NOT_STORED in content
    assert "error-summary" in content
    assert 'value="Carrer Nou, 7"' in content, "what was typed is still on the page"
    assert not DraftFile.objects.exists()
    assert Draft.objects.get(applicant=citizen).answers == {}
    assert files_under(media) == []

    # Once the disk is back, the same post goes through.
    response = client_logged_in.post(
        apply_url(procedure), form_data(planol=upload("planol.pdf", BIG_PDF))
    )
    assert response.status_code == 302
    assert response.url == reverse("tramits:procedure-review", kwargs={"slug": procedure.slug})
    stored = DraftFile.objects.get()
    assert stored.file.read() == BIG_PDF


def test_a_replacement_the_disk_refuses_keeps_the_file_already_attached(
    client_logged_in, procedure, media, failing_disk
):
    client_logged_in.post(apply_url(procedure), form_data(action="save"))
    first = DraftFile.objects.get()

    with failing_disk():
        response = client_logged_in.post(
            apply_url(procedure), form_data(planol=upload("nou-planol.pdf", BIG_PDF))
        )

    assert response.status_code == 200
    content = response.content.decode()
    assert NOT_STORED in content
    assert "Attached: planol.pdf" in content
    assert DraftFile.objects.get() == first
    assert first.file.read() == PDF_BYTES
    assert files_under(media) == [Path(first.file.path)]


@pytest.mark.django_db(transaction=True)
def test_an_upload_whose_change_rolls_back_leaves_no_file(client_logged_in, procedure, media):
    client_logged_in.raise_request_exception = False
    restart = OperationalError("terminating connection due to administrator command")

    with mock.patch.object(DraftFile, "save", side_effect=restart):
        response = client_logged_in.post(apply_url(procedure), form_data())

    assert response.status_code == 503
    assert not DraftFile.objects.exists()
    assert files_under(media) == []


# --- The answer to a requeriment ------------------------------------------------------------

Counters = YearlyCounter.objects.filter(series=NumberSeries.REGISTRY_IN)


def test_an_answer_whose_files_the_disk_refuses_registers_nothing(
    client_logged_in, waiting_submission, media, failing_disk
):
    files_before = files_under(media)
    counters_before = list(Counters.values_list("year", "last_number"))

    with failing_disk():
        response = client_logged_in.post(
            answer_url(waiting_submission),
            {
                "text": "Adjunto el contracte de lloguer.",
                "documents": [upload("contracte.pdf", BIG_PDF)],
            },
        )

    assert response.status_code == 200
    content = response.content.decode()
    assert NOT_STORED in content
    assert "Adjunto el contracte de lloguer." in content, "what was typed is still on the page"
    assert not RegistryEntry.objects.filter(kind=EntryKind.REQUERIMENT_ANSWER).exists()
    assert list(Counters.values_list("year", "last_number")) == counters_before
    waiting_submission.refresh_from_db()
    assert waiting_submission.status == Status.WAITING
    assert files_under(media) == files_before


@pytest.fixture
def staff_groups(transactional_db):
    """The staff groups, which a transactional test's flush empties with the
    rest: a migration makes them, and no flush runs it again."""
    from django.apps import apps

    from seu.groups import grant_section_permissions

    grant_section_permissions(sender=apps.get_app_config("tramits"), apps=apps)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("staff_groups")
def test_an_answer_that_fails_after_its_first_file_was_stored_leaves_no_file(
    client_logged_in, waiting_submission, media
):
    client_logged_in.raise_request_exception = False
    files_before = files_under(media)
    real_save = Attachment.save

    def save_once_then_fail(attachment, *args, **kwargs):
        if attachment.original_name == "rebut.pdf":
            raise OperationalError("server closed the connection unexpectedly")
        return real_save(attachment, *args, **kwargs)

    with mock.patch.object(Attachment, "save", save_once_then_fail):
        response = client_logged_in.post(
            answer_url(waiting_submission),
            {"text": "Adjunto-ho.", "documents": [upload("contracte.pdf"), upload("rebut.pdf")]},
        )

    assert response.status_code == 503
    assert not RegistryEntry.objects.filter(kind=EntryKind.REQUERIMENT_ANSWER).exists()
    assert files_under(media) == files_before
