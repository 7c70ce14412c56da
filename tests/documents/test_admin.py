import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_admin_lists_and_finds_documents_by_a_typed_code(admin_client, document):
    url = reverse("admin:documents_issueddocument_changelist")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert document.csv_display in response.content.decode()
    for query in (document.csv_display.lower(), document.csv_display[:9], document.title):
        found = admin_client.get(url, {"q": query})
        assert document.csv_display in found.content.decode(), query
    assert document.csv_display not in admin_client.get(url, {"q": "ZZZZ-ZZZZ"}).content.decode()
    assert admin_client.get(url, {"kind__exact": "receipt"}).status_code == 200


def test_admin_shows_a_document_read_only(admin_client, document):
    url = reverse("admin:documents_issueddocument_change", args=[document.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert document.sha256 in html
    assert document.get_absolute_url() in html
    assert 'name="title"' not in html
    assert admin_client.post(url, {"title": "Changed"}).status_code == 403
    document.refresh_from_db()
    assert document.title != "Changed"


def test_admin_cannot_add_or_delete_documents(admin_client, document):
    assert admin_client.get(reverse("admin:documents_issueddocument_add")).status_code == 403
    delete = reverse("admin:documents_issueddocument_delete", args=[document.pk])
    assert admin_client.get(delete).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    changelist = admin_client.get(reverse("admin:documents_issueddocument_changelist"))
    assert "delete_selected" not in changelist.content.decode()
