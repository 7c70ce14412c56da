"""The public pages of the notice board: the clock decides what shows."""

import hashlib
import re
import sys
import types
from datetime import timedelta

import pytest
from django.urls import reverse

from tauler import services
from tauler.choices import LogEvent, NoticeState
from tauler.models import PublicationLogEntry
from tests.tauler._helpers_views import (
    PDF_BYTES,
    T0,
    Clock,
    madrid,
    notice_make,
    publisher_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, T0)


@pytest.fixture
def publisher(db):
    return publisher_create()


@pytest.fixture
def make(publisher, clock):
    """make(start=..., ...) publishes a notice at its start, or at the clock's
    time for one that starts later."""

    def make(*, start=None, **kwargs):
        start = start or clock.now
        kwargs.setdefault("published_at", min(start, clock.now))
        return notice_make(by=publisher, start=start, **kwargs)

    return make


def titles_in(content: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+"(?: lang="ca")?>([^<]+)</a></h3>', content)


def page(client, name, **params):
    return client.get(reverse(name), params)


# --- The board now ---------------------------------------------------------------------


def test_index_lists_pinned_notices_first_then_the_newest(client, clock, make):
    make(
        start=T0 - timedelta(days=3),
        title="Antic fixat",
        pinned=True,
        published_at=T0 - timedelta(days=3),
    )
    make(start=T0 - timedelta(days=2), title="Antic", published_at=T0 - timedelta(days=2))
    make(start=T0 - timedelta(days=1), title="Recent", published_at=T0 - timedelta(days=1))

    content = page(client, "tauler:index").content.decode()

    assert titles_in(content) == ["Antic fixat", "Recent", "Antic"]
    assert "3 notices on display" in content


def test_index_without_notices_says_so(client, clock):
    content = page(client, "tauler:index").content.decode()
    assert "There are no notices on display on the electronic notice board yet." in content
    assert content.count("<h1") == 1


def test_a_scheduled_notice_is_invisible_until_its_start(client, clock, make):
    start = T0 + timedelta(days=2)
    notice = make(start=start, title="Programat", documents=[("Edicte", PDF_BYTES)])
    document = notice.documents.get()

    assert "Programat" not in page(client, "tauler:index").content.decode()
    assert "Programat" not in page(client, "tauler:archive").content.decode()
    assert client.get(notice.get_absolute_url()).status_code == 404
    assert client.get(document.get_absolute_url()).status_code == 404

    clock.set(start)

    assert titles_in(page(client, "tauler:index").content.decode()) == ["Programat"]
    assert client.get(notice.get_absolute_url()).status_code == 200
    assert client.get(document.get_absolute_url()).status_code == 200


def test_a_notice_leaves_the_board_at_its_end_and_stays_in_the_archive(client, clock, make):
    notice = make(title="Informació pública")

    clock.set(notice.end_at - timedelta(seconds=1))
    assert titles_in(page(client, "tauler:index").content.decode()) == ["Informació pública"]

    clock.set(notice.end_at)
    assert titles_in(page(client, "tauler:index").content.decode()) == []
    finished = page(client, "tauler:archive", estat="finished").content.decode()
    assert titles_in(finished) == ["Informació pública"]
    assert 'class="status status-finished">Finished</span>' in finished


def test_a_draft_has_no_page(client, clock, make):
    draft = make(publish=False, title="Esborrany")
    draft.year, draft.sequence = 2026, 999
    assert client.get(reverse("tauler:notice-detail", args=[2026, 999])).status_code == 404
    assert "Esborrany" not in page(client, "tauler:archive").content.decode()


def test_unknown_notice_answers_404(client, clock):
    assert client.get(reverse("tauler:notice-detail", args=[2026, 1])).status_code == 404


# --- One notice --------------------------------------------------------------------------


def test_notice_page_shows_number_state_period_and_days_in_madrid_time(client, clock, make):
    notice = make(
        title="Aprovació inicial del pla de mobilitat",
        category="urbanisme",
        department="urbanisme",
        case_reference="2026/1234-URB",
        pinned=True,
    )

    response = client.get(notice.get_absolute_url())
    content = response.content.decode()

    assert response.status_code == 200
    assert content.count("<h1") == 1
    assert f"<title>{notice.number} · Aprovació inicial del pla de mobilitat ·" in content
    assert notice.number == "2026/000001"
    assert 'class="status status-on_display">On display</span>' in content
    # 20 business days from Wednesday 4 November: the last is Tuesday 1 December.
    assert "From 3 November 2026 at 09:00 until 1 December 2026 at 23:59" in content
    assert f"20 business days ({notice.natural_days} natural days)" in content
    assert "Urbanisme" in content
    assert "2026/1234-URB" in content
    assert "Pinned" in content
    permalink = f"http://testserver{notice.get_absolute_url()}"
    assert f'href="{permalink}"' in content
    assert f'<link rel="canonical" href="{permalink}">' in content
    assert f'href="{reverse("tauler:feed-category", args=["urbanisme"])}"' in content


def test_notice_page_of_a_permanent_notice(client, clock, make):
    notice = make(title="Ordenança", business_days=None)
    content = client.get(notice.get_absolute_url()).content.decode()
    assert "Permanently, from 3 November 2026 at 09:00" in content
    assert "Permanent: no end date" in content


def test_notice_text_is_escaped_and_keeps_its_paragraphs(client, clock, make):
    notice = make(text="Primer paràgraf <script>x</script>\n\nSegon paràgraf")
    content = client.get(notice.get_absolute_url()).content.decode()
    assert "<script>x</script>" not in content
    assert "<p>Primer paràgraf &lt;script&gt;x&lt;/script&gt;</p>" in content
    assert "<p>Segon paràgraf</p>" in content


def test_notice_page_lists_documents_with_size_and_fingerprint(client, clock, make):
    notice = make(documents=[("Edicte d'aprovació", PDF_BYTES)])
    document = notice.documents.get()
    content = client.get(notice.get_absolute_url()).content.decode()
    assert (
        f'<a href="{document.get_absolute_url()}" lang="ca">Edicte d&#x27;aprovació</a>' in content
    )
    assert f'<code class="hash">{hashlib.sha256(PDF_BYTES).hexdigest()}</code>' in content
    assert f"PDF, {len(PDF_BYTES)}" in content


@pytest.mark.parametrize(
    ("moment", "state", "label"),
    [
        ("during", NoticeState.ON_DISPLAY, "On display"),
        ("after", NoticeState.FINISHED, "Finished"),
    ],
)
def test_notice_page_shows_the_state_the_clock_gives(client, clock, make, moment, state, label):
    notice = make()
    if moment == "after":
        clock.set(notice.end_at + timedelta(days=1))
    content = client.get(notice.get_absolute_url()).content.decode()
    assert f'<span class="status status-{state}">{label}</span>' in content
    has_certificate = reverse("tauler:certificate-download", args=[notice.year, notice.sequence])
    assert (has_certificate in content) == (state == NoticeState.FINISHED)


def test_a_cancelled_notice_shows_its_reason(client, clock, make, publisher):
    notice = make(title="Licitació")
    clock.set(T0 + timedelta(days=1))
    services.notice_cancel(
        notice=notice, by=publisher, reason="Error en el plec <b>de</b> condicions."
    )

    content = client.get(notice.get_absolute_url()).content.decode()

    assert '<span class="status status-cancelled">Cancelled</span>' in content
    assert "This notice was cancelled" in content
    assert "Error en el plec &lt;b&gt;de&lt;/b&gt; condicions." in content
    assert "Withdrawn from display on 4 November 2026 at 09:00." in content
    assert titles_in(page(client, "tauler:index").content.decode()) == []
    assert titles_in(page(client, "tauler:archive", estat="cancelled").content.decode()) == [
        "Licitació"
    ]


def test_viewing_a_finished_notice_records_its_end_once(client, clock, make):
    notice = make()
    clock.set(notice.end_at + timedelta(hours=1))

    client.get(notice.get_absolute_url())
    content = client.get(notice.get_absolute_url()).content.decode()

    finished = PublicationLogEntry.objects.filter(notice=notice, event=LogEvent.FINISHED)
    assert finished.count() == 1
    assert finished.get().at == notice.end_at
    notice.refresh_from_db()
    assert notice.finished_logged_at is not None
    assert "Display finished" in content


def test_notice_page_shows_its_timeline_and_log_hashes(client, clock, make, publisher):
    notice = make()
    clock.set(T0 + timedelta(days=1))
    services.notice_extend(notice=notice, by=publisher, business_days_count=30)

    content = client.get(notice.get_absolute_url()).content.decode()

    entries = list(notice.log_entries.order_by("sequence"))
    assert [e.event for e in entries] == [LogEvent.PUBLISHED, LogEvent.EXTENDED]
    timeline = content.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert timeline.index("Published") < timeline.index("Period extended")
    assert "20 business days, until 1 December 2026 at 23:59." in timeline
    assert "30 business days, until 16 December 2026 at 23:59." in timeline
    assert "3 November 2026, 09:00" in timeline
    for entry in entries:
        assert f'<code class="hash">{entry.hash}</code>' in content
        assert f'<code class="hash">{entry.previous_hash}</code>' in content


def test_corrections_link_both_ways(client, clock, make):
    original = make(title="Bases de la convocatòria")
    clock.set(T0 + timedelta(days=1))
    correction = make(title="Correcció de les bases", corrects=original)

    original_page = client.get(original.get_absolute_url()).content.decode()
    correction_page = client.get(correction.get_absolute_url()).content.decode()

    assert "This notice has been corrected" in original_page
    assert (
        f'href="{correction.get_absolute_url()}">{correction.number} · <span lang="ca">Correcció'
        in original_page
    )
    assert (
        f'href="{original.get_absolute_url()}">{original.number} · <span lang="ca">Bases'
        in correction_page
    )


def test_a_correction_not_yet_started_is_not_shown_on_the_original(client, clock, make):
    original = make(title="Bases")
    correction = make(title="Correcció futura", corrects=original, start=T0 + timedelta(days=5))
    content = client.get(original.get_absolute_url()).content.decode()
    assert correction.get_absolute_url() not in content
    assert "This notice has been corrected" not in content


# --- Documents and certificates -------------------------------------------------------------


def test_document_download_gives_back_the_published_pdf_inline(client, clock, make):
    content = PDF_BYTES + "% Plaça de l'Església\n".encode() + bytes(range(256))
    notice = make(documents=[("Plànol de la plaça", content)])
    document = notice.documents.get()

    response = client.get(document.get_absolute_url())
    body = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert (
        "filename*=utf-8''Pl%C3%A0nol%20de%20la%20pla%C3%A7a.pdf" in response["Content-Disposition"]
    )
    assert body == content
    assert hashlib.sha256(body).hexdigest() == document.sha256


def test_document_download_needs_the_right_notice(client, clock, make):
    one = make(documents=[("A", PDF_BYTES)])
    other = make(title="Un altre")
    document = one.documents.get()
    url = reverse("tauler:document-download", args=[other.year, other.sequence, document.pk])
    assert client.get(url).status_code == 404


def test_document_of_a_draft_is_not_served(client, clock, make):
    draft = make(publish=False, documents=[("A", PDF_BYTES)])
    document = draft.documents.get()
    url = reverse("tauler:document-download", args=[2026, 1, document.pk])
    assert client.get(url).status_code == 404


@pytest.fixture
def fake_certificates(monkeypatch):
    """A stand-in for tauler.certificates that issues a real sealed document."""
    from documents.choices import DocumentKind
    from documents.content import DocumentContent, Section
    from documents.models import IssuedDocument
    from documents.services import document_issue

    calls = []

    def certificate_for(notice):
        return (
            IssuedDocument.objects.for_object(notice)
            .filter(kind=DocumentKind.PUBLICATION_CERTIFICATE)
            .first()
        )

    def certificate_issue(*, notice):
        calls.append(notice.pk)
        return document_issue(
            kind=DocumentKind.PUBLICATION_CERTIFICATE,
            title=f"Diligència {notice.number}",
            content=DocumentContent(
                subtitle=notice.number,
                sections=[Section("Notice", rows=[("Number", notice.number)])],
            ),
            related=notice,
        )

    module = types.ModuleType("tauler.certificates")
    module.certificate_for = certificate_for
    module.certificate_issue = certificate_issue
    monkeypatch.setitem(sys.modules, "tauler.certificates", module)
    return calls


def test_certificate_of_a_finished_notice_is_issued_once_and_served(
    client, clock, make, fake_certificates
):
    notice = make()
    clock.set(notice.end_at + timedelta(days=1))
    url = reverse("tauler:certificate-download", args=[notice.year, notice.sequence])

    first = client.get(url)
    second = client.get(url)

    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert (
        f'filename="diligencia-{notice.number.replace("/", "-")}.pdf"'
        in first["Content-Disposition"]
    )
    body = b"".join(first.streaming_content)
    assert body.startswith(b"%PDF-")
    assert body == b"".join(second.streaming_content)
    assert fake_certificates == [notice.pk]
    assert notice.log_entries.filter(event=LogEvent.FINISHED).count() == 1


def test_certificate_of_a_notice_still_on_display_is_404(client, clock, make, fake_certificates):
    notice = make()
    url = reverse("tauler:certificate-download", args=[notice.year, notice.sequence])
    assert client.get(url).status_code == 404
    assert fake_certificates == []


def test_certificate_with_the_real_module(client, clock, make):
    notice = make(documents=[("Edicte", PDF_BYTES)])
    clock.set(notice.end_at + timedelta(days=1))
    url = reverse("tauler:certificate-download", args=[notice.year, notice.sequence])

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    from tauler.certificates import certificate_for

    certificate = certificate_for(notice)
    content = client.get(notice.get_absolute_url()).content.decode()
    assert f'<a href="{certificate.get_absolute_url()}">{certificate.csv_display}</a>' in content


def test_a_notice_cancelled_while_on_display_has_a_certificate(client, clock, make, publisher):
    notice = make()
    clock.set(T0 + timedelta(days=2))
    services.notice_cancel(notice=notice, by=publisher, reason="Error en el plec.")
    url = reverse("tauler:certificate-download", args=[notice.year, notice.sequence])

    content = client.get(notice.get_absolute_url()).content.decode()
    response = client.get(url)

    assert url in content
    assert "its cancellation and the reason" in content
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_notice_cancelled_before_its_start_has_no_certificate(client, clock, make, publisher):
    notice = make(start=T0 + timedelta(days=2))
    services.notice_cancel(notice=notice, by=publisher, reason="Mai no es va exposar.")
    clock.set(T0 + timedelta(days=3))
    url = reverse("tauler:certificate-download", args=[notice.year, notice.sequence])

    content = client.get(notice.get_absolute_url()).content.decode()

    assert "Mai no es va exposar." in content
    assert url not in content
    assert client.get(url).status_code == 404


def test_a_certificate_that_cannot_be_issued_gives_a_page_that_says_so(
    client, clock, make, monkeypatch
):
    from django.core.exceptions import ValidationError

    def refuse(*, notice):
        raise ValidationError("The publication log fails its verification.")

    module = types.ModuleType("tauler.certificates")
    module.certificate_for = lambda notice: None
    module.certificate_issue = refuse
    monkeypatch.setitem(sys.modules, "tauler.certificates", module)
    notice = make()
    clock.set(notice.end_at + timedelta(days=1))

    response = client.get(
        reverse("tauler:certificate-download", args=[notice.year, notice.sequence])
    )

    assert response.status_code == 503
    assert "The publication certificate cannot be issued now" in response.content.decode()


# --- The archive ---------------------------------------------------------------------------


@pytest.fixture
def archive_board(clock, make, publisher):
    """Notices of different categories, departments, months and states, judged at T0."""
    clock.set(madrid(2025, 3, 3, 9, 0))
    old = make(title="Pressupost 2025", category="economia", department="intervencio")
    clock.set(madrid(2025, 10, 6, 9, 0))
    october = make(title="Obres al carrer Major", category="urbanisme", department="urbanisme")
    clock.set(T0 - timedelta(days=1))
    current = make(title="Plaça d'auxiliar", category="personal", department="recursos-humans")
    cancelled = make(title="Licitació de neteja", category="contractacio")
    services.notice_cancel(notice=cancelled, by=publisher, reason="Error.")
    clock.set(T0)
    make(title="Programat", start=T0 + timedelta(days=3))
    return {"old": old, "october": october, "current": current, "cancelled": cancelled}


def test_archive_lists_every_public_notice_newest_first(client, archive_board):
    content = page(client, "tauler:archive").content.decode()
    assert titles_in(content) == [
        "Licitació de neteja",
        "Plaça d&#x27;auxiliar",
        "Obres al carrer Major",
        "Pressupost 2025",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"categoria": "urbanisme"}, ["Obres al carrer Major"]),
        ({"departament": "intervencio"}, ["Pressupost 2025"]),
        ({"any": "2025"}, ["Obres al carrer Major", "Pressupost 2025"]),
        ({"any": "2025", "mes": "3"}, ["Pressupost 2025"]),
        ({"mes": "11"}, ["Licitació de neteja", "Plaça d&#x27;auxiliar"]),
        ({"estat": "on_display"}, ["Plaça d&#x27;auxiliar"]),
        ({"estat": "finished"}, ["Obres al carrer Major", "Pressupost 2025"]),
        ({"estat": "cancelled"}, ["Licitació de neteja"]),
        ({"q": "carrer major"}, ["Obres al carrer Major"]),
        ({"q": "carrer", "estat": "on_display"}, []),
    ],
)
def test_archive_filters(client, archive_board, params, expected):
    content = page(client, "tauler:archive", **params).content.decode()
    assert titles_in(content) == expected


@pytest.mark.parametrize(
    "params", [{"estat": "scheduled"}, {"estat": "draft"}, {"any": "abc"}, {"mes": "13"}]
)
def test_archive_ignores_filters_that_are_not_valid(client, archive_board, params):
    response = page(client, "tauler:archive", **params)
    assert response.status_code == 200
    assert len(titles_in(response.content.decode())) == 4


def test_archive_search_form_is_labelled_and_keeps_the_filters(client, archive_board):
    content = page(client, "tauler:archive", q="obres", categoria="urbanisme").content.decode()
    assert content.count("<h1") == 1
    for field in ("id_q", "id_categoria", "id_departament", "id_any", "id_mes", "id_estat"):
        assert f'<label for="{field}">' in content
    assert "<legend>Filters</legend>" in content
    assert 'value="obres"' in content
    assert '<option value="urbanisme" selected lang="ca">' in content
    assert "Clear the search and filters" in content
    assert "<title>Search: obres · Urbanisme · Archive of the notice board ·" in content


def test_archive_filters_offer_only_departments_and_years_with_public_notices(
    client, archive_board, make
):
    make(title="Festa Major", department="cultura", start=T0 + timedelta(days=5))
    content = page(client, "tauler:archive").content.decode()
    departments = re.search(r'<select name="departament".*?</select>', content, re.S).group(0)
    years = re.search(r'<select name="any".*?</select>', content, re.S).group(0)
    assert 'value="intervencio"' in departments
    assert 'value="urbanisme"' in departments
    assert 'value="cultura"' not in departments  # its only notice starts later
    assert re.findall(r'<option value="(\d{4})"', years) == ["2026", "2025"]


def test_archive_search_with_no_result_says_so(client, archive_board):
    content = page(client, "tauler:archive", q="inexistent").content.decode()
    assert "No notice matches your search." in content


def test_archive_pages_keep_the_filters(client, clock, make):
    for day in range(21):
        clock.set(T0 - timedelta(days=40 - day))
        make(title=f"Anunci {day:02d}", category="edictes")
    clock.set(T0)

    first = page(client, "tauler:archive", categoria="edictes").content.decode()
    second = page(client, "tauler:archive", categoria="edictes", pagina="2").content.decode()

    assert len(titles_in(first)) == 20
    assert titles_in(second) == ["Anunci 00"]
    assert 'href="?categoria=edictes&amp;pagina=2"' in first


# --- The publication log ---------------------------------------------------------------------


def test_publication_log_lists_entries_newest_first_with_their_hashes(client, clock, make):
    first = make(title="Primer")
    make(title="Futur", start=T0 + timedelta(days=3))

    content = page(client, "tauler:publication-log").content.decode()

    entries = list(PublicationLogEntry.objects.order_by("-sequence"))
    assert [e.sequence for e in entries] == [2, 1]
    assert content.index(entries[0].hash) < content.index(entries[1].hash)
    for entry in entries:
        assert f'<code class="hash">{entry.previous_hash}</code>' in content
    # The entry of a notice that has not started keeps its place but gives no link.
    assert f'<a href="{first.get_absolute_url()}">{first.number}</a>' in content
    assert '2026/000002<br><span class="muted">Not on display yet</span>' in content
    assert "Futur" not in content
    assert content.count("<h1") == 1


# --- Cost of the lists ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["tauler:index", "tauler:archive", "tauler:publication-log"])
def test_lists_cost_a_bounded_number_of_queries(
    client, clock, make, django_assert_max_num_queries, name
):
    for n in range(25):
        make(
            title=f"Anunci {n}",
            category=f"categoria-{n % 5}",
            department=f"departament-{n % 4}",
            documents=[("Edicte", PDF_BYTES)],
        )
    with django_assert_max_num_queries(6):
        assert client.get(reverse(name)).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse(name), {"q": "anunci", "any": "2026"}).status_code == 200
