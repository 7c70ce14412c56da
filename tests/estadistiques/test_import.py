"""stats_import_log: known answers on a sample log, idempotence, and live-versus-import equality."""

import gzip
import io
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from estadistiques.importer import Importer, parse_line
from estadistiques.models import ImportedFile, PageView, Salt
from estadistiques.reports import build_report
from tests.estadistiques.traffic import REPLAY, log_line, madrid

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "sample.log"
SAMPLE_GZ = DATA / "sample.log.gz"
DAY = date(2025, 3, 10)
NEXT = date(2025, 3, 11)


def run(*files, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("stats_import_log", *map(str, files), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


SAMPLE_DAY_REPORT = {
    "since": "2025-03-10",
    "until": "2025-03-10",
    "salt_period": "day",
    "unique_visitors": 3,
    "visits": 4,
    "pageviews": 8,
    "avg_visit_seconds": 1199.5,
    "visits_by_month": {"2025-03": 4},
    "section_share": {
        "home": 25.0,
        "tauler": 25.0,
        "tramits": 25.0,
        "convocatories": 12.5,
        "corporate": 12.5,
    },
    "device_share": {"desktop": 50.0, "mobile": 25.0, "tablet": 25.0},
    "city_share": {"unknown": 100.0},
    "mobile_registry_share": 0.0,
    "registry_entries": 0,
    "top_pages": [
        ["/ca/", 1],
        ["/ca/informacio/", 1],
        ["/ca/tauler/", 1],
        ["/ca/tramits/", 1],
        ["/ca/tramits/certificat-empadronament/", 1],
        ["/en/", 1],
        ["/es/convocatories/", 1],
        ["/es/tauler/arxiu/", 1],
    ],
    "top_referrers": [["t.co", 1], ["www.bing.com", 1], ["www.google.com", 1]],
    "top_cities": [["unknown", 4]],
}


@pytest.mark.parametrize("sample", [SAMPLE, SAMPLE_GZ])
def test_the_sample_log_gives_the_known_answers(sample):
    out, err = run(sample)
    assert "22 lines read, 9 page views added, 12 lines that are not page views, 1 malformed" in out
    assert build_report(DAY, DAY) == SAMPLE_DAY_REPORT
    both = build_report(DAY, NEXT)
    assert (both["visits"], both["unique_visitors"], both["pageviews"]) == (5, 4, 9)
    assert both["avg_visit_seconds"] == 959.6


def test_the_sample_with_a_monthly_salt_keeps_the_visit_across_midnight(settings):
    settings.STATS_SALT_PERIOD = "month"
    run(SAMPLE)
    day = build_report(DAY, DAY)
    assert (day["visits"], day["unique_visitors"], day["avg_visit_seconds"]) == (4, 3, 1499.5)
    assert build_report(NEXT, NEXT)["visits"] == 0


def test_the_progress_bar_goes_to_stderr():
    out, err = run(SAMPLE)
    assert "sample.log" in err and "100%" in err
    assert "100%" not in out
    _out, quiet = run(SAMPLE_GZ, no_progress=True)
    assert quiet == ""


def test_importing_the_same_log_twice_adds_nothing():
    run(SAMPLE)
    out, _err = run(SAMPLE)
    assert PageView.objects.count() == 9
    assert "0 lines read, 0 page views added" in out
    assert "22 lines already imported before" in out
    assert build_report(DAY, DAY) == SAMPLE_DAY_REPORT


def test_a_rotated_and_gzipped_log_is_recognised():
    run(SAMPLE, SAMPLE_GZ)
    assert PageView.objects.count() == 9
    assert ImportedFile.objects.count() == 1


def test_a_grown_log_adds_only_its_new_lines(tmp_path):
    # Imported at the end of 10 March (with an unfinished line being written),
    # then again once it holds the 11th too.
    lines = SAMPLE.read_bytes().splitlines(keepends=True)
    log = tmp_path / "access.log"
    log.write_bytes(b"".join(lines[:21]) + lines[21][:20])
    out, _err = run(log)
    assert "21 lines read" in out and "unfinished last line" in out
    log.write_bytes(b"".join(lines))
    out, _err = run(log)
    assert "1 lines read" in out and "21 lines already imported before" in out
    assert build_report(DAY, DAY) == SAMPLE_DAY_REPORT
    assert build_report(DAY, NEXT)["pageviews"] == 9
    record = ImportedFile.objects.get()
    assert (record.lines, record.pageviews, record.skipped, record.malformed) == (22, 9, 12, 1)


def test_a_past_day_split_between_two_runs_counts_each_view_once(tmp_path):
    # Each run has its own salt for a past day (see estadistiques.importer), so
    # visits may split, but no page view is counted twice.
    lines = SAMPLE.read_bytes().splitlines(keepends=True)
    log = tmp_path / "access.log"
    log.write_bytes(b"".join(lines[:10]))
    run(log)
    log.write_bytes(b"".join(lines))
    run(log)
    day = build_report(DAY, DAY)
    assert day["pageviews"] == SAMPLE_DAY_REPORT["pageviews"]
    assert day["section_share"] == SAMPLE_DAY_REPORT["section_share"]
    assert day["top_pages"] == SAMPLE_DAY_REPORT["top_pages"]


def test_a_log_that_differs_from_the_imported_one_is_refused(tmp_path):
    run(SAMPLE)
    changed = tmp_path / "access.log"
    lines = SAMPLE.read_bytes().splitlines(keepends=True)
    lines[5] = lines[5].replace(b"informacio", b"privacitat")
    changed.write_bytes(b"".join(lines))
    with pytest.raises(CommandError, match="1 file"):
        run(changed)
    assert PageView.objects.count() == 9


def test_missing_and_broken_files_are_reported_and_the_others_imported(tmp_path):
    broken = tmp_path / "broken.log.gz"
    broken.write_bytes(b"\x1f\x8bnot really gzip")
    out = io.StringIO()
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 file"):
        call_command(
            "stats_import_log",
            str(tmp_path / "missing.log"),
            str(broken),
            str(SAMPLE),
            stdout=out,
            stderr=err,
            no_progress=True,
        )
    assert "missing.log: cannot read it" in err.getvalue()
    assert "broken.log.gz: cannot read it" in err.getvalue()
    assert PageView.objects.count() == 9


def test_no_salt_of_a_past_day_is_stored_by_the_import():
    run(SAMPLE)
    assert not Salt.objects.exists()


def test_todays_lines_use_the_live_salt(tmp_path):
    from django.utils import timezone

    from estadistiques.visitors import salt_for, visitor_key

    now = timezone.now().replace(microsecond=0)
    line = log_line(
        ip="192.0.2.44",
        when=now - timedelta(seconds=5),
        method="GET",
        target="/ca/",
        status=200,
        referrer="",
        agent="Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    )
    log = tmp_path / "today.log"
    log.write_text(line + "\n")
    run(log)
    expected = visitor_key(salt_for(timezone.now()), "192.0.2.44", parse_line(line).user_agent)
    if PageView.objects.get().time.astimezone().date() == timezone.localdate():
        assert PageView.objects.get().visitor_key == expected


def test_lines_are_parsed_with_escapes_and_absolute_targets():
    entry = parse_line(
        '2001:db8::1 - - [30/Mar/2025:03:15:00 +0200] "GET http://seu.example/ca/tramits/'
        '?q=padr%C3%B3 HTTP/1.1" 200 10 "-" "Mozilla/5.0 \\"quoted\\" \\xC3\\xA9"'
    )
    assert entry.path == "/ca/tramits/" and entry.query == "q=padr%C3%B3"
    assert entry.user_agent == 'Mozilla/5.0 "quoted" é'
    assert entry.time == madrid(30, 3, 15)
    assert parse_line('192.0.2.1 - - [10/Mar/2025:09:00:00 +0100] "-" 400 0 "-" "-"').method == "-"
    assert parse_line("garbage") is None
    assert parse_line('192.0.2.1 - - [99/Xyz/2025:09:00:00 +0100] "GET / HTTP/1.1" 200 0') is None


def test_percent_encoded_paths_are_stored_as_live_recording_stores_them(tmp_path):
    line = log_line(
        ip="192.0.2.1",
        when=madrid(10, 9, 0),
        method="GET",
        target="/ca/tramits/certificat-d%C3%A0lta/",
        status=200,
        referrer="",
        agent="Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    )
    log = tmp_path / "a.log"
    log.write_text(line + "\n")
    run(log)
    assert PageView.objects.get().path == "/ca/tramits/certificat-dàlta/"


# --- Live versus import ------------------------------------------------------------


def replay_live(client, clock):
    """Send REPLAY through the site at its times; return the log nginx would have written."""
    lines = []
    for ip, when, method, target, referrer, agent in REPLAY:
        clock.now = when
        extra = {"REMOTE_ADDR": ip, "HTTP_USER_AGENT": agent}
        if referrer:
            extra["HTTP_REFERER"] = referrer
        response = client.generic(method, target, **extra)
        lines.append(
            log_line(
                ip=ip,
                when=when,
                method=method,
                target=target,
                status=response.status_code,
                referrer=referrer,
                agent=agent,
            )
        )
    return "\n".join(lines) + "\n"


PERIODS = [(DAY, DAY), (NEXT, NEXT), (DAY, NEXT), (date(2025, 3, 1), date(2025, 3, 31))]


@pytest.mark.parametrize("salt_period", ["day", "month"])
def test_live_recording_and_the_import_of_its_log_give_the_same_report(
    client, clock, settings, tmp_path, salt_period
):
    settings.STATS_SALT_PERIOD = salt_period
    log_text = replay_live(client, clock)
    live = [build_report(since, until) for since, until in PERIODS]
    assert live[0]["pageviews"] > 5 and live[0]["visits"] > 3  # the sample is not trivial
    PageView.objects.all().delete()

    log = tmp_path / "access.log.gz"
    with gzip.open(log, "wt") as handle:
        handle.write(log_text)
    run(log)
    imported = [build_report(since, until) for since, until in PERIODS]
    assert imported == live


def test_the_importer_can_be_used_without_the_command(tmp_path):
    copy = tmp_path / "copy.log"
    shutil.copy(SAMPLE, copy)
    importer = Importer(now=madrid(1, 0, 0, month=6))
    result = importer.import_file(copy)
    importer.forget_salts()
    assert (result.lines, result.pageviews, result.error) == (22, 9, "")
