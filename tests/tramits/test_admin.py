"""The staff side in the Django admin: the queue of submissions, a case's page,
changing its status through the same service as everywhere else, and the
procedure editor."""

import re

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.tramits.factories import ProcedureFactory
from tramits.choices import Status
from tramits.models import StatusChange, Submission

CHANGELIST = "admin:tramits_submission_changelist"


def change_url(submission):
    return reverse("admin:tramits_submission_change", args=[submission.pk])


@pytest.fixture
def admin_client(client, clerk):
    client.force_login(clerk)
    # The admin lives outside the language prefixes: ask for the source strings.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def hidden_inputs(html: str) -> dict:
    """The hidden inputs of a page (inline management forms and ids), as a browser sends them."""
    data = {}
    for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", html):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) != "csrfmiddlewaretoken":
            data[name.group(1)] = value.group(1) if value else ""
    return data


def post_status(client, submission, **fields):
    page = client.get(change_url(submission))
    assert page.status_code == 200
    data = hidden_inputs(page.content.decode())
    data.update({"new_status": "", "public_comment": "", "internal_note": "", "_save": "Save"})
    data.update(fields)
    return client.post(change_url(submission), data)


def listed_numbers(response) -> set[str]:
    return set(re.findall(r"E/\d{4}/\d{6}", response.content.decode()))


# --- The queue --------------------------------------------------------------------------


@pytest.fixture
def queue(register, citizen, other_citizen, clerk):
    """Three cases from 2025 (overdue by now) in different statuses, and one from today."""
    from tramits import services

    registered = register(citizen)
    waiting = register(other_citizen)
    services.submission_status_change(
        submission=waiting, to_status=Status.WAITING, by=clerk, public_comment="Aporteu-ho."
    )
    resolved = register(UserFactory(full_name="Pere Vidal"))
    services.submission_status_change(
        submission=resolved, to_status=Status.FAVOURABLE, by=clerk, public_comment="Estimada."
    )
    today = register(UserFactory(full_name="Anna Roca"), at=None)
    return {"registered": registered, "waiting": waiting, "resolved": resolved, "today": today}


def test_the_queue_lists_every_case(admin_client, queue):
    response = admin_client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert listed_numbers(response) == {s.number for s in queue.values()}
    content = response.content.decode()
    assert "Overdue" in content and "Within" in content


def test_the_queue_filters_by_status(admin_client, queue):
    response = admin_client.get(reverse(CHANGELIST), {"status__exact": Status.WAITING})

    assert listed_numbers(response) == {queue["waiting"].number}


def test_the_queue_filters_by_procedure(admin_client, queue, citizen, make_draft):
    from tramits import services

    other = ProcedureFactory()
    elsewhere = services.submission_register(
        draft=make_draft(citizen, of=other, answers={}), device_class="desktop"
    )

    response = admin_client.get(reverse(CHANGELIST), {"procedure__id__exact": other.pk})

    assert listed_numbers(response) == {elsewhere.number}


def test_the_queue_filters_overdue_and_within_the_deadline(admin_client, queue):
    overdue = admin_client.get(reverse(CHANGELIST), {"deadline": "overdue"})
    within = admin_client.get(reverse(CHANGELIST), {"deadline": "within"})

    # A resolved case is neither: deadlines only matter while a case is open.
    assert listed_numbers(overdue) == {queue["registered"].number, queue["waiting"].number}
    assert listed_numbers(within) == {queue["today"].number}


@pytest.mark.parametrize(
    ("search", "which"),
    [
        ("E/2025/000002", "waiting"),
        ("Joan Garcia", "waiting"),
        ("Pere Vidal", "resolved"),
        ("marta.puig@example.cat", "registered"),
    ],
)
def test_the_queue_is_searched_by_number_and_applicant(admin_client, queue, search, which):
    response = admin_client.get(reverse(CHANGELIST), {"q": search})

    assert listed_numbers(response) == {queue[which].number}


def test_the_queue_costs_the_same_for_few_or_many_cases(
    admin_client, register, citizen, django_assert_max_num_queries
):
    def queries():
        with django_assert_max_num_queries(15) as captured:
            response = admin_client.get(reverse(CHANGELIST), {"deadline": "overdue"})
        assert response.status_code == 200
        return len(captured)

    register(citizen)
    few = queries()
    for _n in range(20):
        register(UserFactory())
    for _n in range(3):
        ProcedureFactory()
    many = queries()

    assert many == few


def test_staff_outside_the_tramits_group_cannot_see_the_queue(client, staff, submission):
    client.force_login(staff)

    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(change_url(submission)).status_code == 403


def test_citizens_are_sent_to_the_admin_login(client_logged_in, submission):
    response = client_logged_in.get(change_url(submission))

    assert response.status_code == 302
    assert reverse("admin:login") in response.url


# --- A case's page ----------------------------------------------------------------------


def test_the_case_page_shows_what_was_submitted_and_its_history(admin_client, waiting_submission):
    response = admin_client.get(change_url(waiting_submission))

    assert response.status_code == 200
    content = response.content.decode()
    assert waiting_submission.number in content
    assert "Carrer de Berenguer III, 42" in content
    attachment = waiting_submission.entries.get().attachments.get()
    assert attachment.get_absolute_url() in content
    assert attachment.sha256 in content
    # Staff see the internal note in the history; the citizen never does.
    assert "Revisar amb urbanisme." in content
    choices = re.search(r'<select name="new_status".*?</select>', content, re.S).group(0)
    assert 'value="in_process"' in choices
    assert 'value="favourable"' in choices
    assert 'value="withdrawn"' not in choices, "only the citizen withdraws"


def test_adding_and_deleting_cases_is_not_possible(admin_client, submission):
    assert admin_client.get(reverse("admin:tramits_submission_add")).status_code == 403
    delete = reverse("admin:tramits_submission_delete", args=[submission.pk])
    assert admin_client.get(delete).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Submission.objects.filter(pk=submission.pk).exists()
    assert "delete_selected" not in admin_client.get(reverse(CHANGELIST)).content.decode()


def test_saving_without_a_new_status_changes_nothing(admin_client, submission, mailoutbox):
    response = post_status(admin_client, submission, public_comment="Res.")

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.REGISTERED
    assert submission.status_changes.count() == 1
    assert mailoutbox == []


# --- Changing the status ----------------------------------------------------------------


def test_changing_the_status_goes_through_the_service(
    admin_client, submission, clerk, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_status(
            admin_client,
            submission,
            new_status=Status.WAITING,
            public_comment="Aporteu el plànol signat.",
            internal_note="El tècnic ho ha demanat.",
        )

    assert response.status_code == 302
    assert response.url == reverse(CHANGELIST)
    submission.refresh_from_db()
    assert submission.status == Status.WAITING
    assert submission.requeriment_due is not None
    change = submission.status_changes.get(to_status=Status.WAITING)
    assert change.changed_by == clerk
    assert change.public_comment == "Aporteu el plànol signat."
    assert change.internal_note == "El tècnic ho ha demanat."
    assert change.deadline == submission.requeriment_due
    assert len(mailoutbox) == 1
    assert "Aporteu el plànol signat." in mailoutbox[0].body
    assert "El tècnic" not in mailoutbox[0].body


def test_a_resolution_without_a_public_comment_is_refused(admin_client, submission, mailoutbox):
    response = post_status(
        admin_client, submission, new_status=Status.FAVOURABLE, internal_note="Tot correcte."
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "errornote" in content
    assert "Write a public comment" in content
    submission.refresh_from_db()
    assert submission.status == Status.REGISTERED
    assert not StatusChange.objects.filter(to_status=Status.FAVOURABLE).exists()
    assert mailoutbox == []


@pytest.mark.parametrize("to_status", [Status.REGISTERED, Status.WITHDRAWN, "archived"])
def test_a_status_that_cannot_follow_is_refused(admin_client, submission, to_status):
    response = post_status(
        admin_client, submission, new_status=to_status, public_comment="Comentari."
    )

    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == Status.REGISTERED
    assert submission.status_changes.count() == 1


def test_a_closed_case_offers_no_new_status(admin_client, submission, clerk):
    from tramits import services

    services.submission_status_change(
        submission=submission, to_status=Status.UNFAVOURABLE, by=clerk, public_comment="No."
    )

    response = post_status(
        admin_client, submission, new_status=Status.IN_PROCESS, public_comment="Reobro."
    )

    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == Status.UNFAVOURABLE


# --- Procedures ---------------------------------------------------------------------------


def test_the_procedure_add_page_has_the_form_fields_inline(admin_client):
    response = admin_client.get(reverse("admin:tramits_procedure_add"))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="fields-TOTAL_FORMS"' in content
    assert 'name="fields-__prefix__-kind"' in content
    assert 'name="fields-__prefix__-allowed_types"' in content


def test_the_procedure_change_page_lists_its_questions(admin_client, procedure):
    response = admin_client.get(reverse("admin:tramits_procedure_change", args=[procedure.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Adreça de l&#x27;obra"' in content
    assert re.search(r'<input[^>]*name="fields-TOTAL_FORMS"[^>]*value="4"', content)


def test_the_procedure_list_renders(admin_client, procedure):
    response = admin_client.get(reverse("admin:tramits_procedure_changelist"))

    assert response.status_code == 200
    assert "Ocupació de la via pública" in response.content.decode()
