import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_root_redirects_to_catalan(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ca/"


@pytest.mark.django_db
def test_home_renders_sections(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"Ajuntament de Mollet del Vall" in response.content
