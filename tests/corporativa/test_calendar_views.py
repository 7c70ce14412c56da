import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from corporativa.business_days import official_today
from corporativa.models import LocalHoliday
from tests.corporativa.factories import LocalHolidayFactory

pytestmark = pytest.mark.django_db


def calendar_url(year=None, language="en"):
    with translation.override(language):
        if year is None:
            return reverse("corporativa:calendar")
        return reverse("corporativa:calendar-year", args=[year])


def title_of(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def test_calendar_urls_are_catalan():
    assert calendar_url() == "/en/calendari/"
    assert calendar_url(2027) == "/en/calendari/2027/"


def test_calendar_shows_this_year_by_default(client):
    year = official_today().year
    response = client.get(calendar_url())
    assert response.status_code == 200
    assert response.context["year"] == year
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert f"Calendar of non-business days {year}" in title_of(response)


def test_calendar_default_year_follows_madrid_time(client, monkeypatch):
    # 23:30 UTC on 31 December 2026 is already 2027 in Madrid.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    response = client.get(calendar_url())
    assert response.context["year"] == 2027


def test_calendar_renders_next_year_in_catalan(client):
    year = official_today().year + 1
    response = client.get(calendar_url(year, language="ca"))
    assert response.status_code == 200
    assert response.context["year"] == year
    assert '<html lang="ca">' in response.content.decode()


def test_calendar_renders_previous_year(client):
    response = client.get(calendar_url(official_today().year - 1))
    assert response.status_code == 200


@pytest.mark.parametrize("offset", [-2, 2, 10])
def test_calendar_of_a_far_year_is_not_found(client, offset):
    response = client.get(calendar_url(official_today().year + offset))
    assert response.status_code == 404


def test_calendar_titles_differ_per_year(client):
    year = official_today().year
    this = title_of(client.get(calendar_url(year)))
    following = title_of(client.get(calendar_url(year + 1)))
    assert this != following


def test_calendar_lists_holidays_with_date_name_and_scope(client, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 6, 1, 10, 0, tzinfo=UTC))
    response = client.get(calendar_url(2026, language="ca"))
    html = response.content.decode()
    assert '<caption id="calendar-caption">' in html
    assert html.count('<th scope="col">') == 3
    assert '<time datetime="2026-09-11">' in html
    assert "Diada Nacional de Catalunya" in html
    assert "Divendres Sant" in html
    assert html.count('class="holiday-kind"') == 12


def test_calendar_explains_weekends_and_the_registry(client):
    html = client.get(calendar_url()).content.decode()
    assert "Saturdays and Sundays are non-business days" in html
    assert "open every day of the year, at every hour" in html
    assert "00:00" in html


def test_calendar_shows_a_local_holiday_added_by_staff(client, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 6, 1, 10, 0, tzinfo=UTC))
    LocalHolidayFactory(date=date(2026, 1, 22), name="Sant Vicenç, patró de Mollet")
    response = client.get(calendar_url(2026))
    html = response.content.decode()
    assert "Sant Vicenç, patró de Mollet" in html
    assert '<time datetime="2026-01-22">' in html
    assert html.count('class="holiday-kind"') == 13


def test_calendar_in_spanish_names_holidays_in_spanish(client, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 6, 1, 10, 0, tzinfo=UTC))
    response = client.get(calendar_url(2026, language="es"))
    assert response.status_code == 200
    assert "Viernes Santo" in response.content.decode()


def test_calendar_links_the_other_years(client, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 6, 1, 10, 0, tzinfo=UTC))
    html = client.get(calendar_url()).content.decode()
    assert 'href="/en/calendari/2025/"' in html
    assert 'href="/en/calendari/2027/"' in html
    assert 'href="/en/calendari/2026/"' not in html


def test_footer_links_to_the_calendar(client):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{calendar_url()}"' in html


# --- back office -------------------------------------------------------------------


def test_admin_lists_local_holidays_by_year(admin_client):
    LocalHolidayFactory(date=date(2026, 1, 22), name="Sant Vicenç")
    LocalHolidayFactory(date=date(2027, 1, 22), name="Sant Vicenç 2027")
    url = reverse("admin:corporativa_localholiday_changelist")
    response = admin_client.get(url, {"year": "2027"})
    assert response.status_code == 200
    assert "Sant Vicenç 2027" in response.content.decode()
    assert list(response.context["cl"].queryset) == list(LocalHoliday.objects.in_year(2027))


def test_admin_refuses_a_local_holiday_on_a_catalan_holiday(admin_client):
    url = reverse("admin:corporativa_localholiday_add")
    response = admin_client.post(url, {"date": "2026-09-11", "name": "Repetida", "note": ""})
    assert response.status_code == 200
    assert not LocalHoliday.objects.exists()
