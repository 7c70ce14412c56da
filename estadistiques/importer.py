"""Import of web-server logs in the combined format (nginx's default, Apache's "combined").

    192.0.2.1 - - [10/Mar/2025:13:55:36 +0100] "GET /ca/tramits/?q=padró HTTP/1.1" 200 5120 "https://www.google.com/" "Mozilla/5.0 ..."

Each line goes through the same rules as live recording (estadistiques.rules:
GET, status 200, a page path, not a bot) and the same code that builds the
row (estadistiques.recording), so a log gives the figures live recording
would have given for the same traffic. A log has no Content-Type: the path
rules stand in for "an HTML page". Fields after the user agent (nginx
configurations often add some) are ignored. The client address is the
line's first field: import the log of the server that faces the visitors.

Salts. The visitor key of a line needs the salt of the line's period, and the
salts of past periods are deleted (that is their point). So the import makes
a fresh random salt for each past period it meets, keeps it in memory for
the whole run, and forgets it at the end: the keys of one period are
consistent within one run, and no salt of the past is ever stored. For the
period still running, the live salt is used, so an import of today's log
agrees with today's live recording. Consequences: give one run every file
that holds lines of the same past day (`stats_import_log access.log*`),
otherwise a visitor whose day is split between two runs counts twice; and do
not import days that were also recorded live.

Idempotence. A log is recognised by the hash of its first line (ImportedFile),
which logrotate's renaming and gzip do not change; the import records how many
lines it has read and the hash of those lines, and the next import of the
same log checks that hash, skips those lines and reads on. So importing a file
twice adds nothing, and importing a log that has grown adds only its new
lines. Lines are committed in chunks together with the count, so an
interrupted import resumes where it stopped. An unfinished last line (no
newline yet) is left for the next import.
"""

import gzip
import hashlib
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import timezone as dt_timezone
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.db import transaction
from django.utils import timezone

from estadistiques import recording
from estadistiques.models import ImportedFile, PageView
from estadistiques.rules import is_bot, is_page_path
from estadistiques.visitors import new_salt, period_bounds, purge_expired, salt_for

CHUNK_LINES = 10_000
BATCH_SIZE = 2_000

LINE_RE = re.compile(
    r'(?P<ip>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<request>(?:[^"\\]|\\.)*)" '
    r"(?P<status>\d{3}) \S+"
    r'(?: "(?P<referrer>(?:[^"\\]|\\.)*)" "(?P<agent>(?:[^"\\]|\\.)*)")?'
)
ESCAPE_RE = re.compile(r"\\x([0-9A-Fa-f]{2})|\\(.)")
MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


class LogError(Exception):
    """A log that cannot be imported; the message says why."""


@lru_cache(maxsize=64)
def _offset(text: str) -> dt_timezone:
    sign = -1 if text[0] == "-" else 1
    return dt_timezone(sign * timedelta(hours=int(text[1:3]), minutes=int(text[3:5])))


def parse_time(text: str) -> datetime:
    """'10/Mar/2025:13:55:36 +0100' as an aware UTC datetime; ValueError if malformed."""
    if len(text) != 26 or text[2] != "/" or text[6] != "/" or text[11] != ":":
        raise ValueError(text)
    moment = datetime(
        int(text[7:11]),
        MONTHS[text[3:6]],
        int(text[0:2]),
        int(text[12:14]),
        int(text[15:17]),
        int(text[18:20]),
        tzinfo=_offset(text[21:26]),
    )
    return moment.astimezone(UTC)


def _unescape(text: str) -> str:
    """Undo the escaping of quoted log fields: nginx writes \\xHH, Apache \\" and \\\\."""
    if "\\" not in text:
        return text
    raw = bytearray()
    position = 0
    for match in ESCAPE_RE.finditer(text):
        raw += text[position : match.start()].encode("utf-8", "surrogateescape")
        if match.group(1):
            raw.append(int(match.group(1), 16))
        else:
            raw += match.group(2).encode("utf-8", "surrogateescape")
        position = match.end()
    raw += text[position:].encode("utf-8", "surrogateescape")
    return raw.decode("utf-8", "replace")


@dataclass
class LogLine:
    time: datetime
    ip: str
    method: str
    path: str
    query: str
    status: str
    referrer: str
    user_agent: str


def parse_line(line: str) -> LogLine | None:
    """The fields of a combined-format line, or None when it is not one."""
    match = LINE_RE.match(line)
    if match is None:
        return None
    try:
        moment = parse_time(match.group("time"))
    except (ValueError, KeyError):
        return None
    parts = _unescape(match.group("request")).split(" ")
    if len(parts) < 2:
        # "-" or a bare garbage request (a scanner's): not a page view anyway.
        method, target = parts[0], ""
    else:
        method, target = parts[0], parts[1]
    if target.startswith(("http://", "https://")):
        split = urlsplit(target)
        target = split.path + (f"?{split.query}" if split.query else "")
    raw_path, _, query = target.partition("?")
    return LogLine(
        time=moment,
        ip=match.group("ip"),
        method=method,
        path=unquote(raw_path, errors="replace"),
        query=query,
        status=match.group("status"),
        referrer=_unescape(match.group("referrer") or ""),
        user_agent=_unescape(match.group("agent") or ""),
    )


@lru_cache(maxsize=4096)
def _is_bot(user_agent: str) -> bool:
    return is_bot(user_agent)


def is_pageview_line(entry: LogLine) -> bool:
    return (
        entry.method == "GET"
        and entry.status == "200"
        and entry.path.startswith("/")
        and is_page_path(entry.path, entry.query)
        and not _is_bot(entry.user_agent)
    )


@dataclass
class FileResult:
    name: str
    lines: int = 0  # lines read in this run
    already: int = 0  # lines skipped because an earlier import read them
    pageviews: int = 0
    skipped: int = 0
    malformed: int = 0
    pending_tail: bool = False  # an unfinished last line was left for later
    error: str = ""


@dataclass
class Importer:
    """Imports log files; one instance is one run (it holds the run's salts of past periods)."""

    own_hosts: list = field(default_factory=list)
    progress: object = None  # called as progress(name, done_bytes, total_bytes, lines)
    now: datetime = field(default_factory=timezone.now)
    salts: dict = field(default_factory=dict)

    def __post_init__(self):
        purge_expired(self.now)
        self.live_period = period_bounds(self.now)[0]
        self.hosts = recording.site_hosts(self.own_hosts)
        self._last_period = None  # (start, end, salt) of the period of the last line

    def salt(self, moment: datetime) -> bytes:
        # Log lines come roughly in order: remember the last period's bounds.
        last = self._last_period
        if last is not None and last[0] <= moment < last[1]:
            return last[2]
        key, start, end = period_bounds(moment)
        if key == self.live_period:
            salt = salt_for(self.now)
        else:
            salt = self.salts.setdefault(key, new_salt())
        self._last_period = (start, end, salt)
        return salt

    def forget_salts(self) -> None:
        self.salts.clear()
        self._last_period = None

    def row(self, entry: LogLine) -> PageView:
        return PageView(
            **recording.pageview_fields(
                time=entry.time,
                path=entry.path,
                ip=entry.ip,
                user_agent=entry.user_agent,
                referrer=entry.referrer,
                salt=self.salt(entry.time),
                own_hosts=self.hosts,
            )
        )

    # --- Files ---------------------------------------------------------------

    def import_file(self, path) -> FileResult:
        path = Path(path)
        result = FileResult(name=str(path))
        try:
            handle, raw, total = _open(path)
        except OSError as exc:
            result.error = f"cannot read it: {exc.strerror or exc}"
            return result
        with handle:
            try:
                self._import(handle, raw, total, result)
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                result.error = f"cannot read it: {exc}"
            except LogError as exc:
                result.error = str(exc)
        return result

    def _import(self, handle, raw, total, result):
        first = handle.readline()
        if not first.endswith(b"\n"):
            result.pending_tail = bool(first)
            return
        first_hash = hashlib.sha256(first).hexdigest()
        prefix = hashlib.sha256()
        record = ImportedFile.objects.filter(first_line_sha256=first_hash).first()
        lines = [first]
        if record is not None:
            prefix.update(first)
            read = 1
            while read < record.lines:
                line = handle.readline()
                if not line.endswith(b"\n"):
                    raise LogError(
                        f"it starts like the log imported as {record.name} but is shorter "
                        f"than the {record.lines} lines already imported: not imported"
                    )
                prefix.update(line)
                read += 1
            if prefix.hexdigest() != record.prefix_sha256:
                raise LogError(
                    f"it starts like the log imported as {record.name} but its first "
                    f"{record.lines} lines differ: not imported"
                )
            result.already = record.lines
            lines = []
        while True:
            while len(lines) < CHUNK_LINES:
                line = handle.readline()
                if not line:
                    break
                if not line.endswith(b"\n"):
                    result.pending_tail = True
                    break
                lines.append(line)
            if not lines:
                break
            record = self._import_chunk(lines, prefix, first_hash, record, result)
            if self.progress:
                self.progress(result.name, raw.tell(), total, result.lines)
            if result.pending_tail or len(lines) < CHUNK_LINES:
                break
            lines = []

    def _import_chunk(self, lines, prefix, first_hash, record, result):
        rows = []
        skipped = malformed = 0
        for line in lines:
            prefix.update(line)
            entry = parse_line(line.decode("utf-8", "replace").rstrip("\r\n"))
            if entry is None:
                malformed += 1
            elif is_pageview_line(entry):
                rows.append(self.row(entry))
            else:
                skipped += 1
        with transaction.atomic():
            if record is None:
                record = ImportedFile.objects.create(
                    first_line_sha256=first_hash,
                    prefix_sha256="",
                    name=result.name[-500:],
                )
            else:
                current = ImportedFile.objects.select_for_update().get(pk=record.pk)
                if current.lines != record.lines:
                    raise LogError("another import of the same log is running: stopped")
            PageView.objects.bulk_create(rows, batch_size=BATCH_SIZE)
            record.lines += len(lines)
            record.prefix_sha256 = prefix.hexdigest()
            record.pageviews += len(rows)
            record.skipped += skipped
            record.malformed += malformed
            record.name = result.name[-500:]
            record.save()
        result.lines += len(lines)
        result.pageviews += len(rows)
        result.skipped += skipped
        result.malformed += malformed
        return record


def _open(path: Path):
    """(line reader, raw file for the position, size in bytes) of a plain or gzipped log."""
    raw = path.open("rb")
    magic = raw.read(2)
    raw.seek(0)
    total = path.stat().st_size
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw, mode="rb"), raw, total
    return raw, raw, total


class ProgressBar:
    """A one-line progress bar on stderr (a line per 10 % when stderr is not a terminal)."""

    WIDTH = 30

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.monotonic()
        self.shown = {}
        self.last_draw = 0.0

    def __call__(self, name, done, total, lines):
        fraction = min(1.0, done / total) if total else 1.0
        now = time.monotonic()
        if self.tty:
            if now - self.last_draw < 0.2 and fraction < 1.0:
                return
            self.last_draw = now
            filled = int(self.WIDTH * fraction)
            bar = "#" * filled + "." * (self.WIDTH - filled)
            self.stream.write(f"\r{Path(name).name} [{bar}] {fraction:4.0%} {lines:,} lines")
            self.stream.flush()
            return
        step = int(fraction * 10)
        if self.shown.get(name, -1) < step:
            self.shown[name] = step
            self.stream.write(f"{Path(name).name}: {fraction:.0%}, {lines:,} lines\n")
            self.stream.flush()

    def end_file(self):
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
