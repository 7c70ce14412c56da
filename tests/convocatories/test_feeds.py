"""Atom feeds of new calls and new phases, read with feedparser."""

import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from convocatories.choices import CallKind, PhaseKind
from tests.convocatories.factories import CallFactory, PhaseFactory, call_cancelled

pytestmark = pytest.mark.django_db


def parse_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.version == "atom10"
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


@pytest.fixture
def calls():
    old = CallFactory(title="Arquitecte", published__at=ago(days=3))
    grant = CallFactory(funding=True, title="Ajuts al lloguer", published__at=ago(days=2))
    cancelled = call_cancelled(title="Conserge", published__at=ago(days=1))
    CallFactory(published=False, title="Esborrany")
    return {"old": old, "grant": grant, "cancelled": cancelled}


def test_new_calls_feed_lists_published_calls_newest_first(client, calls):
    feed = parse_feed(client, reverse("convocatories:feed"))

    assert feed.feed.title == "New calls · Ajuntament de Mollet del Vallès"
    assert feed.feed.language == "en"
    assert [e.title for e in feed.entries] == [
        f"{calls['cancelled'].reference} · Conserge",
        f"{calls['grant'].reference} · Ajuts al lloguer",
        f"{calls['old'].reference} · Arquitecte",
    ]
    entry = feed.entries[1]
    grant = calls["grant"]
    assert entry.link == "http://testserver" + grant.get_absolute_url()
    assert entry.id == entry.link
    assert datetime.datetime.fromisoformat(entry.published) == grant.published_at
    assert entry.updated_parsed is not None
    assert [tag.term for tag in entry.tags] == ["Grant"]
    assert entry.author == grant.department.name
    assert "Open · Grant" in entry.summary
    assert "Applications from" in entry.summary
    assert "Cancelled" in feed.entries[0].summary
    assert "Errors en les bases publicades." in feed.entries[0].summary


def test_the_feed_is_in_the_language_of_its_address(client, calls):
    feed = parse_feed(client, "/ca" + reverse("convocatories:feed")[3:])
    assert feed.feed.language == "ca"
    assert feed.entries[0].link.startswith("http://testserver/ca/convocatories/")


def test_a_new_phase_updates_the_call_entry(client, calls):
    phase = PhaseFactory(call=calls["old"], published_at=ago(hours=1))
    feed = parse_feed(client, reverse("convocatories:feed"))
    entry = next(e for e in feed.entries if e.title.endswith("Arquitecte"))
    assert datetime.datetime.fromisoformat(entry.updated) == phase.published_at


def test_new_calls_of_one_kind(client, calls):
    feed = parse_feed(client, reverse("convocatories:feed-kind", args=[CallKind.GRANT]))
    assert feed.feed.title == "New calls · Grant · Ajuntament de Mollet del Vallès"
    assert [e.title for e in feed.entries] == [f"{calls['grant'].reference} · Ajuts al lloguer"]
    assert feed.feed.link.endswith(reverse("convocatories:call-list") + "?tipus=grant")
    assert client.get(reverse("convocatories:feed-kind", args=["nope"])).status_code == 404


def test_new_phases_feed(client, calls):
    first = PhaseFactory(
        call=calls["old"], kind=PhaseKind.PROVISIONAL_LIST, published_at=ago(hours=5)
    )
    exam = PhaseFactory(
        call=calls["grant"],
        kind=PhaseKind.EXAM,
        title="Entrevista",
        date=datetime.date(2027, 1, 20),
        time=datetime.time(9, 30),
        place="Can Mulà",
        published_at=ago(hours=1),
    )
    PhaseFactory(call=calls["old"], published_at=timezone.now() + datetime.timedelta(days=1))
    draft = CallFactory(published=False)
    PhaseFactory(call=draft)

    feed = parse_feed(client, reverse("convocatories:feed-phases"))

    assert [e.title for e in feed.entries] == [
        f"Entrevista · {calls['grant'].reference} · Ajuts al lloguer",
        f"Provisional list of admitted people · {calls['old'].reference} · Arquitecte",
    ]
    entry = feed.entries[0]
    assert entry.link == f"http://testserver{calls['grant'].get_absolute_url()}#fase-{exam.pk}"
    assert "20 January 2027" in entry.summary
    assert "Can Mulà" in entry.summary
    assert feed.entries[1].link.endswith(f"#fase-{first.pk}")


def test_phases_of_one_call(client, calls):
    PhaseFactory(call=calls["old"], title="Llista definitiva", published_at=ago(hours=3))
    PhaseFactory(call=calls["grant"], published_at=ago(hours=2))

    feed = parse_feed(client, reverse("convocatories:feed-call", args=[calls["old"].slug]))

    assert feed.feed.title == f"Phases of {calls['old'].reference} · Arquitecte"
    assert [e.title for e in feed.entries] == [
        f"Llista definitiva · {calls['old'].reference} · Arquitecte"
    ]
    draft = CallFactory(published=False)
    assert client.get(reverse("convocatories:feed-call", args=[draft.slug])).status_code == 404


def test_feeds_cost_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(8):
        call = CallFactory(published__at=ago(days=n + 1))
        PhaseFactory(call=call)
    with django_assert_max_num_queries(3):
        parse_feed(client, reverse("convocatories:feed"))
    with django_assert_max_num_queries(3):
        parse_feed(client, reverse("convocatories:feed-phases"))


def test_the_pages_link_their_feeds_calendars_data_and_alerts(client, calls):
    landing = client.get(reverse("convocatories:index")).content.decode()
    assert (
        f'type="application/atom+xml" title="New calls (Atom)" href="{reverse("convocatories:feed")}"'
        in landing
    )
    assert reverse("convocatories:calendar") in landing
    assert reverse("convocatories:calendar-kind", args=["grant"]) in landing
    assert 'action="/en/convocatories/alertes/"' in landing
    assert 'name="alert-kinds"' in landing

    listing = client.get(reverse("convocatories:call-list"), {"tipus": "grant", "q": "clubs"})
    content = listing.content.decode()
    assert reverse("convocatories:calls-csv") + "?tipus=grant&amp;q=clubs" in content
    assert reverse("convocatories:calls-json") + "?tipus=grant&amp;q=clubs" in content
    assert reverse("convocatories:feed-kind", args=["grant"]) in content

    call = calls["old"]
    phase = PhaseFactory(call=call, published_at=ago(hours=1))
    detail = client.get(call.get_absolute_url()).content.decode()
    assert f'id="fase-{phase.pk}"' in detail
    assert reverse("convocatories:call-calendar", args=[call.slug]) in detail
    assert reverse("convocatories:feed-call", args=[call.slug]) in detail
    assert f'action="{reverse("convocatories:call-follow", args=[call.slug])}"' in detail
    cancelled = client.get(calls["cancelled"].get_absolute_url()).content.decode()
    assert "/alertes/" not in cancelled and 'name="alert-email"' not in cancelled
