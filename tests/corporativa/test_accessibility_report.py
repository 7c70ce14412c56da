"""Reporting an accessibility problem: stored, staff told, bad input refused, rate-limited."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from corporativa.choices import ReportStatus
from corporativa.models import AccessibilityReport
from corporativa.views import REPORTS_PER_HOUR
from tests.accounts.factories import UserFactory
from tests.corporativa.factories import AccessibilityReportFactory

URL = "corporativa:accessibility-report"
GOOD = {
    "page_url": "https://seu.mollet.example/ca/tramits/",
    "description": "El botó «Cerca» no es pot activar amb el teclat.",
    "name": "Pau Serra",
    "email": "pau.serra@example.cat",
}


@pytest.fixture
def corporate_staff(db):
    group, _ = Group.objects.get_or_create(name="Informació corporativa")
    clerk = UserFactory(email="corporativa@mollet.example", is_staff=True)
    clerk.groups.add(group)
    other = UserFactory(email="tauler@mollet.example", is_staff=True)  # another section
    return clerk, other


def post(client, data, **extra):
    return client.post(reverse(URL), data, **extra)


@pytest.mark.django_db
def test_the_statement_page_has_the_form_and_the_legal_facts(client):
    content = client.get(reverse("corporativa:accessibility")).content.decode()
    assert f'action="{reverse(URL)}"' in content
    assert "1112/2018" in content
    assert "28 November 2026" in content  # the date of the statement
    assert "partially compliant" in content


@pytest.mark.django_db
def test_the_form_page_prefills_the_page_it_came_from(client):
    content = client.get(reverse(URL) + "?pagina=/ca/tauler/").content.decode()
    assert 'value="/ca/tauler/"' in content


@pytest.mark.django_db(transaction=True)
def test_a_report_is_stored_and_the_corporate_staff_are_told(client, corporate_staff):
    response = post(client, GOOD)
    assert response.status_code == 302
    assert response.url == reverse("corporativa:accessibility")
    report = AccessibilityReport.objects.get()
    assert report.page_url == GOOD["page_url"]
    assert report.email == GOOD["email"]
    assert report.status == ReportStatus.NEW
    assert report.language == "en"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["corporativa@mollet.example"]
    assert GOOD["description"] in message.body
    assert reverse("admin:corporativa_accessibilityreport_change", args=[report.pk]) in message.body
    followed = client.get(response.url).content.decode()
    assert "your report has been received" in followed


@pytest.mark.django_db(transaction=True)
def test_without_corporate_staff_the_council_address_is_told(client):
    post(client, {"page_url": "/ca/", "description": "No es llegeix bé amb el lector."})
    assert AccessibilityReport.objects.count() == 1
    assert mail.outbox[0].to == ["oac@mollet.example"]


@pytest.mark.django_db
def test_name_and_email_are_optional_and_no_account_is_needed(client):
    response = post(client, {"page_url": "/ca/", "description": "El contrast és massa baix."})
    assert response.status_code == 302
    assert AccessibilityReport.objects.get().email == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**GOOD, "page_url": "   "}, "page_url"),
        ({**GOOD, "description": "curt"}, "description"),
        ({**GOOD, "description": "x" * 5001}, "description"),
        ({**GOOD, "email": "no-és-un-correu"}, "email"),
        ({**GOOD, "page_url": "x" * 501}, "page_url"),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(client, data, field):
    response = post(client, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    content = response.content.decode()
    assert "error-summary" in content
    assert content.count("<h1") == 1
    assert not AccessibilityReport.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_a_bad_report_posted_from_the_statement_page_shows_the_form_page(client):
    response = client.post(
        reverse("corporativa:accessibility"), {"page_url": "", "description": ""}
    )
    assert response.status_code == 200
    assert "corporativa/accessibility_report.html" in [t.name for t in response.templates]
    assert not AccessibilityReport.objects.exists()


@pytest.mark.django_db
def test_reports_from_one_address_are_rate_limited(client):
    for n in range(REPORTS_PER_HOUR):
        assert (
            post(client, {**GOOD, "description": f"Problema número {n} a la pàgina"}).status_code
            == 302
        )
    response = post(client, {**GOOD, "description": "Un problema més, massa aviat"})
    assert response.status_code == 429
    assert "wait" in response.content.decode()
    assert AccessibilityReport.objects.count() == REPORTS_PER_HOUR
    # Another address is not affected.
    other = post(client, GOOD, REMOTE_ADDR="192.0.2.77")
    assert other.status_code == 302


@pytest.mark.django_db
def test_admin_lists_reports_and_only_changes_their_follow_up(client, django_user_model):
    admin = django_user_model.objects.create_superuser(
        email="admin@mollet.example", password="x-very-long-password", full_name="Admin"
    )
    client.force_login(admin)
    report = AccessibilityReportFactory()
    listing = client.get(reverse("admin:corporativa_accessibilityreport_changelist"))
    assert listing.status_code == 200
    assert report.page_url in listing.content.decode()
    assert client.get(reverse("admin:corporativa_accessibilityreport_add")).status_code == 403
    change = reverse("admin:corporativa_accessibilityreport_change", args=[report.pk])
    response = client.post(
        change,
        {"status": "resolved", "staff_note": "Corregit.", "description": "alterat"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "resolved"
    assert report.staff_note == "Corregit."
    assert report.description.startswith("El botó")
