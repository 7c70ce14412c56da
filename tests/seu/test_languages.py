import pytest

# A string from the navigation, as each catalogue must render it.
KNOWN = {
    "ca": ["Tràmits", "Tauler d'anuncis", "Data i hora oficials"],
    "es": ["Trámites", "Tablón de anuncios", "Fecha y hora oficiales"],
    "en": ["Procedures", "Notice board", "Official date and time"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", KNOWN)
def test_home_renders_in_each_language(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    for text in KNOWN[language]:
        assert text.replace("'", "&#x27;") in content or text in content


@pytest.mark.django_db
def test_root_redirects_to_catalan_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    assert response["Location"] == "/ca/"
