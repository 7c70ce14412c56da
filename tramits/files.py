"""Uploaded files: recognised by their content, never by their name."""

import hashlib
import io
import os
import re
import unicodedata
import zipfile

from tramits.choices import FileType

CONTENT_TYPES = {
    FileType.PDF: "application/pdf",
    FileType.JPEG: "image/jpeg",
    FileType.PNG: "image/png",
    FileType.ODT: "application/vnd.oasis.opendocument.text",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSIONS = {
    FileType.PDF: ".pdf",
    FileType.JPEG: ".jpg",
    FileType.PNG: ".png",
    FileType.ODT: ".odt",
    FileType.DOCX: ".docx",
}


# Office documents are zip archives. Recognising one must never cost more than a
# few kilobytes, whatever its members claim to unpack to ("zip bombs"): only the
# central directory is read, `mimetype` is read with a hard cap, and archives
# that declare far more than any real document are refused outright.
ODF_MIMETYPE_MAX_BYTES = 100  # ODF: the first member, stored, "application/vnd.oasis..."
ARCHIVE_MAX_MEMBERS = 5_000
ARCHIVE_MAX_RATIO = 100  # declared uncompressed total / size of the upload
ARCHIVE_MIN_BUDGET = 1024 * 1024  # what a tiny upload may still declare
ARCHIVE_MAX_TOTAL = 200 * 1024 * 1024  # a fixed ceiling, whatever the upload's size
NESTED_ARCHIVE_MAX_DEPTH = 3
NESTED_ARCHIVE_MAX_READ = 1024 * 1024  # a member archive is looked into only when smaller
# What word processors write. zipfile unpacks bzip2 and LZMA members without a
# bound on what one read yields, so members packed otherwise are never opened.
OFFICE_COMPRESSIONS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_EOCD_SIGNATURE = b"PK\x05\x06"
_ZIP_SIGNATURE = b"PK\x03\x04"


class ArchiveRefused(ValueError):
    """An archive that declares more than a document could hold: refused unread."""


def detect_type(fileobj) -> str | None:
    """The FileType of an open binary file, judged by its bytes, or None.

    Raises ArchiveRefused for a zip archive that would unpack far beyond its
    size (see archive_check); such a file is never unpacked.
    """
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return FileType.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if head.startswith(_ZIP_SIGNATURE):
        try:
            return _office_type(fileobj)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
            return None
        finally:
            fileobj.seek(0)
    return None


def _office_type(fileobj) -> str | None:
    size = fileobj.seek(0, os.SEEK_END)
    if _declared_member_count(fileobj) > ARCHIVE_MAX_MEMBERS:
        raise ArchiveRefused("too many members")
    fileobj.seek(0)
    with zipfile.ZipFile(fileobj) as archive:
        budget = min(ARCHIVE_MAX_TOTAL, max(ARCHIVE_MIN_BUDGET, ARCHIVE_MAX_RATIO * size))
        archive_check(archive, budget=budget)
        members = archive.infolist()
        if _is_odt(archive, members):
            return FileType.ODT
        names = {info.filename for info in members}
        if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
            return FileType.DOCX
    return None


def _is_odt(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> bool:
    """ODF (ISO/IEC 26300, part 3, 3.3): `mimetype` is the first member, stored
    uncompressed, and holds the media type and nothing else."""
    if not members or members[0].filename != "mimetype":
        return False
    info = members[0]
    if info.compress_type != zipfile.ZIP_STORED or info.file_size > ODF_MIMETYPE_MAX_BYTES:
        return False
    with archive.open(info) as member:
        content = member.read(ODF_MIMETYPE_MAX_BYTES + 1)
    return content.strip() == CONTENT_TYPES[FileType.ODT].encode()


def archive_check(archive: zipfile.ZipFile, *, budget: int, depth: int = 0) -> None:
    """Refuse an archive whose members, and those of the archives inside it,
    declare more than `budget` bytes unpacked in all.

    Only sizes from the central directory are added up; a member is unpacked
    only when it is itself a small archive (at most NESTED_ARCHIVE_MAX_READ
    bytes, checked before reading), down to NESTED_ARCHIVE_MAX_DEPTH levels,
    and an archive nested deeper than that is refused.
    """
    total = 0
    for info in archive.infolist():
        if info.compress_type not in OFFICE_COMPRESSIONS:
            raise ArchiveRefused("a compression office documents do not use")
        total += info.file_size
        if total > budget:
            raise ArchiveRefused("declared size over the budget")
    for info in archive.infolist():
        if info.is_dir() or info.file_size < len(_ZIP_SIGNATURE):
            continue
        with archive.open(info) as member:
            if member.read(len(_ZIP_SIGNATURE)) != _ZIP_SIGNATURE:
                continue
        if depth + 1 >= NESTED_ARCHIVE_MAX_DEPTH:
            raise ArchiveRefused("archives nested too deep")
        if info.file_size > NESTED_ARCHIVE_MAX_READ:
            continue
        with archive.open(info) as member:
            inner = io.BytesIO(member.read(NESTED_ARCHIVE_MAX_READ))
        try:
            with zipfile.ZipFile(inner) as nested:
                archive_check(nested, budget=budget - total, depth=depth + 1)
        except zipfile.BadZipFile:
            continue


def _declared_member_count(fileobj) -> int:
    """The member count the end-of-central-directory record declares, read
    before zipfile builds an object per member; ZIP64's "see elsewhere" value
    (0xFFFF) counts as too many, as no document needs that many members."""
    size = fileobj.seek(0, os.SEEK_END)
    tail_size = min(size, 22 + 0xFFFF)  # the record and its longest comment
    fileobj.seek(size - tail_size)
    tail = fileobj.read(tail_size)
    at = tail.rfind(_EOCD_SIGNATURE)
    if at < 0 or len(tail) < at + 22:
        raise zipfile.BadZipFile("no end of central directory")
    return int.from_bytes(tail[at + 10 : at + 12], "little")


def sha256_of(fileobj) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1 << 16), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def safe_filename(name: str, file_type: str | None = None) -> str:
    """A display name without folders, control characters or odd punctuation.

    The name is only ever shown: files are stored under random names. The
    extension is set from the detected type, so `cv.pdf.exe` cannot pass as
    anything but what its content is.
    """
    base = os.path.basename((name or "").replace("\\", "/"))
    base = unicodedata.normalize("NFC", base)
    base = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]", "", base).strip(" .")
    stem, _ext = os.path.splitext(base)
    stem = stem[:120] or "document"
    extension = EXTENSIONS.get(file_type, _ext.lower()[:10]) if file_type else _ext.lower()[:10]
    return f"{stem}{extension}"
