"""Applying to a call: the "Apply online" button, the draft it starts, and the
Application the registry records with the submission."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from convocatories import services
from convocatories.models import Application, ApplicationDraft
from tests.convocatories.factories import CallFactory
from tramits import services as tramits_services
from tramits.models import Draft, Submission

pytestmark = pytest.mark.django_db


def apply_url(call):
    return reverse("convocatories:call-apply", args=[call.slug])


def form_url(procedure):
    return reverse("tramits:procedure-apply", args=[procedure.slug])


def review_url(procedure):
    return reverse("tramits:procedure-review", args=[procedure.slug])


def fill_and_submit(client, procedure) -> Submission:
    response = client.post(form_url(procedure), {"titulacio": "Grau en Dret", "action": "continue"})
    assert response.status_code == 302
    assert response.url == review_url(procedure)
    draft = Draft.objects.get(procedure=procedure, submission=None)
    response = client.post(review_url(procedure), {"draft": draft.pk})
    assert response.status_code == 302
    return Submission.objects.get(draft=draft)


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_log_in_first(client, open_call, method):
    response = getattr(client, method)(apply_url(open_call))
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={apply_url(open_call)}"
    assert not Draft.objects.exists()


def test_the_call_page_offers_a_button_that_posts(client_logged_in, open_call):
    html = client_logged_in.get(open_call.get_absolute_url()).content.decode()
    assert f'<form method="post" action="{apply_url(open_call)}">' in html
    assert '<button type="submit" class="button-start">Apply online</button>' in html


def test_apply_online_starts_a_draft_for_the_call(client_logged_in, open_call, citizen):
    response = client_logged_in.post(apply_url(open_call))
    assert response.status_code == 302
    assert response.url == form_url(open_call.procedure)
    link = ApplicationDraft.objects.get()
    assert link.call == open_call
    assert link.draft.applicant == citizen

    form = client_logged_in.get(response.url).content.decode()
    assert "2026/OP-007 · Procés selectiu d&#x27;agent de la Policia Local" in form


def test_a_link_to_the_apply_address_changes_nothing_and_asks_first(client_logged_in, open_call):
    """A GET (a link from another site, the way back from the log-in page) only
    shows what the button will do."""
    response = client_logged_in.get(apply_url(open_call))
    assert response.status_code == 200
    assert response.templates[0].name == "convocatories/call_apply.html"
    html = response.content.decode()
    assert "You are applying to the call 2026/OP-007" in html
    assert '<input type="hidden" name="confirm" value="1">' in html
    assert not Draft.objects.exists()

    response = client_logged_in.post(apply_url(open_call), {"confirm": "1"})
    assert response.url == form_url(open_call.procedure)
    assert ApplicationDraft.objects.get().call == open_call


def test_the_apply_address_resumes_a_draft_already_for_the_call(client_logged_in, open_call):
    client_logged_in.post(apply_url(open_call))
    response = client_logged_in.get(apply_url(open_call))
    assert response.status_code == 302
    assert response.url == form_url(open_call.procedure)
    assert ApplicationDraft.objects.get().call == open_call


def test_the_apply_post_needs_the_pages_csrf_token(open_call, citizen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    assert client.post(apply_url(open_call), {"confirm": "1"}).status_code == 403
    assert not Draft.objects.exists()


def test_submission_through_the_call_records_the_application(client_logged_in, open_call):
    client_logged_in.post(apply_url(open_call))
    submission = fill_and_submit(client_logged_in, open_call.procedure)

    application = Application.objects.get()
    assert application.call == open_call
    assert application.submission == submission
    assert application.filed_on_time

    page = client_logged_in.get(submission.get_absolute_url()).content.decode()
    assert "2026/OP-007" in page
    assert open_call.get_absolute_url() in page
    assert "Filed outside the application period" not in page


def test_the_procedure_used_without_the_call_records_nothing(client_logged_in, open_call):
    fill_and_submit(client_logged_in, open_call.procedure)
    assert Submission.objects.count() == 1
    assert not Application.objects.exists()


def test_the_application_is_written_in_the_registrys_transaction(open_call, citizen, monkeypatch):
    """If the registry entry fails, no Application is left behind, and vice versa."""
    tramits_services_draft = tramits_services.draft_for(
        applicant=citizen, procedure=open_call.procedure
    )
    ApplicationDraft.objects.create(call=open_call, draft=tramits_services_draft)
    tramits_services.draft_save(draft=tramits_services_draft, answers={"titulacio": "Grau"})

    def broken(**kwargs):
        raise RuntimeError("the receipt printer is on fire")

    monkeypatch.setattr(tramits_services.StatusChange.objects, "create", broken)
    with pytest.raises(RuntimeError):
        tramits_services.submission_register(draft=tramits_services_draft, device_class="desktop")
    assert not Submission.objects.exists()
    assert not Application.objects.exists()


def test_a_submission_after_the_call_closed_still_registers_and_is_marked_late(
    client_logged_in, open_call
):
    client_logged_in.post(apply_url(open_call))
    client_logged_in.post(
        form_url(open_call.procedure), {"titulacio": "Grau en Dret", "action": "continue"}
    )
    # The period ends while the citizen checks the answers.
    open_call.opens_on = timezone.localdate() - timedelta(days=30)
    open_call.closes_on = timezone.localdate() - timedelta(days=20)
    services.call_period_compute(open_call)
    open_call.save()

    review = client_logged_in.get(review_url(open_call.procedure)).content.decode()
    assert "The application period of this call ended on" in review

    draft = Draft.objects.get(submission=None)
    client_logged_in.post(review_url(open_call.procedure), {"draft": draft.pk})
    application = Application.objects.get()
    assert not application.filed_on_time
    page = client_logged_in.get(application.submission.get_absolute_url()).content.decode()
    assert "Filed outside the application period of the call" in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_no_button_path_once_the_call_is_closed(client_logged_in, selection_procedure, method):
    call = CallFactory(closed=True, procedure=selection_procedure)
    response = getattr(client_logged_in, method)(apply_url(call), {"confirm": "1"})
    assert response.status_code == 302
    assert response.url == call.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "This call is not taking online applications now."
    ]
    assert not Draft.objects.exists()


def test_a_call_without_an_online_procedure_takes_no_online_applications(client_logged_in):
    call = CallFactory(procedure=None)
    response = client_logged_in.post(apply_url(call), {"confirm": "1"})
    assert response.status_code == 302
    assert not Draft.objects.exists()


def test_a_draft_call_has_no_apply_address(client_logged_in, selection_procedure):
    call = CallFactory(published=False, procedure=selection_procedure)
    assert client_logged_in.get(apply_url(call)).status_code == 404


def test_another_calls_button_moves_the_draft_only_once_confirmed(
    client_logged_in, open_call, selection_procedure
):
    other = CallFactory(procedure=selection_procedure, title="Procés selectiu de conserge")
    client_logged_in.post(apply_url(open_call))
    client_logged_in.post(form_url(selection_procedure), {"titulacio": "Grau", "action": "save"})

    # A link from anywhere leaves the draft where it is.
    asked = client_logged_in.get(apply_url(other))
    assert asked.status_code == 200
    assert ApplicationDraft.objects.get().call == open_call
    # So does the other call's button: the citizen is told first.
    asked = client_logged_in.post(apply_url(other))
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Your draft of this form is for another call" in html
    assert "You have not submitted your draft for the call 2026/OP-007" in html
    assert "Use my draft for this call" in html
    assert ApplicationDraft.objects.get().call == open_call

    moved = client_logged_in.post(apply_url(other), {"confirm": "1"})
    assert moved.url == form_url(selection_procedure)
    link = ApplicationDraft.objects.get()
    assert link.call == other
    assert link.draft.answers["titulacio"] == "Grau"
    fill_and_submit(client_logged_in, selection_procedure)
    assert Application.objects.get().call == other


def test_the_button_ties_a_draft_begun_without_a_call_to_this_call(
    client_logged_in, open_call, selection_procedure
):
    client_logged_in.get(form_url(selection_procedure))
    assert Draft.objects.filter(submission=None).exists()
    assert not ApplicationDraft.objects.exists()
    page = client_logged_in.get(apply_url(open_call)).content.decode()
    assert "You have a draft of this form that is not for any call" in page
    assert not ApplicationDraft.objects.exists()
    client_logged_in.post(apply_url(open_call))
    assert ApplicationDraft.objects.get().call == open_call


def test_staff_see_the_call_on_the_submission_admin(client_logged_in, open_call, admin_client):
    client_logged_in.post(apply_url(open_call))
    submission = fill_and_submit(client_logged_in, open_call.procedure)
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = admin_client.get(
        reverse("admin:tramits_submission_change", args=[submission.pk])
    ).content.decode()
    assert "2026/OP-007 · Procés selectiu d&#x27;agent de la Policia Local" in page
