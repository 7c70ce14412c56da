"""Uploaded files: recognised by their content, never by their name."""

import hashlib
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


def detect_type(fileobj) -> str | None:
    """The FileType of an open binary file, judged by its bytes, or None."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return FileType.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(fileobj) as archive:
                names = set(archive.namelist())
                if (
                    "mimetype" in names
                    and archive.read("mimetype").strip() == CONTENT_TYPES[FileType.ODT].encode()
                ):
                    return FileType.ODT
                if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                    return FileType.DOCX
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
        finally:
            fileobj.seek(0)
    return None


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
