"""Requests the seu refuses as a whole, and headers every page carries."""

import pytest

from tests.corporativa.factories import PageFactory

pytestmark = pytest.mark.django_db

NUL_REQUESTS = [
    "/en/tauler/arxiu/?q=a%00b",
    "/en/tauler/arxiu/?categoria=%00",
    "/en/tauler/arxiu/?departament=%00",
    "/en/tauler/?q=%00",
    "/en/tauler/feeds/cerca/?q=ban%00",
    "/en/convocatories/totes/?departament=%00",
    "/en/convocatories/totes.csv?departament=%00",
    "/en/convocatories/totes.json?q=%00",
    "/en/tramits/?tema=%00",
    "/en/informacio/pagines/una%00pagina/",
    "/en/cerca/?q=%00",
    "/en/tauler/arxiu/?a%00=1",
]


@pytest.mark.parametrize("path", NUL_REQUESTS)
def test_a_nul_character_anywhere_in_the_request_is_refused_with_a_page(client, path):
    response = client.get(path)

    assert response.status_code == 400
    assert b"The request could not be read" in response.content
    assert "camera=()" in response["Permissions-Policy"]


def test_the_api_refuses_a_nul_in_json(client):
    response = client.get("/api/v1/notices?q=%00")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "NUL" in response.json()["error"]


def test_the_refusal_is_in_the_visitor_s_language(client):
    response = client.get("/ca/tauler/arxiu/?q=%00")

    assert response.status_code == 400
    assert '<html lang="ca"' in response.content.decode()


def test_a_page_path_without_a_nul_still_answers(client):
    PageFactory(slug="una-pagina")
    assert client.get("/en/tauler/arxiu/?q=ban").status_code == 200
    assert client.get("/en/informacio/pagines/una%0Apagina/").status_code == 404


def test_every_page_switches_off_the_browser_features_the_seu_does_not_use(client):
    for path in ("/en/", "/en/tauler/", "/api/v1/notices", "/en/no-such-page/"):
        policy = client.get(path)["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy


def test_anonymous_public_pages_stay_cacheable(client):
    response = client.get("/en/tauler/")

    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    "path", ["/en/compte/carpeta/", "/en/compte/perfil/", "/en/tramits/les-meves-sollicituds/"]
)
def test_pages_behind_the_log_in_are_kept_by_no_cache(client_logged_in, path):
    response = client_logged_in.get(path)

    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_a_logged_in_visitor_s_public_pages_are_private_too(client_logged_in):
    """The header names the person: no shared cache may keep the page."""
    response = client_logged_in.get("/en/tauler/")

    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_the_back_office_is_kept_by_no_cache(client, staff, settings):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)

    response = client.get(f"/{settings.ADMIN_URL}")

    assert "no-store" in response["Cache-Control"]
