"""A member of the statistics staff reads the figures of a period and downloads them."""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone, translation
from django.utils.formats import number_format

from corporativa.business_days import official_today
from estadistiques.demo import seed_pageviews
from estadistiques.reports import build_report
from tests.accounts.factories import UserFactory
from tests.browser.conftest import MOBILE, assert_accessible, assert_fits

PASSWORD = "statistics-are-not-secrets-2026"


def figures(page) -> list[str]:
    return [text.strip() for text in page.locator("dl.stats-figures dd").all_inner_texts()]


def show(page):
    page.locator("form.stats-period button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [None, MOBILE], ids=["desktop", "375px"])
def test_statistics_staff_pick_periods_and_download_the_csv(live_server, page, viewport):
    width = (viewport or {"width": 1280})["width"]
    if viewport:
        page.set_viewport_size(viewport)
    seed_pageviews(days=45)
    user = UserFactory(email="estadistiques@mollet.example", is_staff=True, password=PASSWORD)
    # get_or_create: a transactional test before this one flushed the migrated groups.
    user.groups.add(Group.objects.get_or_create(name="Estadístiques")[0])
    base = live_server.url

    # Log in, then reach the dashboard from the back office's index.
    page.goto(f"{base}/ca/compte/entrar/")
    page.fill("#id_email", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{base}/gestio/")
    page.locator("#statistics-dashboard-module th a").click()
    page.wait_for_url(re.compile(r".*/ca/estadistiques/tauler-de-control/$"))
    assert page.locator("h1").count() == 1
    assert page.locator("svg[role=img]").count() == 4
    assert_accessible(page)
    assert_fits(page, width)

    # Last 30 days: the figures are build_report's, written the Catalan way.
    page.check("input[name=periode][value='30-dies']")
    show(page)
    assert "periode=30-dies" in page.url
    today = official_today()
    report = build_report(today - timedelta(days=29), today)
    assert report["visits"] > 100
    with translation.override("ca"):
        expected = [number_format(report[key], force_grouping=True)
                    for key in ("unique_visitors", "visits", "pageviews")]  # fmt: skip
    assert figures(page)[:3] == expected
    assert page.locator("svg[role=img] title").count() == 4
    assert page.locator("table caption").count() >= 7
    assert_accessible(page)
    assert_fits(page, width)

    # A wrong custom period: the reason is shown and no figures.
    page.check("input[name=periode][value='personalitzat']")
    page.fill("#id_inici", (today - timedelta(days=3)).isoformat())
    page.fill("#id_fi", (today - timedelta(days=10)).isoformat())
    show(page)
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_fi").get_attribute("aria-invalid") == "true"
    assert page.locator("dl.stats-figures").count() == 0
    assert_accessible(page)
    assert_fits(page, width)

    # A custom period of one week.
    since, until = today - timedelta(days=13), today - timedelta(days=7)
    page.fill("#id_inici", since.isoformat())
    page.fill("#id_fi", until.isoformat())
    show(page)
    assert page.locator(".error-summary").count() == 0
    report = build_report(since, until)
    with translation.override("ca"):
        assert figures(page)[1] == number_format(report["visits"], force_grouping=True)
    assert_accessible(page)
    assert_fits(page, width)

    # The CSV of that week.
    with page.expect_download() as download_info:
        page.locator("a[href*='/tauler-de-control/csv/']").click()
    download = download_info.value
    assert download.suggested_filename == f"estadistiques-{since}-{until}.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows[0] == ["metric", "value"]
    assert ["visits", str(report["visits"])] in rows
    assert ["pageviews", str(report["pageviews"])] in rows


@pytest.mark.django_db(transaction=True)
def test_the_definitions_page_is_public_and_accessible(live_server, page):
    page.goto(f"{live_server.url}/ca/estadistiques/definicions/")
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    page.set_viewport_size(MOBILE)
    assert_fits(page, MOBILE["width"])
    assert page.context.cookies() == []


@pytest.mark.django_db(transaction=True)
def test_a_citizen_is_refused_the_dashboard(live_server, page):
    UserFactory(email="marta@example.cat", password=PASSWORD, email_verified_at=timezone.now())
    page.goto(f"{live_server.url}/ca/estadistiques/tauler-de-control/")
    page.wait_for_url(re.compile(r".*/compte/entrar/\?next=.*"))
    page.fill("#id_email", "marta@example.cat")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    assert page.locator("dl.stats-figures").count() == 0
    assert_accessible(page)
