import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory

SECTION_PAGES = ["home", "tramits:index", "tauler:index", "convocatories:index"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", SECTION_PAGES)
def test_section_pages_for_anonymous_visitors(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert reverse("accounts:login") in content


@pytest.mark.django_db
@pytest.mark.parametrize("name", SECTION_PAGES)
def test_section_pages_for_logged_in_citizens(client_logged_in, name):
    response = client_logged_in.get(reverse(name))
    assert response.status_code == 200
    assert reverse("accounts:carpeta") in response.content.decode()


@pytest.mark.django_db
def test_header_shows_official_madrid_time(client, monkeypatch):
    fixed = datetime(2026, 7, 1, 22, 30, tzinfo=ZoneInfo("UTC"))
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    content = client.get(reverse("home")).content.decode()
    # 22:30 UTC is 00:30 of the next day in Madrid (summer time, UTC+2).
    assert re.search(
        r'<time datetime="2026-07-02T00:30:00\+02:00">02/07/2026 00:30</time>', content
    )
    assert "CEST" in content


@pytest.mark.django_db
def test_language_switcher_links_to_the_same_page(client):
    content = client.get("/ca/tauler/").content.decode()
    assert 'href="/es/tauler/"' in content
    assert 'href="/en/tauler/"' in content


@pytest.mark.django_db
def test_unknown_page_answers_404_with_the_layout(client):
    response = client.get("/ca/no-existeix/")
    assert response.status_code == 404
    assert "<h1" in response.content.decode()


@pytest.mark.django_db
def test_a_name_with_script_renders_escaped(client):
    user = UserFactory(full_name="<script>alert(1)</script>")
    client.force_login(user)
    content = client.get(reverse("accounts:carpeta")).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


@pytest.mark.django_db
def test_staff_see_a_link_to_the_back_office(client, staff):
    client.force_login(staff)
    assert 'href="/gestio/"' in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_admin_login_page_answers(client):
    response = client.get("/gestio/login/")
    assert response.status_code == 200
