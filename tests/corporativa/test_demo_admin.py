"""The corporate demo content, and a smoke test of every back-office page of the section."""

from datetime import date

import pytest
from django.urls import reverse

from corporativa.demo import seed_corporate, seed_local_holidays
from corporativa.models import (
    Council,
    Department,
    MunicipalBody,
    Office,
    Page,
    Person,
    Regulation,
    Session,
    SessionDocument,
)

TODAY = date(2026, 11, 28)


@pytest.fixture
def demo(db):
    seed_local_holidays()
    return seed_corporate(today=TODAY)


def test_demo_fills_every_part_and_is_idempotent(demo):
    counts = {
        model: model.objects.count()
        for model in (Person, MunicipalBody, Session, SessionDocument, Office, Regulation, Page)
    }
    assert counts[Person] == 21
    assert counts[MunicipalBody] == 4
    assert counts[Office] >= 3
    assert counts[Regulation] >= 15
    assert counts[Page] >= 10
    assert Regulation.objects.filter(repealed_on__isnull=False).count() >= 3
    assert Council.objects.get().tax_id == "P0812400J"
    again = seed_corporate(today=TODAY)
    assert again["new session documents"] == 0
    assert again["new regulation documents"] == 0
    assert {model: model.objects.count() for model in counts} == counts


def test_demo_reuses_departments_made_by_other_demos(db):
    Department.objects.create(slug="urbanisme", name="Urbanisme")
    seed_corporate(today=TODAY)
    department = Department.objects.get(slug="urbanisme")
    assert department.summary
    assert Department.objects.filter(name="Urbanisme").count() == 1


def test_demo_oac_has_summer_hours_and_closes_on_the_festa_major(demo):
    from corporativa.hours import Schedule

    oac = Office.objects.prefetch_related("hours", "special_periods__hours").get(slug="oac")
    schedule = Schedule.for_office(oac)
    assert schedule.hours_on(date(2027, 7, 6)).period == "Horari d'estiu"
    assert not schedule.hours_on(date(2027, 8, 16)).is_open  # local holiday


def test_demo_pages_render(client, demo):
    for url in [
        reverse("corporativa:government"),
        MunicipalBody.objects.get(slug="ple").get_absolute_url(),
        Session.objects.filter(documents__isnull=False).first().get_absolute_url(),
        Office.objects.get(slug="oac").get_absolute_url(),
        Regulation.objects.filter(repealed_on__isnull=False).first().get_absolute_url(),
        Page.objects.get(path="serveis-socials/ajudes").get_absolute_url(),
        reverse("corporativa:help"),
    ]:
        assert client.get(url).status_code == 200, url


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        email="admin@mollet.example", password="x-very-long-password", full_name="Admin"
    )
    client.force_login(user)
    return client


ADMIN_MODELS = [
    "council", "politicalgroup", "person", "municipalbody", "session", "department",
    "office", "specialperiod", "regulation", "page", "faqtopic", "faq",
    "accessibilityreport", "localholiday",
]  # fmt: skip


@pytest.fixture
def one_of_each(db):
    """One record of every model (cheaper than the demo, with its hundred PDFs)."""
    from datetime import time

    from tests.corporativa import factories as f

    f.CouncilFactory()
    person = f.PersonFactory(areas="Hisenda")
    body = f.MunicipalBodyFactory()
    body.members.add(person)
    f.session_document(f.SessionFactory(body=body))
    office = f.OfficeFactory()
    f.weekday_hours(office, (0, 1), time(9), time(14))
    f.special_period(office, date(2026, 7, 1), date(2026, 8, 31), hours=[((0,), time(9), time(13))])
    department = Department.objects.create(name="Urbanisme", slug="urbanisme", councillor=person)
    department.offices.add(office)
    f.regulation_document(f.RegulationFactory())
    f.PageFactory(parent=f.PageFactory())
    f.FaqFactory()
    f.AccessibilityReportFactory()
    f.LocalHolidayFactory()


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_admin_list_and_change_pages_open(admin_client, one_of_each, model):
    listing = admin_client.get(reverse(f"admin:corporativa_{model}_changelist"), follow=True)
    assert listing.status_code == 200
    from django.apps import apps

    obj = apps.get_model("corporativa", model).objects.first()
    change = reverse(f"admin:corporativa_{model}_change", args=[obj.pk])
    assert admin_client.get(change).status_code == 200


def test_admin_serves_a_session_document_to_staff_only(admin_client, client, one_of_each):
    document = SessionDocument.objects.first()
    url = reverse("admin:corporativa_session_document", args=[document.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    client.logout()
    assert client.get(url).status_code == 302  # to the admin's login


def test_admin_upload_of_a_non_pdf_is_refused(admin_client, one_of_each):
    from django.core.files.uploadedfile import SimpleUploadedFile

    regulation = Regulation.objects.get()
    before = regulation.documents.count()
    change = reverse("admin:corporativa_regulation_change", args=[regulation.pk])
    data = {
        "title": regulation.title,
        "slug": regulation.slug,
        "kind": regulation.kind,
        "summary": regulation.summary,
        "is_published": "on",
        "approved_on": regulation.approved_on.isoformat(),
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "documents-0-order": "1",
        "documents-0-title": "Fals",
        "documents-0-upload": SimpleUploadedFile("fals.pdf", b"<html></html>"),
    }
    response = admin_client.post(change, data)
    assert response.status_code == 200
    errors = [
        f.errors for fs in response.context["inline_admin_formsets"] for f in fs.formset.forms
    ]
    assert errors[0]["upload"], errors
    assert regulation.documents.count() == before
