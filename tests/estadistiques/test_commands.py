"""stats_report: JSON and text output, and bad input."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from estadistiques.reports import REPORT_KEYS
from tests.estadistiques.test_import import SAMPLE, SAMPLE_DAY_REPORT, run

pytestmark = pytest.mark.django_db


def report(*args):
    out = io.StringIO()
    call_command("stats_report", *args, stdout=out)
    return out.getvalue()


def test_json_output_is_one_object_with_the_report_keys():
    run(SAMPLE)
    got = json.loads(report("--since", "2025-03-10", "--until", "2025-03-10", "--format", "json"))
    assert tuple(got) == REPORT_KEYS
    assert got == SAMPLE_DAY_REPORT


def test_text_output_lines_up_the_figures_for_people():
    run(SAMPLE)
    text = report("--since", "2025-03-10", "--until", "2025-03-10", "--format", "text")
    lines = text.splitlines()
    assert lines[0] == (
        "Usage statistics from 2025-03-10 to 2025-03-10 (visitor keys with a day salt)"
    )
    figures = {line.split("  ")[0].strip(): line for line in lines if line[:1] not in ("", " ")}
    assert figures["Unique visitors"].split()[-1] == "3"
    assert figures["Visits"].split()[-1] == "4"
    assert figures["Page views"].split()[-1] == "8"
    assert figures["Average visit"].endswith("20 min 00 s  (1199.5 s)")
    assert figures["Registry from phone/tablet"].endswith("0.0 %  (of 0 entries)")
    assert any(line.startswith("  home ") and line.endswith(" 25.0 %") for line in lines)
    assert any(line.startswith("  www.google.com ") and line.endswith(" 1") for line in lines)
    # Every figure ends in the same column, the long paths of the top pages included.
    ends = {
        len(line)
        for line in lines
        if line.startswith(("Unique visitors ", "Visits  ", "Page views  ", "  /", "  home "))
    }
    assert len(ends) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--since", "2025-13-01", "--until", "2025-12-31"], "--since must be a date"),
        (["--since", "2025-01-01", "--until", "yesterday"], "--until must be a date"),
        (["--since", "2025-02-01", "--until", "2025-01-31"], "must not be before"),
    ],
)
def test_bad_dates_are_refused_with_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        report(*args)
