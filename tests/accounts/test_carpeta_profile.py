import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGGED_IN_PAGES = ["carpeta", "profile", "export", "close", "password-change"]


@pytest.mark.parametrize("name", LOGGED_IN_PAGES)
def test_account_pages_send_anonymous_visitors_to_login(client, name):
    url = reverse(f"accounts:{name}")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("name", LOGGED_IN_PAGES)
def test_account_pages_have_one_h1_and_their_own_title(client_logged_in, name):
    response = client_logged_in.get(reverse(f"accounts:{name}"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "style=" not in html and "<script" not in html


def test_account_pages_have_distinct_titles(client_logged_in):
    titles = set()
    for name in LOGGED_IN_PAGES:
        html = client_logged_in.get(reverse(f"accounts:{name}")).content.decode()
        titles.add(html.split("<title>")[1].split("</title>")[0])
    assert len(titles) == len(LOGGED_IN_PAGES)


def test_carpeta_greets_by_name_and_shows_honest_empty_sections(client_logged_in, citizen):
    response = client_logged_in.get(reverse("accounts:carpeta"))
    html = response.content.decode()
    assert citizen.full_name in html
    for heading in ("My submissions", "Receipts", "Subscriptions"):
        assert heading in html
    assert "You have not submitted anything yet." in html
    assert reverse("tramits:index") in html
    for name in ("profile", "password-change", "export", "close"):
        assert reverse(f"accounts:{name}") in html


def test_carpeta_escapes_a_name_with_markup(client):
    user = UserFactory(full_name='<script>alert("x")</script>')
    client.force_login(user)
    html = client.get(reverse("accounts:carpeta")).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_carpeta_shows_only_the_logged_in_persons_details(client_logged_in, other_citizen):
    html = client_logged_in.get(reverse("accounts:carpeta")).content.decode()
    assert other_citizen.full_name not in html
    assert other_citizen.email not in html


def test_profile_edit_saves_normalised_document_and_language(client_logged_in, citizen):
    response = client_logged_in.post(
        reverse("accounts:profile"),
        {
            "full_name": "Marta Puig Soler",
            "id_document_type": "nie",
            "id_document_number": "x 1234567 l",
            "preferred_language": "es",
        },
    )
    assert response.status_code == 302
    # The seu follows the new language straight away.
    assert response["Location"] == "/es/compte/carpeta/"
    citizen.refresh_from_db()
    assert citizen.full_name == "Marta Puig Soler"
    assert citizen.id_document_type == "nie"
    assert citizen.id_document_number == "X1234567L"
    assert citizen.preferred_language == "es"


def test_profile_edit_shows_document_error_beside_the_number(client_logged_in, citizen):
    response = client_logged_in.post(
        reverse("accounts:profile"),
        {
            "full_name": "Marta",
            "id_document_type": "dni",
            "id_document_number": "12345678A",
            "preferred_language": "ca",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The letter of this DNI does not match its number" in html
    assert 'aria-describedby="id_id_document_number_helptext id_id_document_number_error"' in html
    citizen.refresh_from_db()
    assert citizen.id_document_number == "12345678Z"
    assert citizen.full_name == "Marta Puig i Soler"


def test_profile_requires_a_name_and_a_document(client_logged_in):
    response = client_logged_in.post(
        reverse("accounts:profile"),
        {
            "full_name": "",
            "id_document_type": "dni",
            "id_document_number": "",
            "preferred_language": "ca",
        },
    )
    errors = response.context["form"].errors
    assert "full_name" in errors and "id_document_number" in errors


def test_profile_does_not_offer_to_change_the_email(client_logged_in, citizen):
    response = client_logged_in.post(
        reverse("accounts:profile"),
        {
            "email": "hijack@example.cat",
            "full_name": "Marta",
            "id_document_type": "dni",
            "id_document_number": "12345678Z",
            "preferred_language": "ca",
        },
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.email == "marta.puig@example.cat"
    html = client_logged_in.get(reverse("accounts:profile")).content.decode()
    assert 'name="email"' not in html
