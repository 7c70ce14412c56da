import pytest
from django.urls import reverse

LEGAL_PAGES = ["index", "legal-notice", "privacy", "accessibility", "cookies", "help"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", LEGAL_PAGES)
def test_legal_page_is_public(client, name):
    response = client.get(reverse(f"corporativa:{name}"))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", LEGAL_PAGES)
def test_legal_page_for_logged_in_citizen_shows_their_account_links(client_logged_in, name):
    response = client_logged_in.get(reverse(f"corporativa:{name}"))
    assert response.status_code == 200
    assert reverse("accounts:carpeta").encode() in response.content


@pytest.mark.django_db
def test_every_page_footer_links_to_the_legal_pages(client):
    content = client.get(reverse("home")).content.decode()
    for name in ["legal-notice", "privacy", "accessibility", "cookies", "calendar", "help"]:
        assert f'href="{reverse(f"corporativa:{name}")}"' in content


@pytest.mark.django_db
def test_privacy_page_names_the_controller_and_the_data_protection_agency(client):
    content = client.get(reverse("corporativa:privacy")).content.decode()
    assert "Ajuntament de Mollet del Vallès" in content
    assert "https://www.aepd.es/" in content


@pytest.mark.django_db
def test_council_owner_data_comes_from_settings(client, settings):
    settings.SEU_COUNCIL = {**settings.SEU_COUNCIL, "tax_id": "P0800000X"}
    content = client.get(reverse("corporativa:legal-notice")).content.decode()
    assert "P0800000X" in content
