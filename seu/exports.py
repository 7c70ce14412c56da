"""Open data, written once: the absolute links, the JSON and CSV files of every list.

A section says what one row holds (`tauler.data`, `convocatories.data`); this
module writes the rows out, streamed as they are read, so that a long archive
costs neither the memory of the whole list nor the wait for it:

- JSON: `{"generated": <ISO 8601>, "count": <rows>, <key>: [<row>, ...]}`;
- CSV: a header of the field names, then one CRLF-ended line per row, each
  cell written by `seu.csvcells.csv_cell` (lists and dicts as JSON, text that
  a spreadsheet would run as a formula made inert). No byte-order mark.
"""

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.utils import timezone

from seu.csvcells import csv_cell

JSON_CONTENT_TYPE = "application/json"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def base_url(request) -> str:
    """The seu's address as this request reached it, with no slash at the end:
    what the absolute links of feeds, calendars, mails and open data start with."""
    return request.build_absolute_uri("/").rstrip("/")


def local_iso(value: datetime | None) -> str | None:
    """ISO 8601 with the offset of the official time (Europe/Madrid), as the pages show it."""
    return timezone.localtime(value).isoformat() if value is not None else None


def named(obj) -> dict:
    """A category, a department or a topic in open data: its slug and its name."""
    return {"slug": obj.slug, "name": obj.name}


def document_data(document, *, base_url: str) -> dict:
    """A published file (a notice's or a call's) in open data."""
    return {
        "title": document.title,
        "size": document.size,
        "sha256": document.sha256,
        "url": base_url + document.get_absolute_url(),
    }


# --- JSON ---------------------------------------------------------------------------------


def json_chunks(
    rows: Iterable[dict], *, key: str, count: int, generated: datetime
) -> Iterator[str]:
    """The JSON envelope of a list, one row at a time."""
    yield f'{{"generated": {json.dumps(local_iso(generated))}, "count": {count}, "{key}": ['
    for n, row in enumerate(rows):
        yield ("," if n else "") + json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder)
    yield "]}"


def json_response(
    rows: Iterable[dict],
    *,
    key: str,
    count: int,
    generated: datetime,
    filename: str | None = None,
) -> StreamingHttpResponse:
    """A list as a streamed JSON document; `filename` names it for a browser that keeps it."""
    response = StreamingHttpResponse(
        json_chunks(rows, key=key, count=count, generated=generated),
        content_type=JSON_CONTENT_TYPE,
    )
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- CSV ----------------------------------------------------------------------------------


class _Echo:
    """A file whose write() gives the line back: csv.writer then writes one line at a time."""

    def write(self, value):
        return value


def csv_lines(rows: Iterable[Sequence]) -> Iterator[str]:
    """Each row, a sequence of cells as they are to be written, as one CSV line."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    for row in rows:
        yield writer.writerow(row)


def csv_table(rows: Iterable[dict], fields: Sequence[str]) -> Iterator[list[str]]:
    """The header, then each row's `fields` as guarded cells."""
    yield list(fields)
    for row in rows:
        yield [csv_cell(row[field]) for field in fields]


def csv_response(lines: Iterable[Sequence], *, filename: str) -> StreamingHttpResponse:
    """Rows of cells (`csv_table`'s, or a file's own layout) as a streamed CSV attachment."""
    response = StreamingHttpResponse(csv_lines(lines), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
