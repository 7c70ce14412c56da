"""One way to write a cell of every CSV file the seu gives out.

The board's and the calls' exports carry titles staff wrote, and the statistics
carry referrer domains from request headers. A spreadsheet runs a cell that
starts with = + - @ (or a tab or carriage return before one) as a formula, such
as =HYPERLINK(...) pointing anywhere: such text gets a leading apostrophe, which
spreadsheets show as text and do not display (OWASP's "CSV injection").
"""

import json

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """`value` as the text of one CSV cell: empty for None, true/false, lists and
    dicts as JSON (as in the JSON exports), numbers as they are, and text that a
    spreadsheet would run as a formula made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
