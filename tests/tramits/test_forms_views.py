"""The citizen's side: the form, drafts, review and submit, the case page,
files and receipts, withdrawal and the answer to a requeriment, for anonymous
visitors, another citizen, the owner and staff."""

import hashlib
import re
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from corporativa.models import NumberSeries, YearlyCounter
from tests.tramits.conftest import PDF_BYTES, PNG_BYTES, WEDNESDAY, upload
from tests.tramits.factories import ProcedureFactory
from tramits import services
from tramits.choices import EntryKind, Status
from tramits.models import Draft, DraftFile, RegistryEntry, Submission
from tramits.views import REQUERIMENT_FILES

# The series this module counts in: corporativa.numbering keeps every series.
Counters = YearlyCounter.objects.filter(series=NumberSeries.REGISTRY_IN)


def apply_url(procedure):
    return reverse("tramits:procedure-apply", kwargs={"slug": procedure.slug})


def review_url(procedure):
    return reverse("tramits:procedure-review", kwargs={"slug": procedure.slug})


def form_data(**overrides):
    data = {
        "adreca": "Carrer de Berenguer III, 42",
        "dies": "5",
        "tipus": "Bastida",
        "planol": upload(),
        "action": "continue",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def login_redirect(response, path):
    return (
        response.status_code == 302
        and response.url.startswith(reverse("accounts:login"))
        and f"next={path}" in response.url.replace("%2F", "/")
    )


def answer_url(submission):
    return reverse("tramits:requeriment-answer", kwargs={"number": submission.slug})


def withdraw_url(submission):
    return reverse("tramits:submission-withdraw", kwargs={"number": submission.slug})


# --- The form -----------------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_log_in_before_the_form(client, procedure):
    response = client.get(apply_url(procedure))

    assert login_redirect(response, apply_url(procedure))


def test_the_form_asks_every_question(client_logged_in, procedure):
    response = client_logged_in.get(apply_url(procedure))

    assert response.status_code == 200
    content = response.content.decode()
    for label in ("Adreça de l&#x27;obra", "Nombre de dies", "Tipus d&#x27;ocupació", "Plànol"):
        assert label in content
    assert 'enctype="multipart/form-data"' in content
    assert 'type="file" name="planol" id="id_planol"' in content
    assert 'accept=".pdf"' in content
    assert "PDF, up to 1 MB." in content
    assert "error-summary" not in content


def test_a_procedure_that_is_not_open_online_sends_back_to_its_page(client_logged_in):
    in_person = ProcedureFactory(in_person_only=True)

    response = client_logged_in.get(apply_url(in_person))

    assert response.status_code == 302
    assert response.url == in_person.get_absolute_url()
    assert messages_of(response) == ["This procedure cannot be submitted online now."]
    assert not Draft.objects.exists()


def test_an_unpublished_procedure_has_no_form(client_logged_in):
    hidden = ProcedureFactory(unpublished=True)

    assert client_logged_in.get(apply_url(hidden)).status_code == 404
    assert client_logged_in.post(review_url(hidden), {"draft": "1"}).status_code == 404


def test_a_valid_form_is_kept_in_the_draft_and_leads_to_the_review(
    client_logged_in, procedure, citizen
):
    response = client_logged_in.post(apply_url(procedure), form_data())

    assert response.status_code == 302
    assert response.url == review_url(procedure)
    draft = Draft.objects.get(applicant=citizen, procedure=procedure)
    assert draft.answers == {
        "adreca": "Carrer de Berenguer III, 42",
        "dies": "5",
        "tipus": "Bastida",
    }
    stored = draft.files.get()
    assert (stored.field_name, stored.original_name) == ("planol", "planol.pdf")
    assert stored.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()


def test_errors_are_summarised_with_links_to_the_fields(client_logged_in, procedure):
    response = client_logged_in.post(
        apply_url(procedure), form_data(adreca="", tipus=None, dies="molts", planol=None)
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error:" in content
    summary = re.search(r'<div class="error-summary".*?</div>', content, re.S).group(0)
    assert 'role="alert"' in summary
    for anchor in ("#id_adreca", "#id_dies", "#id_tipus_0", "#id_planol"):
        assert f'href="{anchor}"' in summary
    assert "Attach “Plànol de situació”." in summary
    # Each invalid input says so, and points at its error message.
    adreca = re.search(r"<input[^>]*name=\"adreca\"[^>]*>", content).group(0)
    assert 'aria-invalid="true"' in adreca
    assert "id_adreca_error" in adreca
    planol = re.search(r"<input[^>]*name=\"planol\"[^>]*>", content).group(0)
    assert 'aria-invalid="true"' in planol
    assert "id_planol_error" in planol
    assert 'id="id_planol_error"' in content


def test_a_valid_file_is_kept_when_another_answer_is_wrong(client_logged_in, procedure, citizen):
    response = client_logged_in.post(apply_url(procedure), form_data(adreca=""))

    assert response.status_code == 200
    assert "Attached: planol.pdf" in response.content.decode()
    draft = Draft.objects.get(applicant=citizen)
    assert draft.files.count() == 1
    assert draft.answers["tipus"] == "Bastida"

    # Correcting the answer is enough: the file need not be chosen again.
    response = client_logged_in.post(
        apply_url(procedure), form_data(planol=None, adreca="Plaça Major, 1")
    )
    assert response.status_code == 302
    assert response.url == review_url(procedure)


def test_a_file_that_is_not_what_its_name_says_is_refused_and_the_answers_kept(
    client_logged_in, procedure, citizen
):
    response = client_logged_in.post(
        apply_url(procedure), form_data(planol=upload("plànol.pdf", PNG_BYTES, "application/pdf"))
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "The file “plànol.pdf” is not a valid PDF file." in content
    draft = Draft.objects.get(applicant=citizen)
    assert not draft.files.exists()
    assert draft.answers["adreca"] == "Carrer de Berenguer III, 42"
    assert 'value="Carrer de Berenguer III, 42"' in content


def test_save_the_draft_and_resume_it_later(client_logged_in, procedure, citizen):
    response = client_logged_in.post(
        apply_url(procedure),
        form_data(adreca="Carrer Major, 3", tipus=None, planol=None, action="save"),
    )

    assert response.status_code == 302
    assert response.url == apply_url(procedure)
    assert messages_of(response) == ["Your draft is saved. You can resume it from La meva carpeta."]
    assert Draft.objects.get(applicant=citizen).answers["adreca"] == "Carrer Major, 3"

    listing = client_logged_in.get(reverse("tramits:submission-list")).content.decode()
    assert f'href="{apply_url(procedure)}"' in listing

    resumed = client_logged_in.get(apply_url(procedure))
    content = resumed.content.decode()
    assert 'value="Carrer Major, 3"' in content
    assert "error-summary" not in content, "a resumed draft is not shouted at"


def test_a_stored_file_can_be_removed(client_logged_in, procedure, citizen):
    client_logged_in.post(apply_url(procedure), form_data(action="save"))
    assert DraftFile.objects.count() == 1

    response = client_logged_in.post(
        apply_url(procedure), form_data(planol=None, remove_file="planol")
    )

    assert response.status_code == 302
    assert response.url == apply_url(procedure)
    assert not DraftFile.objects.exists()


# --- Session ended while filling in the form ------------------------------------------


def test_answers_survive_a_session_that_ended_while_filling_in_the_form(
    client, procedure, citizen, password
):
    form_path = apply_url(procedure)
    response = client.post(
        form_path,
        {"adreca": "Carrer d'en Prim, 7", "dies": "12", "tipus": "Grua", "action": "continue"},
    )

    assert login_redirect(response, form_path)
    login_page = client.get(response.url)
    assert "Your session had ended." in login_page.content.decode()
    assert not Draft.objects.exists()

    logged_in = client.post(
        reverse("accounts:login"),
        {"email": citizen.email, "password": password, "next": form_path},
    )
    assert logged_in.status_code == 302
    assert logged_in.url == form_path

    content = client.get(form_path).content.decode()
    assert 'value="Carrer d&#x27;en Prim, 7"' in content
    assert 'value="12"' in content
    assert re.search(r'<input[^>]*value="Grua"[^>]*checked', content)
    assert Draft.objects.get(applicant=citizen).answers["adreca"] == "Carrer d'en Prim, 7"
    # Used once: a later visit does not bring old answers back over new ones.
    assert (
        "tramits_pending_answers" not in client.session
        or not client.session["tramits_pending_answers"]
    )


def test_an_anonymous_post_keeps_only_the_procedure_s_fields_at_their_length(client, procedure):
    client.post(
        apply_url(procedure),
        {
            "adreca": ["x" * 600_000, "a second value"],
            "dies": "9" * 600_000,
            "tipus": "Grua",
            "padding": "y" * 600_000,  # not a field of the procedure
        },
    )

    pending = client.session["tramits_pending_answers"]
    assert pending == {
        procedure.slug: {"adreca": ["x" * 500], "dies": ["9" * 254], "tipus": ["Grua"]}
    }
    assert len(client.session.encode(dict(client.session.items()))) < 4_000


def test_an_anonymous_session_keeps_the_answers_of_one_procedure_only(client, procedure):
    others = [ProcedureFactory(slug=f"altre-{n}", is_published=True) for n in range(3)]
    client.post(apply_url(procedure), {"adreca": "Carrer Major, 1"})
    for other in others:
        client.post(apply_url(other), {"adreca": "Carrer Nou, 2"})

    pending = client.session["tramits_pending_answers"]
    assert list(pending) == [others[-1].slug]


# --- Review and submit --------------------------------------------------------------


def test_the_review_page_shows_what_will_be_submitted(
    client_logged_in, procedure, make_draft, citizen
):
    draft = make_draft(citizen)
    response = client_logged_in.get(review_url(procedure))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Carrer de Berenguer III, 42" in content
    assert '<span lang="ca">Plànol de situació</span>: planol.pdf' in content
    assert f'name="draft" value="{draft.pk}"' in content
    assert "Marta Puig i Soler" in content


def test_the_review_page_sends_an_incomplete_draft_back_to_the_form(
    client_logged_in, procedure, make_draft, citizen
):
    make_draft(citizen, files={})

    response = client_logged_in.get(review_url(procedure))

    assert response.status_code == 302
    assert response.url == apply_url(procedure)
    assert messages_of(response) == ["Some answers are missing or need correcting."]


def test_submitting_registers_the_application_and_shows_its_page(
    client_logged_in, procedure, make_draft, citizen, django_capture_on_commit_callbacks
):
    draft = make_draft(citizen)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_logged_in.post(
            review_url(procedure),
            {"draft": draft.pk},
            HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148",
        )

    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response.url == submission.get_absolute_url()
    assert messages_of(response) == [
        f"Your application has been registered with number {submission.number}. Keep the receipt."
    ]
    assert submission.entries.get().device_class == "mobile"
    draft.refresh_from_db()
    assert draft.submission == submission


def test_a_second_click_on_submit_registers_nothing_more(
    client_logged_in, procedure, make_draft, citizen
):
    draft = make_draft(citizen)

    first = client_logged_in.post(review_url(procedure), {"draft": draft.pk})
    second = client_logged_in.post(review_url(procedure), {"draft": draft.pk})

    assert first.url == second.url
    assert Submission.objects.count() == 1
    assert Counters.get().last_number == 1


def test_a_draft_with_invalid_answers_cannot_be_submitted(
    client_logged_in, procedure, make_draft, citizen
):
    # What "save the draft" keeps as typed, even when it is not valid.
    draft = make_draft(citizen, answers={"adreca": "Plaça Major", "tipus": "Helicòpter"})

    response = client_logged_in.post(review_url(procedure), {"draft": draft.pk})

    assert response.status_code == 302
    assert response.url == apply_url(procedure)
    assert not Submission.objects.exists()
    assert not Counters.filter(last_number__gt=0).exists()


def test_someone_elses_draft_cannot_be_submitted(
    client_logged_in, procedure, make_draft, other_citizen
):
    draft = make_draft(other_citizen)

    response = client_logged_in.post(review_url(procedure), {"draft": draft.pk})

    assert response.status_code == 404
    assert not Submission.objects.exists()


@pytest.mark.parametrize("value", ["", "abc", "1 OR 1=1", "²"])
def test_a_garbled_draft_number_is_not_found(client_logged_in, procedure, value):
    assert client_logged_in.post(review_url(procedure), {"draft": value}).status_code == 404


def test_a_missing_required_answer_at_submit_time_registers_nothing(
    client_logged_in, procedure, make_draft, citizen
):
    draft = make_draft(citizen, answers={"adreca": "", "tipus": "Grua"})

    response = client_logged_in.post(review_url(procedure), {"draft": draft.pk})

    assert response.status_code == 302
    assert response.url == apply_url(procedure)
    assert not Submission.objects.exists()


# --- The case page ------------------------------------------------------------------


def test_the_owner_sees_the_case(client_logged_in, submission):
    response = client_logged_in.get(submission.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert submission.number in content
    assert "Ocupació de la via pública" in content
    assert "Carrer de Berenguer III, 42" in content
    assert "planol.pdf" in content
    assert hashlib.sha256(PDF_BYTES).hexdigest() in content
    assert withdraw_url(submission) in content


def test_another_citizen_gets_a_404_for_someone_elses_case(client, submission, other_citizen):
    client.force_login(other_citizen)

    for url in (
        submission.get_absolute_url(),
        withdraw_url(submission),
    ):
        assert client.get(url).status_code == 404
    assert client.post(answer_url(submission), {"text": "Hola"}).status_code == 404


def test_anonymous_visitors_are_asked_to_log_in_for_a_case(client, submission):
    url = submission.get_absolute_url()

    assert login_redirect(client.get(url), url)
    assert login_redirect(client.get(withdraw_url(submission)), withdraw_url(submission))


def test_the_public_case_page_is_the_applicants_only(client, submission, clerk):
    # Staff process cases in the back office, not as if they were the applicant.
    client.force_login(clerk)

    assert client.get(submission.get_absolute_url()).status_code == 404


def test_an_unknown_case_number_is_not_found(client_logged_in):
    url = reverse("tramits:submission-detail", kwargs={"number": "E-2025-999999"})

    assert client_logged_in.get(url).status_code == 404


def test_the_receipt_link_downloads_the_sealed_receipt(
    client_logged_in, make_draft, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_register(draft=make_draft(citizen), device_class="desktop")
    receipt = submission.entries.get().receipt

    content = client_logged_in.get(submission.get_absolute_url()).content.decode()
    entry = submission.entries.get()
    link = reverse("tramits:receipt-download", args=[submission.slug, entry.slug])
    assert f'href="{link}"' in content
    assert receipt.csv_display in content

    download = client_logged_in.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    data = b"".join(download.streaming_content)
    assert hashlib.sha256(data).hexdigest() == receipt.sha256

    # The public verification page gives the same original to whoever has the code.
    public = client_logged_in.get(
        reverse("documents:document-download", kwargs={"code": receipt.csv})
    )
    assert hashlib.sha256(b"".join(public.streaming_content)).hexdigest() == receipt.sha256


def test_another_citizens_receipt_url_is_404(
    client, other_citizen, make_draft, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_register(draft=make_draft(citizen), device_class="desktop")
    link = reverse(
        "tramits:receipt-download", args=[submission.slug, submission.entries.get().slug]
    )
    client.force_login(other_citizen)
    assert client.get(link).status_code == 404


def test_the_case_page_says_the_receipt_is_being_issued_until_it_exists(
    client_logged_in, submission
):
    entry = submission.entries.get()
    assert entry.receipt is None  # the commit never happened in this test

    page = client_logged_in.get(submission.get_absolute_url()).content.decode()
    assert "Its sealed receipt is being issued" in page
    assert "Download the receipt" not in page
    entry.refresh_from_db()
    assert entry.receipt is None  # the page itself seals nothing

    services.receipt_issue(entry=entry)
    page = client_logged_in.get(submission.get_absolute_url()).content.decode()
    assert "Download the receipt of " in page
    assert "being issued" not in page


def test_asking_for_a_missing_receipt_issues_it(client_logged_in, submission):
    entry = submission.entries.get()
    link = reverse("tramits:receipt-download", args=[submission.slug, entry.slug])

    response = client_logged_in.get(link)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    entry.refresh_from_db()
    assert entry.receipt is not None


def test_a_receipt_that_cannot_be_issued_yet_sends_back_to_the_case_page(
    client_logged_in, submission, monkeypatch, caplog
):
    def broken(entry):
        raise OSError("the seal cannot be read")

    monkeypatch.setattr("tramits.receipts.receipt_build", broken)
    entry = submission.entries.get()
    link = reverse("tramits:receipt-download", args=[submission.slug, entry.slug])

    response = client_logged_in.get(link, follow=True)

    assert response.redirect_chain[-1][0] == submission.get_absolute_url()
    page = response.content.decode()
    assert f"The receipt of {entry.number} is still being issued" in page
    assert "Could not issue the receipt" in caplog.text
    assert submission.entries.get().receipt is None


# --- Attachments ------------------------------------------------------------------------


@pytest.fixture
def attachment(submission):
    return submission.entries.get().attachments.get()


def test_the_owner_downloads_an_attachment_with_its_bytes(client_logged_in, attachment):
    response = client_logged_in.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="planol.pdf"'


def test_another_citizen_cannot_download_an_attachment(client, attachment, other_citizen):
    client.force_login(other_citizen)

    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_anonymous_visitors_cannot_download_an_attachment(client, attachment):
    url = attachment.get_absolute_url()

    assert login_redirect(client.get(url), url)


def test_staff_who_may_see_submissions_download_attachments(client, attachment, clerk):
    client.force_login(clerk)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_staff_without_the_permission_cannot_download_attachments(client, attachment, staff):
    client.force_login(staff)

    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_an_unknown_attachment_is_not_found(client_logged_in):
    url = reverse(
        "tramits:attachment-download", kwargs={"public_id": "00000000-0000-0000-0000-000000000000"}
    )

    assert client_logged_in.get(url).status_code == 404


# --- Withdrawing ------------------------------------------------------------------------


def test_withdraw_asks_for_confirmation(client_logged_in, submission):
    page = client_logged_in.get(withdraw_url(submission))
    assert page.status_code == 200
    assert submission.number in page.content.decode()

    refused = client_logged_in.post(withdraw_url(submission), {"reason": "Ja no cal."})

    assert refused.status_code == 200
    assert "error-summary" in refused.content.decode()
    submission.refresh_from_db()
    assert submission.status == Status.REGISTERED


def test_withdraw_closes_the_case_with_the_reason(
    client_logged_in, submission, citizen, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_logged_in.post(
            withdraw_url(submission), {"reason": "Ja no cal.", "confirm": "on"}
        )

    assert response.status_code == 302
    assert response.url == submission.get_absolute_url()
    assert messages_of(response) == ["Your application has been withdrawn."]
    submission.refresh_from_db()
    assert submission.status == Status.WITHDRAWN
    last = submission.status_changes.last()
    assert (last.changed_by, last.public_comment) == (citizen, "Ja no cal.")
    assert len(mailoutbox) == 1

    page = client_logged_in.get(submission.get_absolute_url()).content.decode()
    assert withdraw_url(submission) not in page
    again = client_logged_in.get(withdraw_url(submission))
    assert again.status_code == 302
    assert messages_of(again) == ["This case is already closed and cannot be withdrawn."]


# --- Answering a requeriment ------------------------------------------------------------


def test_a_waiting_case_shows_the_request_and_the_answer_form(client_logged_in, waiting_submission):
    response = client_logged_in.get(waiting_submission.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "Aporteu el contracte de lloguer." in content
    assert f'action="{answer_url(waiting_submission)}"' in content
    assert 'name="documents"' in content
    assert "Revisar amb urbanisme." not in content, "the internal note stays inside"
    assert "(10 business days)" in content  # services.REQUERIMENT_BUSINESS_DAYS


def test_the_case_page_says_where_the_case_stands_against_its_deadline(
    client_logged_in, submission
):
    Submission.objects.filter(pk=submission.pk).update(resolution_due=date(2999, 1, 1))
    on_time = client_logged_in.get(submission.get_absolute_url()).content.decode()
    Submission.objects.filter(pk=submission.pk).update(resolution_due=date(2025, 1, 1))
    late = client_logged_in.get(submission.get_absolute_url()).content.decode()

    assert "within the deadline" in on_time and "overdue" not in on_time
    assert '<strong class="overdue">overdue</strong>' in late


def test_answering_a_requeriment_with_files_registers_a_new_entry(
    client_logged_in, waiting_submission, citizen, django_capture_on_commit_callbacks
):
    files = [upload("contracte.pdf"), upload("rebut.png", PNG_BYTES, "image/png")]

    with django_capture_on_commit_callbacks(execute=True):
        response = client_logged_in.post(
            answer_url(waiting_submission), {"text": "Adjunto el contracte.", "documents": files}
        )

    assert response.status_code == 302
    assert response.url == waiting_submission.get_absolute_url()
    entry = RegistryEntry.objects.get(kind=EntryKind.REQUERIMENT_ANSWER)
    assert entry.number != waiting_submission.number
    assert re.fullmatch(r"E/\d{4}/\d{6}", entry.number)
    assert entry.submission == waiting_submission
    assert entry.applicant == citizen
    assert entry.text == "Adjunto el contracte."
    assert sorted(a.original_name for a in entry.attachments.all()) == [
        "contracte.pdf",
        "rebut.png",
    ]
    assert entry.receipt is not None
    assert messages_of(response) == [f"Your answer has been registered with number {entry.number}."]
    waiting_submission.refresh_from_db()
    assert waiting_submission.status == Status.IN_PROCESS

    page = client_logged_in.get(waiting_submission.get_absolute_url()).content.decode()
    assert entry.number in page
    assert "rebut.png" in page
    assert answer_url(waiting_submission) not in page


def test_a_requeriment_answer_with_a_bad_file_registers_nothing(
    client_logged_in, waiting_submission
):
    before = Counters.values_list("year", "last_number").order_by("year")
    before = list(before)

    response = client_logged_in.post(
        answer_url(waiting_submission),
        {
            "text": "Adjunto el contracte.",
            "documents": [upload("contracte.pdf"), upload("virus.pdf", b"MZ\x90\x00 evil")],
        },
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "The file “virus.pdf” is not a valid PDF, JPEG, PNG file." in content
    assert "error-summary" in content
    assert RegistryEntry.objects.count() == 1
    assert list(Counters.values_list("year", "last_number").order_by("year")) == (before)
    waiting_submission.refresh_from_db()
    assert waiting_submission.status == Status.WAITING


def test_an_empty_requeriment_answer_is_refused(client_logged_in, waiting_submission):
    response = client_logged_in.post(answer_url(waiting_submission), {"text": " "})

    assert response.status_code == 400
    assert "Write an answer or attach at least one document." in response.content.decode()
    assert RegistryEntry.objects.count() == 1


def test_an_answer_to_a_case_no_longer_waiting_is_explained(client_logged_in, submission):
    response = client_logged_in.post(answer_url(submission), {"text": "Hola"})

    assert response.status_code == 302
    assert response.url == submission.get_absolute_url()
    assert messages_of(response) == ["This case is not waiting for documents from you."]
    assert RegistryEntry.objects.count() == 1


def test_the_answer_form_only_takes_posts(client_logged_in, waiting_submission):
    assert client_logged_in.get(answer_url(waiting_submission)).status_code == 405


# --- Lists stay cheap whatever their length -----------------------------------------------


def count_queries(django_assert_max_num_queries, client, url, limit):
    with django_assert_max_num_queries(limit) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_of_applications_costs_the_same_for_few_or_many(
    client_logged_in, register, citizen, procedure, django_assert_max_num_queries
):
    url = reverse("tramits:submission-list")
    register(citizen)
    other = ProcedureFactory()
    services.draft_for(applicant=citizen, procedure=other)
    few = count_queries(django_assert_max_num_queries, client_logged_in, url, 12)

    for _n in range(24):
        register(citizen)
    for _n in range(3):
        services.draft_for(applicant=citizen, procedure=ProcedureFactory())
    many = count_queries(django_assert_max_num_queries, client_logged_in, url, 12)

    assert many == few
    content = client_logged_in.get(url).content.decode()
    assert content.count(f'href="{url}E-') == 20, "twenty a page"


def test_the_case_page_costs_the_same_with_many_entries_and_files(
    client_logged_in, register, citizen, clerk, django_assert_max_num_queries
):
    def answer(submission, n_files):
        services.submission_status_change(
            submission=submission, to_status=Status.WAITING, by=clerk, public_comment="Aporteu-ho."
        )
        checked = [
            services.upload_check(upload=upload(f"doc-{n}.pdf"), field=REQUERIMENT_FILES)
            for n in range(n_files)
        ]
        services.submission_requeriment_answer(
            submission=submission,
            by=citizen,
            text="Aquí ho teniu.",
            files=checked,
            device_class="desktop",
        )

    def issue_receipts(submission):
        for entry in submission.entries.all():
            services.receipt_issue(entry=entry)

    small = register(citizen, at=WEDNESDAY)
    issue_receipts(small)
    few = count_queries(
        django_assert_max_num_queries, client_logged_in, small.get_absolute_url(), 12
    )

    big = register(citizen, at=WEDNESDAY)
    for _n in range(3):
        answer(big, 3)
    issue_receipts(big)
    many = count_queries(
        django_assert_max_num_queries, client_logged_in, big.get_absolute_url(), 12
    )

    assert many == few
    page = client_logged_in.get(big.get_absolute_url()).content.decode()
    assert page.count("doc-2.pdf") == 3
