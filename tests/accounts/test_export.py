import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from accounts import exports

pytestmark = pytest.mark.django_db

EXPORT = reverse_lazy("accounts:export")


def test_export_page_explains_before_downloading(client_logged_in):
    response = client_logged_in.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert 'method="post"' in response.content.decode()


def test_export_downloads_a_json_file_named_with_the_date(client_logged_in):
    response = client_logged_in.post(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="seu-dades-{today}.json"'
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_export_holds_the_profile_dates_and_an_empty_submissions_list(client_logged_in, citizen):
    data = json.loads(client_logged_in.post(EXPORT).content)
    profile = data["profile"]
    assert profile["email"] == citizen.email
    assert profile["full_name"] == "Marta Puig i Soler"
    assert profile["id_document_type"] == "dni"
    assert profile["id_document_number"] == "12345678Z"
    assert profile["preferred_language"] == "en"
    assert profile["date_joined"] == citizen.date_joined.isoformat()
    assert profile["email_verified_at"] == citizen.email_verified_at.isoformat()
    assert profile["closed_at"] is None
    assert "password" not in json.dumps(profile)
    assert data["submissions"] == []
    assert data["controller"] == "Ajuntament de Mollet del Vallès"


def test_export_never_contains_another_citizens_data(client_logged_in, other_citizen):
    body = client_logged_in.post(EXPORT).content.decode()
    assert other_citizen.email not in body
    assert other_citizen.full_name not in body
    assert other_citizen.id_document_number not in body


def test_export_is_refused_to_anonymous_visitors(client):
    response = client.post(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_registered_exporter_adds_its_section(client_logged_in, citizen, monkeypatch):
    monkeypatch.setattr(exports, "exporters", exports.exporters.copy())
    exports.exporters.register("alerts", lambda user: [{"number": f"E-{user.pk}"}])
    exports.exporters.register("subscriptions", lambda user: ["jobs"])
    data = json.loads(client_logged_in.post(EXPORT).content)
    assert data["alerts"] == [{"number": f"E-{citizen.pk}"}]
    assert data["subscriptions"] == ["jobs"]


def test_registering_a_section_twice_or_a_reserved_name_is_an_error(monkeypatch):
    monkeypatch.setattr(exports, "exporters", exports.exporters.copy())
    exports.exporters.register("receipts", lambda user: [])
    with pytest.raises(ImproperlyConfigured):
        exports.exporters.register("receipts", lambda user: [])
    with pytest.raises(ImproperlyConfigured):
        exports.exporters.register("profile", lambda user: {})
