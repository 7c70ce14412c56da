"""Atom feeds and the JSON and CSV of the board's lists, read as a machine reads them."""

import csv
import io
import json
from datetime import datetime, timedelta

import feedparser
import pytest
from django.urls import reverse

from tauler import services
from tauler.data import EXPORT_FIELDS as NOTICE_FIELDS
from tauler.views import LOG_FIELDS
from tests.tauler._helpers_views import PDF_BYTES, T0, Clock, notice_make, publisher_create

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    """What a client downloads of a list: the exports are streamed."""
    return b"".join(response.streaming_content)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, T0)


@pytest.fixture
def publisher(db):
    return publisher_create()


@pytest.fixture
def make(publisher, clock):
    def make(*, start=None, **kwargs):
        start = start or clock.now
        kwargs.setdefault("published_at", min(start, clock.now))
        return notice_make(by=publisher, start=start, **kwargs)

    return make


@pytest.fixture
def board(clock, make, publisher):
    """Three public notices (one finished, one cancelled, one on display), a
    scheduled one and a draft; the clock stands at T0."""
    clock.set(T0 - timedelta(days=60))
    finished = make(
        title="Pressupost", category="economia", department="intervencio", business_days=10
    )
    clock.set(T0 - timedelta(days=2))
    cancelled = make(title="Licitació de neteja", category="contractacio")
    cancelled = services.notice_cancel(notice=cancelled, by=publisher, reason="Error en el plec.")
    clock.set(T0)
    on_display = make(
        title="Obres a la plaça Major",
        category="urbanisme",
        department="urbanisme",
        case_reference="2026/0042-URB",
        pinned=True,
        documents=[("Projecte", PDF_BYTES), ("Plànol", PDF_BYTES + b"%2\n")],
    )
    make(title="Programat", start=T0 + timedelta(days=3))
    make(title="Esborrany", publish=False)
    return {"finished": finished, "cancelled": cancelled, "on_display": on_display}


def parse_feed(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.version == "atom10"
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


# --- Feeds ----------------------------------------------------------------------------------


def test_feed_of_all_notices_has_the_public_ones_newest_first(client, board):
    feed = parse_feed(client, reverse("tauler:feed"))

    assert feed.feed.title == "Notice board · Ajuntament de Mollet del Vallès"
    assert [entry.title for entry in feed.entries] == [
        f"{board['on_display'].number} · Obres a la plaça Major",
        f"{board['cancelled'].number} · Licitació de neteja",
        f"{board['finished'].number} · Pressupost",
    ]
    entry = feed.entries[0]
    notice = board["on_display"]
    assert entry.link == f"http://testserver{notice.get_absolute_url()}"
    assert [tag.term for tag in entry.tags] == ["Urbanisme"]
    assert entry.author == "Urbanisme"
    assert "On display · Urbanisme · Urbanisme · 2026/0042-URB" in entry.summary
    assert "From 3 November 2026 at 09:00 until 1 December 2026 at 23:59" in entry.summary
    assert datetime.fromisoformat(entry.published) == notice.start_at
    assert entry.updated_parsed is not None
    enclosures = [link for link in entry.links if link.rel == "enclosure"]
    assert [(e.type, int(e.length)) for e in enclosures] == [
        ("application/pdf", len(PDF_BYTES)),
        ("application/pdf", len(PDF_BYTES) + 3),
    ]
    assert enclosures[0].href == "http://testserver" + notice.documents.first().get_absolute_url()


def test_feed_entry_is_updated_by_its_latest_event(client, board):
    feed = parse_feed(client, reverse("tauler:feed"))
    by_title = {entry.title.split(" · ", 1)[1]: entry for entry in feed.entries}
    cancelled = board["cancelled"]
    finished = board["finished"]
    # Cancelled at T0 - 2 days: the cancellation is its latest event.
    assert datetime.fromisoformat(by_title["Licitació de neteja"].updated) == cancelled.cancelled_at
    # Its end is not logged yet, but the clock has ended it.
    assert datetime.fromisoformat(by_title["Pressupost"].updated) == finished.end_at
    assert "Cancelled" in by_title["Licitació de neteja"].summary
    assert "Error en el plec." in by_title["Licitació de neteja"].summary


def test_feed_follows_the_clock(client, clock, board):
    clock.set(T0 + timedelta(days=3))
    titles = [e.title for e in parse_feed(client, reverse("tauler:feed")).entries]
    assert titles[0].endswith("· Programat")
    assert not any("Esborrany" in title for title in titles)


def test_feed_holds_the_fifty_newest(client, clock, make):
    for n in range(52):
        clock.set(T0 + timedelta(hours=n))
        make(title=f"Anunci {n}")
    entries = parse_feed(client, reverse("tauler:feed")).entries
    assert len(entries) == 50
    assert entries[0].title.endswith("Anunci 51")
    assert entries[-1].title.endswith("Anunci 2")


def test_category_feed_has_only_that_category(client, board):
    feed = parse_feed(client, reverse("tauler:feed-category", args=["urbanisme"]))
    assert feed.feed.title == "Notice board · Urbanisme · Ajuntament de Mollet del Vallès"
    assert [e.title for e in feed.entries] == [
        f"{board['on_display'].number} · Obres a la plaça Major"
    ]
    assert feed.feed.link.endswith(reverse("tauler:archive") + "?categoria=urbanisme")


def test_feed_of_an_unknown_category_is_404(client, board):
    assert client.get(reverse("tauler:feed-category", args=["no-existeix"])).status_code == 404


def test_search_feed(client, board):
    feed = parse_feed(client, reverse("tauler:feed-search"), {"q": "neteja"})
    assert feed.feed.title == "Notice board · search “neteja” · Ajuntament de Mollet del Vallès"
    assert [e.title for e in feed.entries] == [f"{board['cancelled'].number} · Licitació de neteja"]
    assert [e.title for e in parse_feed(client, reverse("tauler:feed-search")).entries] == [
        e.title for e in parse_feed(client, reverse("tauler:feed")).entries
    ]


def test_feeds_cost_a_bounded_number_of_queries(client, clock, make, django_assert_max_num_queries):
    for n in range(30):
        make(
            title=f"Anunci {n}",
            category=f"categoria-{n % 3}",
            department=f"departament-{n % 4}",
            documents=[("Edicte", PDF_BYTES)],
        )
    with django_assert_max_num_queries(3):
        client.get(reverse("tauler:feed"))
    with django_assert_max_num_queries(3):
        client.get(reverse("tauler:feed-category", args=["categoria-1"]))
    with django_assert_max_num_queries(3):
        client.get(reverse("tauler:feed-search"), {"q": "anunci"})


def test_pages_announce_their_feeds_in_the_head(client, board):
    head = client.get(reverse("tauler:index")).content.decode().split("</head>")[0]
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Notice board: all notices (Atom)"'
        f' href="{reverse("tauler:feed")}">'
    ) in head
    head = (
        client.get(reverse("tauler:archive"), {"categoria": "urbanisme", "q": "plaça"})
        .content.decode()
        .split("</head>")[0]
    )
    assert f'href="{reverse("tauler:feed-category", args=["urbanisme"])}"' in head
    assert f'href="{reverse("tauler:feed-search")}?q=pla%C3%A7a"' in head


# --- JSON and CSV ------------------------------------------------------------------------------


def test_json_of_the_board_now(client, board):
    response = client.get(reverse("tauler:index"), {"format": "json"})

    assert response["Content-Type"] == "application/json"
    data = json.loads(body(response))
    assert data["count"] == 1
    assert data["generated"] == T0.isoformat()
    (row,) = data["notices"]
    notice = board["on_display"]
    document = notice.documents.first()
    assert list(row) == list(NOTICE_FIELDS)
    assert row == {
        "number": notice.number,
        "title": "Obres a la plaça Major",
        "category": "Urbanisme",
        "department": "Urbanisme",
        "case_reference": "2026/0042-URB",
        "state": "on_display",
        "start": "2026-11-03T09:00:00+01:00",
        "end": "2026-12-02T00:00:00+01:00",
        "business_days": 20,
        "natural_days": notice.natural_days,
        "permanent": False,
        "pinned": True,
        "url": f"http://testserver{notice.get_absolute_url()}",
        "documents": [
            {
                "title": "Projecte",
                "sha256": document.sha256,
                "size": len(PDF_BYTES),
                "url": f"http://testserver{document.get_absolute_url()}",
            },
            {
                "title": "Plànol",
                "sha256": notice.documents.last().sha256,
                "size": len(PDF_BYTES) + 3,
                "url": f"http://testserver{notice.documents.last().get_absolute_url()}",
            },
        ],
        "cancelled_reason": None,
    }


def test_json_of_the_archive_keeps_the_filters(client, board):
    data = json.loads(
        body(client.get(reverse("tauler:archive"), {"estat": "cancelled", "format": "json"}))
    )
    assert [(row["title"], row["state"], row["cancelled_reason"]) for row in data["notices"]] == [
        ("Licitació de neteja", "cancelled", "Error en el plec.")
    ]
    data = json.loads(body(client.get(reverse("tauler:archive"), {"format": "json"})))
    assert [row["state"] for row in data["notices"]] == ["on_display", "cancelled", "finished"]


def read_csv(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    content = body(response)
    assert not content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames) == NOTICE_FIELDS or tuple(reader.fieldnames) == LOG_FIELDS
    return list(reader)


def test_csv_of_the_archive_keeps_the_filters(client, board):
    response = client.get(reverse("tauler:archive"), {"categoria": "urbanisme", "format": "csv"})

    assert 'filename="tauler-arxiu.csv"' in response["Content-Disposition"]
    (row,) = read_csv(response)
    notice = board["on_display"]
    assert row["number"] == notice.number
    assert row["title"] == "Obres a la plaça Major"
    assert row["pinned"] == "true"
    assert row["permanent"] == "false"
    assert row["cancelled_reason"] == ""
    assert row["start"] == "2026-11-03T09:00:00+01:00"
    documents = json.loads(row["documents"])
    assert [d["title"] for d in documents] == ["Projecte", "Plànol"]
    assert documents[0]["sha256"] == notice.documents.first().sha256


def test_csv_holds_the_whole_list_not_one_page(client, clock, make):
    for n in range(23):
        make(title=f"Anunci {n}")
    rows = read_csv(client.get(reverse("tauler:index"), {"format": "csv", "pagina": "2"}))
    assert len(rows) == 23


def test_pages_link_to_their_json_and_csv_with_the_filters(client, board):
    content = client.get(
        reverse("tauler:archive"), {"categoria": "urbanisme", "q": "obres", "pagina": "1"}
    ).content.decode()
    assert (
        'href="?categoria=urbanisme&amp;q=obres&amp;format=csv">Download this list as CSV'
        in content
    )
    assert (
        'href="?categoria=urbanisme&amp;q=obres&amp;format=json">Download this list as JSON'
        in content
    )


def test_an_unknown_format_gives_the_page(client, board):
    response = client.get(reverse("tauler:index"), {"format": "xml"})
    assert response["Content-Type"].startswith("text/html")


def test_publication_log_as_json_and_csv(client, board):
    data = json.loads(body(client.get(reverse("tauler:publication-log"), {"format": "json"})))
    entries = data["entries"]
    assert [e["sequence"] for e in entries] == list(range(len(entries), 0, -1))
    assert all(list(e) == list(LOG_FIELDS) for e in entries)
    for newer, older in zip(entries, entries[1:], strict=False):
        assert newer["previous_hash"] == older["hash"]
    by_notice = {e["notice"]: e for e in entries}
    scheduled = next(e for e in entries if e["notice_url"] is None)
    assert scheduled["event"] == "published"
    assert by_notice[board["finished"].number]["notice_url"].endswith(
        board["finished"].get_absolute_url()
    )
    rows = read_csv(client.get(reverse("tauler:publication-log"), {"format": "csv"}))
    assert [row["hash"] for row in rows] == [e["hash"] for e in entries]


@pytest.mark.parametrize("name", ["tauler:index", "tauler:archive", "tauler:publication-log"])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_exports_cost_a_bounded_number_of_queries(
    client, clock, make, django_assert_max_num_queries, name, fmt
):
    for n in range(25):
        make(
            title=f"Anunci {n}",
            category=f"categoria-{n % 5}",
            documents=[("Edicte", PDF_BYTES)],
        )
    with django_assert_max_num_queries(3):
        response = client.get(reverse(name), {"format": fmt})
        assert response.status_code == 200
        body(response)


def test_a_staff_title_that_looks_like_a_formula_is_inert_in_the_csv(client, clock, make):
    make(title='=HYPERLINK("https://evil.example","Edicte")', case_reference="@2026/1")

    (row,) = read_csv(client.get(reverse("tauler:index"), {"format": "csv"}))

    assert row["title"] == '\'=HYPERLINK("https://evil.example","Edicte")'
    assert row["case_reference"] == "'@2026/1"
