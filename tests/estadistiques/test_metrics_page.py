"""The public page that defines every metric of the usage statistics."""

import re

import pytest
from django.urls import reverse

from estadistiques.choices import Section


@pytest.fixture
def url():
    return reverse("estadistiques:definitions")


def main_text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_anyone_can_read_it_and_it_sets_no_cookie(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<title>How visits to the seu are counted ·" in html
    assert url == "/en/estadistiques/definicions/"


def test_it_defines_every_metric(client, db, url):
    text = main_text(client.get(url))
    for phrase in (
        # Page view, and what is not one.
        "a request to read a page (GET) that the server answers correctly (status 200) "
        "with a web page (HTML)",
        "requests made by robots",
        "the open-data API",
        # Visitor key.
        "a one-way hash",
        "the address (IP) of the device and the identification of its browser (user agent)",
        "never the IP address",
        # Visit, the 30-minute rule, duration.
        "less than 30 minutes after the previous one. A gap of 30 minutes or more starts a new "
        "visit.",
        "a visit of a single page view lasts 0 seconds",
        "The average visit time of a period is the sum of the times of its visits divided by "
        "the number of visits.",
        # Unique visitors, sections, devices, cities, registry share, periods.
        "the different visitor keys among its visits",
        "a percentage of the page views",
        "a computer (desktop), a phone (mobile) or a tablet",
        "a database of address locations (GeoIP2)",
        "from a phone or a tablet",
        "Europe/Madrid",
        # Retention, and no cookie.
        "Each page view is kept for 90 days.",
        "The figures of any period are the same before and after.",
        "Counting visits sets no cookie on your device and stores no IP address.",
    ):
        assert phrase in text, phrase
    for label in Section.labels:
        assert str(label) in text


def test_it_says_which_salt_period_is_in_force(client, db, url, settings):
    settings.STATS_SALT_PERIOD = "day"
    text = main_text(client.get(url))
    assert "a new salt is created every day (Europe/Madrid time)" in text
    assert "over several days the same person counts once a day" in text
    assert "every month" not in text

    settings.STATS_SALT_PERIOD = "month"
    text = main_text(client.get(url))
    assert "a new salt is created every month (Europe/Madrid time)" in text
    assert "over several months the same person counts once a month" in text
    assert "every day" not in text


def test_it_says_when_there_is_no_city_database(client, db, url, settings):
    settings.GEOIP_PATH = ""
    assert 'every visit is counted in the city "Unknown"' in main_text(client.get(url))
    settings.GEOIP_PATH = "/srv/geoip/GeoLite2-City.mmdb"
    assert 'counted in the city "Unknown"' not in main_text(client.get(url))


def test_it_links_the_cookies_and_privacy_pages(client, db, url):
    html = client.get(url).content.decode()
    assert f'href="{reverse("corporativa:cookies")}"' in html
    assert f'href="{reverse("corporativa:privacy")}"' in html


def test_it_states_the_retention_setting(client, db, url, settings):
    settings.STATS_RETENTION_DAYS = 30
    text = main_text(client.get(url))
    assert "Each page view is kept for 30 days." in text
    assert "kept for 90 days" not in text
