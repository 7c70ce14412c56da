"""The back office shows the statistics' records read-only, and never the salts."""

import pytest
from django.contrib import admin
from django.urls import reverse

from estadistiques.models import ImportedFile, PageView, Salt
from tests.estadistiques.test_import import SAMPLE, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, staff):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    return client


def test_salts_are_not_in_the_back_office():
    assert Salt not in admin.site._registry


@pytest.mark.parametrize("model", ["pageview", "rolledvisit", "dailypagecount", "importedfile"])
def test_changelists_open_and_offer_no_add(superuser_client, model):
    run(SAMPLE)
    response = superuser_client.get(reverse(f"admin:estadistiques_{model}_changelist"))
    assert response.status_code == 200
    assert reverse(f"admin:estadistiques_{model}_add") not in response.content.decode()
    assert superuser_client.get(reverse(f"admin:estadistiques_{model}_add")).status_code == 403


def test_a_page_view_is_read_only(superuser_client):
    run(SAMPLE)
    view = PageView.objects.first()
    url = reverse("admin:estadistiques_pageview_change", args=[view.pk])
    response = superuser_client.get(url)
    assert response.status_code == 200
    assert 'name="path"' not in response.content.decode()
    superuser_client.post(url, {"path": "/changed/"})
    view.refresh_from_db()
    assert view.path != "/changed/"
    record = ImportedFile.objects.get()
    delete = reverse("admin:estadistiques_importedfile_delete", args=[record.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert ImportedFile.objects.exists()
