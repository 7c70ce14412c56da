"""The staff statistics dashboard: who may see it, the period picker, the figures, the CSV."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from estadistiques import views
from estadistiques.choices import Device
from estadistiques.models import PageView
from estadistiques.periods import MAX_DAYS, Period, Preset, months_before, preset_period
from estadistiques.reports import build_report
from estadistiques.sections import section_for_path
from tests.accounts.factories import UserFactory
from tests.estadistiques.traffic import MADRID

# The frozen "now" of these tests: Friday 15 May 2026, 12:00 in Madrid.
NOW = datetime(2026, 5, 15, 10, 0, tzinfo=UTC)
TODAY = date(2026, 5, 15)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def statistics_staff(**extra):
    user = UserFactory(is_staff=True, **extra)
    user.groups.add(group(views.STATISTICS_GROUP))
    return user


def group(name):
    # A transactional test that ran before may have flushed the migrated groups.
    return Group.objects.get_or_create(name=name)[0]


@pytest.fixture
def stats_client(client, db, frozen):
    client.force_login(statistics_staff(email="estadistiques@mollet.example"))
    return client


def dashboard_url(**params):
    url = reverse("estadistiques:dashboard")
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def csv_url(**params):
    return dashboard_url(**params).replace(
        reverse("estadistiques:dashboard"), reverse("estadistiques:dashboard-csv")
    )


def view(when, key, path, *, device=Device.DESKTOP, city="Mollet del Vallès", referrer=""):
    return PageView.objects.create(
        time=when,
        path=path,
        section=section_for_path(path),
        device=device,
        visitor_key=key if len(key) == 32 else key * 32,
        referrer=referrer,
        city=city,
        country="ES",
    )


def at(month, day, hour, minute=0):
    return datetime(2026, month, day, hour, minute, tzinfo=MADRID)


@pytest.fixture
def traffic(db):
    """Four visits in the last 30 days (one in April), one visit in March.

    a: 4 May 10:00, 10:05, 10:20 (a visit of 20 minutes from google.com),
       then 12:00 (more than 30 minutes later: a second visit, 0 s);
    b: 10 May, one page from a phone in Granollers (0 s);
    c: 20 April 18:00 and 18:10 from a tablet, city unknown (10 minutes);
    d: 1 March, outside the last 30 days.
    """
    view(at(5, 4, 10), "a", "/ca/", referrer="www.google.com")
    view(at(5, 4, 10, 5), "a", "/ca/tramits/")
    view(at(5, 4, 10, 20), "a", "/ca/tauler/")
    view(at(5, 4, 12), "a", "/ca/tramits/")
    view(at(5, 10, 9), "b", "/ca/tramits/certificat-empadronament/", device=Device.MOBILE,
         city="Granollers")  # fmt: skip
    view(at(4, 20, 18), "c", "/ca/convocatories/", device=Device.TABLET, city="unknown")
    view(at(4, 20, 18, 10), "c", "/ca/convocatories/", device=Device.TABLET, city="unknown")
    view(at(3, 1, 11), "d", "/es/", referrer="www.mollet.cat")


def main_text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


# --- Who may see it ---------------------------------------------------------------------


@pytest.mark.parametrize("url", [dashboard_url, csv_url])
def test_anonymous_visitor_is_sent_to_log_in(client, db, url):
    response = client.get(url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]


def _user(kind):
    if kind == "citizen":
        return UserFactory()
    if kind == "staff without group":
        return UserFactory(is_staff=True)
    if kind == "notice board staff":
        user = UserFactory(is_staff=True)
        user.groups.add(group("Tauler"))
        return user
    if kind == "group member who is not staff":
        user = UserFactory(is_staff=False)
        user.groups.add(group(views.STATISTICS_GROUP))
        return user
    if kind == "inactive statistics staff":
        return statistics_staff(is_active=False)
    raise ValueError(kind)


@pytest.mark.parametrize("url", [dashboard_url, csv_url])
@pytest.mark.parametrize(
    "kind",
    [
        "citizen",
        "staff without group",
        "notice board staff",
        "group member who is not staff",
    ],
)
def test_users_outside_the_statistics_group_are_refused(client, db, url, kind):
    client.force_login(_user(kind))
    response = client.get(url())
    assert response.status_code == 403
    assert "You cannot see the usage statistics" in main_text(response)
    assert "Estadístiques" in main_text(response)


def test_inactive_staff_cannot_see_statistics(db):
    assert not views.can_see_statistics(_user("inactive statistics staff"))


@pytest.mark.parametrize("url", [dashboard_url, csv_url])
def test_statistics_staff_and_superusers_get_in(client, db, frozen, url):
    for user in (statistics_staff(), UserFactory(is_staff=True, is_superuser=True)):
        client.force_login(user)
        assert client.get(url()).status_code == 200


def test_back_office_index_links_the_dashboard_for_statistics_staff_only(client, db):
    client.force_login(statistics_staff())
    response = client.get("/gestio/")
    assert response.status_code == 200
    assert reverse("estadistiques:dashboard") in response.content.decode()

    other = UserFactory(is_staff=True)
    other.groups.add(group("Tauler"))
    client.force_login(other)
    response = client.get("/gestio/")
    assert response.status_code == 200
    assert reverse("estadistiques:dashboard") not in response.content.decode()


# --- Periods ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "preset", "since"),
    [
        (date(2026, 5, 15), Preset.THIS_MONTH, date(2026, 5, 1)),
        (date(2026, 5, 15), Preset.LAST_30_DAYS, date(2026, 4, 16)),
        (date(2026, 5, 15), Preset.LAST_6_MONTHS, date(2025, 12, 1)),
        (date(2026, 5, 15), Preset.THIS_YEAR, date(2026, 1, 1)),
        (date(2026, 3, 1), Preset.LAST_30_DAYS, date(2026, 1, 31)),
        (date(2024, 3, 1), Preset.LAST_30_DAYS, date(2024, 2, 1)),  # a leap year
        (date(2026, 1, 1), Preset.THIS_MONTH, date(2026, 1, 1)),
        (date(2026, 1, 1), Preset.THIS_YEAR, date(2026, 1, 1)),
        (date(2026, 1, 31), Preset.LAST_6_MONTHS, date(2025, 8, 1)),
        (date(2026, 6, 30), Preset.LAST_6_MONTHS, date(2026, 1, 1)),
    ],
)
def test_presets_end_today_and_start_where_they_say(today, preset, since):
    period = preset_period(preset, today=today)
    assert (period.since, period.until) == (since, today)
    assert period.preset == preset


def test_last_30_days_are_30_days_and_last_6_months_six_months():
    assert preset_period(Preset.LAST_30_DAYS, today=TODAY).days == 30
    assert preset_period(Preset.LAST_6_MONTHS, today=TODAY).months() == [
        "2025-12",
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
    ]
    assert months_before(date(2026, 2, 28), 14) == date(2024, 12, 1)


def test_custom_is_not_a_preset():
    with pytest.raises(ValueError):
        preset_period(Preset.CUSTOM, today=TODAY)


def test_dashboard_defaults_to_the_last_30_days(stats_client):
    response = stats_client.get(dashboard_url())
    assert response.context["period"] == Period(date(2026, 4, 16), TODAY, Preset.LAST_30_DAYS)
    assert 'value="30-dies" id="id_periode_1" checked' in response.content.decode()


@pytest.mark.parametrize(
    ("preset", "since"),
    [
        ("aquest-mes", date(2026, 5, 1)),
        ("30-dies", date(2026, 4, 16)),
        ("6-mesos", date(2025, 12, 1)),
        ("aquest-any", date(2026, 1, 1)),
    ],
)
def test_dashboard_presets(stats_client, preset, since):
    response = stats_client.get(dashboard_url(periode=preset))
    assert response.status_code == 200
    period = response.context["period"]
    assert (period.since, period.until) == (since, TODAY)


def test_today_is_the_date_in_madrid(client, db, monkeypatch):
    """At 23:30 UTC on New Year's Eve it is already 1 January in Madrid."""
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    client.force_login(statistics_staff())
    period = client.get(dashboard_url(periode="aquest-any")).context["period"]
    assert (period.since, period.until) == (date(2027, 1, 1), date(2027, 1, 1))


def test_custom_period(stats_client, traffic):
    response = stats_client.get(
        dashboard_url(periode="personalitzat", inici="2026-05-04", fi="2026-05-04")
    )
    assert response.status_code == 200
    period = response.context["period"]
    assert (period.since, period.until, period.preset) == (
        date(2026, 5, 4),
        date(2026, 5, 4),
        "personalitzat",
    )
    report = response.context["report"]
    assert (report["visits"], report["unique_visitors"], report["pageviews"]) == (2, 1, 4)
    html = response.content.decode()
    assert 'value="2026-05-04"' in html  # the dates stay in the form


def test_custom_period_accepts_day_month_year(stats_client):
    response = stats_client.get(
        dashboard_url(periode="personalitzat", inici="01/05/2026", fi="15/05/2026")
    )
    assert response.context["period"] == Period(date(2026, 5, 1), TODAY, Preset.CUSTOM)


def test_a_custom_period_up_to_the_longest_allowed_is_fine(stats_client):
    since = TODAY - timedelta(days=MAX_DAYS - 1)
    response = stats_client.get(dashboard_url(periode="personalitzat", inici=since, fi=TODAY))
    assert response.context["period"].days == MAX_DAYS


def test_a_preset_ignores_the_dates(stats_client):
    response = stats_client.get(
        dashboard_url(periode="aquest-mes", inici="nonsense", fi="2099-01-01")
    )
    assert response.context["period"] == Period(date(2026, 5, 1), TODAY, Preset.THIS_MONTH)
    assert not response.context["form"].errors


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"periode": "ahir"}, "periode", "Choose one of the periods offered."),
        ({"periode": "personalitzat", "fi": "2026-05-10"}, "inici", "Give the first day of the custom period."),
        ({"periode": "personalitzat", "inici": "2026-05-01"}, "fi", "Give the last day of the custom period."),
        ({"periode": "personalitzat", "inici": "2026-02-30", "fi": "2026-05-10"}, "inici", "Write the first day as a date, such as 2026-05-01."),
        ({"periode": "personalitzat", "inici": "2026-05-01", "fi": "demà"}, "fi", "Write the last day as a date, such as 2026-05-31."),
        ({"periode": "personalitzat", "inici": "2026-05-10", "fi": "2026-05-01"}, "fi", "The last day cannot be before the first day (05/10/2026)."),
        ({"periode": "personalitzat", "inici": "2026-05-01", "fi": "2026-05-16"}, "fi", "The last day cannot be after today (05/15/2026)."),
        ({"periode": "personalitzat", "inici": "2026-06-01", "fi": "2026-06-02"}, "inici", "The first day cannot be after today (05/15/2026)."),
        (
            {"periode": "personalitzat", "inici": "2023-05-14", "fi": "2026-05-15"},
            "inici",
            "The period can be at most 1096 days long (three years): for a period ending on 05/15/2026, choose 05/16/2023 or later.",
        ),
    ],
)  # fmt: skip
def test_a_wrong_period_says_why_and_shows_no_figures(
    stats_client, monkeypatch, params, field, message
):
    def must_not_run(*args, **kwargs):
        raise AssertionError("no report for a wrong period")

    monkeypatch.setattr(views, "build_report", must_not_run)
    response = stats_client.get(dashboard_url(**params))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] == [message]
    assert "period" not in response.context and "report" not in response.context
    text = main_text(response)
    assert "There is a problem" in text and message in text
    assert "Correct the period to see the figures." in text
    assert reverse("estadistiques:dashboard-csv") not in response.content.decode()


def test_csv_of_a_wrong_period_is_refused_with_the_reason(stats_client):
    response = stats_client.get(
        csv_url(periode="personalitzat", inici="2026-05-10", fi="2026-05-01")
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "The last day cannot be before the first day" in response.content.decode()


# --- Figures ---------------------------------------------------------------------------


def test_figures_are_those_of_build_report(stats_client, traffic):
    response = stats_client.get(dashboard_url(periode="30-dies"))
    report = response.context["report"]
    assert report == build_report(date(2026, 4, 16), TODAY, top=views.TOP_ROWS)
    # The known answers for the seeded traffic.
    assert report["visits"] == 4
    assert report["unique_visitors"] == 3
    assert report["pageviews"] == 7
    assert report["avg_visit_seconds"] == 450.0  # (1200 + 0 + 0 + 600) / 4
    assert report["visits_by_month"] == {"2026-04": 1, "2026-05": 3}

    text = main_text(response)
    assert "From April 16, 2026 to May 15, 2026" in text
    assert "30 days, both ends included." in text
    assert "Unique visitors 3 Visits 4 Page views 7 Average visit time 7 min 30 s" in text
    assert "Registry entries made from a phone or tablet 0.0 %" in text
    assert "a person who comes back on another day counts as a new visitor" in text
    # Tables beside the charts.
    assert "Apr 2026 1 May 2026 3" in text
    assert "Procedures 42.9 %" in text  # 3 of the 7 page views
    assert "Desktop 50.0 % Mobile 25.0 % Tablet 25.0 %" in text
    assert "Mollet del Vallès 50.0 %" in text and "Unknown 25.0 %" in text
    # Top lists.
    assert "/ca/tramits/ 2" in text
    assert "www.google.com 1" in text
    assert "Granollers 1" in text
    assert "/es/" not in text  # visitor d's page, in March


def test_months_without_visits_are_shown_as_zero(stats_client, traffic):
    response = stats_client.get(dashboard_url(periode="6-mesos"))
    months = [(row["key"], row["visits"]) for row in response.context["months"]]
    assert months == [
        ("2025-12", 0),
        ("2026-01", 0),
        ("2026-02", 0),
        ("2026-03", 1),
        ("2026-04", 1),
        ("2026-05", 3),
    ]


def test_salt_period_in_force_is_said_in_plain_words(stats_client, settings):
    settings.STATS_SALT_PERIOD = "month"
    text = main_text(stats_client.get(dashboard_url()))
    assert "Visitor keys change every month" in text


def test_an_empty_period_says_so(stats_client):
    text = main_text(stats_client.get(dashboard_url()))
    assert "No page view was recorded in this period." in text
    assert "Unique visitors 0 Visits 0 Page views 0 Average visit time 0 min 0 s" in text


def test_many_cities_end_in_one_row_for_the_rest(stats_client):
    for number in range(25):
        view(at(5, 2, 9), f"{number:032x}", "/ca/", city=f"City {number:02d}")
    shares = stats_client.get(dashboard_url()).context["shares"]["cities"]
    assert len(shares) == views.TOP_ROWS
    assert shares[-1]["label"] == "Other cities"
    assert sum(row["value"] for row in shares) == pytest.approx(100, abs=0.5)


def test_duration_words():
    assert views.duration_words(0) == "0 min 0 s"
    assert views.duration_words(59.6) == "1 min 0 s"
    assert views.duration_words(450) == "7 min 30 s"
    assert views.duration_words(3725) == "62 min 5 s"


def test_charts_are_well_formed_svg_each_with_a_table_beside_it(stats_client, traffic):
    html = stats_client.get(dashboard_url(periode="6-mesos")).content.decode()
    charts = re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)
    assert len(charts) == 4
    ids = set()
    for svg in charts:
        root = ET.fromstring(svg)
        assert root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby").split()
        ids |= {title_id, desc_id}
        assert root.find("{http://www.w3.org/2000/svg}title").text
        assert root.find("{http://www.w3.org/2000/svg}desc").text
        assert 'style="' not in svg
    assert len(ids) == 8  # ids are unique on the page
    # Each chart is followed by its table, with a caption.
    assert len(re.findall(r"</svg>\s*<table>\s*<caption>[^<]+</caption>", html)) == 4
    assert "style=" not in html[html.index("<main") :]
    assert "<script" not in html


def test_dashboard_query_count_does_not_grow_with_traffic(
    stats_client, traffic, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        stats_client.get(dashboard_url(periode="aquest-any"))
    for number in range(60):
        view(at(5, 12, 8) + timedelta(minutes=7 * number), "e", "/ca/tauler/")
        view(at(5, 13, 8) + timedelta(minutes=45 * number), "f", f"/ca/tramits/{number}/")
    with django_assert_max_num_queries(12):
        stats_client.get(dashboard_url(periode="aquest-any"))


def test_dashboard_sets_no_caching(stats_client):
    response = stats_client.get(dashboard_url())
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


# --- CSV -------------------------------------------------------------------------------


def csv_sections(content: str) -> list[list[list[str]]]:
    sections, current = [], []
    for row in csv.reader(io.StringIO(content)):
        if not row:
            sections.append(current)
            current = []
        else:
            current.append(row)
    sections.append(current)
    return sections


def test_csv_has_the_figures_of_the_period(stats_client, traffic):
    response = stats_client.get(csv_url(periode="30-dies"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="estadistiques-2026-04-16-2026-05-15.csv"'
    )
    summary, months, sections, devices, cities, pages, referrers, top_cities = csv_sections(
        b"".join(response.streaming_content).decode()
    )
    assert summary == [
        ["metric", "value"],
        ["since", "2026-04-16"],
        ["until", "2026-05-15"],
        ["salt_period", "day"],
        ["unique_visitors", "3"],
        ["visits", "4"],
        ["pageviews", "7"],
        ["avg_visit_seconds", "450.0"],
        ["mobile_registry_share", "0.0"],
        ["registry_entries", "0"],
    ]
    assert months == [["month", "visits"], ["2026-04", "1"], ["2026-05", "3"]]
    assert sections == [
        ["section", "pageviews_percent"],
        ["tramits", "42.9"],
        ["convocatories", "28.6"],
        ["home", "14.3"],
        ["tauler", "14.3"],
    ]
    assert devices == [
        ["device", "visits_percent"],
        ["desktop", "50.0"],
        ["mobile", "25.0"],
        ["tablet", "25.0"],
    ]
    assert cities[0] == ["city", "visits_percent"] and ["Granollers", "25.0"] in cities
    assert pages[0] == ["page", "pageviews"] and pages[1] == ["/ca/convocatories/", "2"]
    assert referrers == [["referrer", "visits"], ["www.google.com", "1"]]
    assert top_cities[:2] == [["top_city", "visits"], ["Mollet del Vallès", "2"]]


def test_csv_of_a_custom_period_is_named_by_its_dates(stats_client):
    response = stats_client.get(
        csv_url(periode="personalitzat", inici="2026-01-01", fi="2026-03-31")
    )
    assert response["Content-Disposition"].endswith(
        'filename="estadistiques-2026-01-01-2026-03-31.csv"'
    )
    months = csv_sections(b"".join(response.streaming_content).decode())[1]
    assert months == [["month", "visits"], ["2026-01", "0"], ["2026-02", "0"], ["2026-03", "0"]]


def test_dashboard_links_the_csv_of_the_same_period(stats_client):
    html = stats_client.get(
        dashboard_url(periode="personalitzat", inici="2026-01-01", fi="2026-03-31")
    ).content.decode()
    assert (
        reverse("estadistiques:dashboard-csv")
        + "?periode=personalitzat&amp;inici=2026-01-01&amp;fi=2026-03-31"
    ) in html


def test_csv_cells_cannot_become_spreadsheet_formulas(stats_client):
    """A referrer domain comes from a request header: "=cmd" must stay text."""
    view(at(5, 14, 9), "a", "/ca/", referrer="=cmd|' /c calc'!a0")
    view(at(5, 14, 9, 1), "b", "/ca/", referrer="+sum(1)")
    content = b"".join(stats_client.get(csv_url()).streaming_content).decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert ["'=cmd|' /c calc'!a0", "1"] in rows
    assert ["'+sum(1)", "1"] in rows
    assert not any(row and row[0][:1] in "=+-@" for row in rows)


def test_reading_the_dashboard_and_its_csv_records_no_page_view(stats_client, settings):
    settings.STATS_ENABLED = True
    agent = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Firefox/128.0"}
    assert stats_client.get(dashboard_url(), **agent).status_code == 200
    assert stats_client.get(dashboard_url(periode="6-mesos"), **agent).status_code == 200
    assert stats_client.get(csv_url(), **agent).status_code == 200
    assert not PageView.objects.exists()
    # The public page that defines the figures still counts.
    assert stats_client.get(reverse("estadistiques:definitions"), **agent).status_code == 200
    assert PageView.objects.count() == 1
