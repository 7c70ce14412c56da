"""Archive bombs: an office document is recognised without unpacking it.

Each bomb here is small on disk and unpacks to tens of megabytes of zeros. Type
detection must refuse it with a clear message while allocating almost nothing:
the peak of what Python allocates during the check is measured with tracemalloc.
"""

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError

from tests.tramits.conftest import docx_bytes, odt_bytes, upload
from tests.tramits.factories import ProcedureFieldFactory
from tramits import services
from tramits.choices import FieldKind, FileType
from tramits.files import detect_type

ODT_TYPE = b"application/vnd.oasis.opendocument.text"
BOMB_BYTES = 64 * 1024 * 1024  # what each bomb unpacks to
PEAK_LIMIT = 2 * 1024 * 1024  # what checking one may allocate at most


def zeros_member(archive, name, size, compression):
    """Write `size` zero bytes as one member, streamed so the test stays light."""
    chunk = bytes(1024 * 1024)
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = compression
    with archive.open(info, "w", force_zip64=True) as member:
        for _ in range(size // len(chunk)):
            member.write(chunk)


def archive(build) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as written:
        build(written)
    return buffer.getvalue()


def odt_bzip2_mimetype_bomb() -> bytes:
    """The review's 613-byte ODT: a bzip2 `mimetype` of zeros after the real type."""

    def build(written):
        info = zipfile.ZipInfo("mimetype", date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_BZIP2
        with written.open(info, "w", force_zip64=True) as member:
            member.write(ODT_TYPE)
            chunk = bytes(1024 * 1024)
            for _ in range(BOMB_BYTES // len(chunk)):
                member.write(chunk)
        written.writestr("content.xml", b"<office:document-content/>")

    return archive(build)


def odt_deflate_bomb() -> bytes:
    """A well-formed ODT header with a content.xml of zeros."""

    def build(written):
        written.writestr("mimetype", ODT_TYPE)
        zeros_member(written, "content.xml", BOMB_BYTES, zipfile.ZIP_DEFLATED)

    return archive(build)


def docx_deflate_bomb() -> bytes:
    def build(written):
        written.writestr("[Content_Types].xml", b"<Types/>")
        zeros_member(written, "word/document.xml", BOMB_BYTES, zipfile.ZIP_DEFLATED)

    return archive(build)


def docx_with_nested_bomb() -> bytes:
    """A DOCX whose only large part is an embedded archive of zeros: the outer
    directory declares little, the inner one declares the bomb."""
    inner = archive(
        lambda written: zeros_member(written, "zeros.bin", BOMB_BYTES, zipfile.ZIP_DEFLATED)
    )

    def build(written):
        written.writestr("[Content_Types].xml", b"<Types/>")
        written.writestr("word/document.xml", b"<w:document/>")
        written.writestr("word/embeddings/sheet.xlsx", inner, zipfile.ZIP_DEFLATED)

    return archive(build)


def docx_nested_four_deep() -> bytes:
    """Archives inside archives, as 42.zip does, each level small."""
    layer = archive(lambda written: written.writestr("a.txt", b"a"))
    for depth in range(3):
        layer = archive(
            lambda written, inner=layer, depth=depth: written.writestr(
                f"layer{depth}.zip", inner, zipfile.ZIP_DEFLATED
            )
        )

    def build(written):
        written.writestr("[Content_Types].xml", b"<Types/>")
        written.writestr("word/document.xml", b"<w:document/>")
        written.writestr("word/embeddings/nested.zip", layer)

    return archive(build)


def peak_allocated(check) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        check()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


@pytest.fixture
def office_field(procedure):
    return ProcedureFieldFactory(
        procedure=procedure, kind=FieldKind.FILE, allowed_types="pdf,docx,odt", max_size_mb=10
    )


@pytest.mark.parametrize(
    "make_bomb",
    [
        odt_bzip2_mimetype_bomb,
        odt_deflate_bomb,
        docx_deflate_bomb,
        docx_with_nested_bomb,
        docx_nested_four_deep,
    ],
    ids=["odt-bzip2-mimetype", "odt-deflate", "docx-deflate", "docx-nested", "nested-four-deep"],
)
def test_an_archive_bomb_is_refused_with_a_clear_message_and_bounded_memory(
    make_bomb, office_field
):
    bomb = make_bomb()
    assert len(bomb) < 200 * 1024, "the bomb is small on disk"
    refusal = {}

    def check():
        with pytest.raises(ValidationError) as raised:
            services.upload_check(upload=upload("informe.odt", bomb), field=office_field)
        refusal["error"] = raised.value

    peak = peak_allocated(check)

    assert refusal["error"].code in {"bad_archive", "bad_type"}
    assert "informe" in refusal["error"].messages[0]
    assert peak < PEAK_LIMIT, f"checking the bomb allocated {peak / 1048576:.1f} MB"


def test_the_review_s_bzip2_mimetype_bomb_is_refused_as_an_archive(office_field):
    with pytest.raises(ValidationError, match="would unpack to far more than any document"):
        services.upload_check(
            upload=upload("carta.odt", odt_bzip2_mimetype_bomb()), field=office_field
        )


def test_a_deflate_bomb_that_looks_like_a_docx_is_refused_as_an_archive(office_field):
    with pytest.raises(ValidationError) as raised:
        services.upload_check(upload=upload("carta.docx", docx_deflate_bomb()), field=office_field)

    assert raised.value.code == "bad_archive"
    assert "send it as PDF" in raised.value.messages[0]


def test_an_odt_whose_mimetype_is_compressed_or_not_first_is_not_an_odt():
    compressed = archive(
        lambda written: written.writestr("mimetype", ODT_TYPE, zipfile.ZIP_DEFLATED)
    )

    def not_first(written):
        written.writestr("content.xml", b"<office:document-content/>")
        written.writestr("mimetype", ODT_TYPE)

    assert detect_type(io.BytesIO(compressed)) is None
    assert detect_type(io.BytesIO(archive(not_first))) is None


def test_an_archive_declaring_thousands_of_members_is_refused_before_it_is_listed(office_field):
    def many(written):
        written.writestr("[Content_Types].xml", b"<Types/>")
        written.writestr("word/document.xml", b"<w:document/>")
        for index in range(6_000):
            written.writestr(f"word/media/{index}.txt", b"")

    with pytest.raises(ValidationError) as raised:
        services.upload_check(upload=upload("molts.docx", archive(many)), field=office_field)

    assert raised.value.code == "bad_archive"


def test_real_office_documents_with_an_embedded_workbook_are_still_accepted(office_field):
    workbook = archive(lambda written: written.writestr("xl/workbook.xml", b"<workbook/>" * 200, 8))

    def build(written):
        written.writestr("[Content_Types].xml", b"<Types/>")
        written.writestr("word/document.xml", b"<w:document>" + b"text " * 5000, 8)
        written.writestr("word/embeddings/Microsoft_Excel_Worksheet.xlsx", workbook)

    docx = services.upload_check(upload=upload("informe.docx", archive(build)), field=office_field)
    odt = services.upload_check(upload=upload("informe.odt", odt_bytes()), field=office_field)
    plain = services.upload_check(upload=upload("informe.docx", docx_bytes()), field=office_field)

    assert docx.content_type.endswith("wordprocessingml.document")
    assert odt.content_type == ODT_TYPE.decode()
    assert plain.name == "informe.docx"
    assert detect_type(io.BytesIO(odt_bytes())) == FileType.ODT
