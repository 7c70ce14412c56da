"""Live recording: what counts as a page view, what is stored, and what never happens."""

import logging
from datetime import timedelta

import pytest
from django.db import DatabaseError

from estadistiques.models import PageView
from estadistiques.visitors import salt_for, visitor_key
from tests.estadistiques.traffic import FIREFOX, GOOGLEBOT, IPHONE, madrid

pytestmark = pytest.mark.django_db


def get(client, path, ip="192.0.2.10", agent=FIREFOX, **extra):
    return client.get(path, REMOTE_ADDR=ip, HTTP_USER_AGENT=agent, **extra)


def test_a_page_records_one_view_with_its_fields(client, clock):
    clock.now = madrid(10, 9, 0)
    response = get(client, "/ca/tramits/?q=padró", HTTP_REFERER="https://www.google.es/search")
    assert response.status_code == 200
    view = PageView.objects.get()
    assert view.time == madrid(10, 9, 0)
    assert view.path == "/ca/tramits/"
    assert view.section == "tramits"
    assert view.device == "desktop"
    assert view.referrer == "www.google.es"
    assert view.city == "unknown" and view.country == "unknown"
    assert view.visitor_key == visitor_key(salt_for(clock.now), "192.0.2.10", FIREFOX)


def test_the_device_comes_from_the_user_agent(client, clock):
    get(client, "/es/", agent=IPHONE)
    assert PageView.objects.get().device == "mobile"


@pytest.mark.parametrize(
    "referrer", ["http://testserver/ca/", "http://localhost/x", "", "nonsense"]
)
def test_the_seu_itself_or_no_referrer_records_an_empty_referrer(client, clock, referrer):
    get(client, "/ca/", HTTP_REFERER=referrer)
    assert PageView.objects.get().referrer == ""


@pytest.mark.parametrize(
    "path",
    [
        "/ca/no-such-page/",  # 404
        "/",  # 302 to /ca/
        "/ca/tramits",  # 301 to the slash
        "/healthz",
        "/api/v1/notices",
        "/gestio/",
        "/gestio/login/",
        "/ca/tauler/feeds/",
        "/ca/tauler/?format=json",
        "/ca/tauler/?format=csv",
        "/static/css/seu.css",
    ],
)
def test_what_is_not_an_html_page_answered_200_is_not_recorded(client, clock, path):
    get(client, path)
    assert PageView.objects.count() == 0


def test_post_and_head_are_not_page_views(client, clock):
    client.post("/ca/compte/entrar/", {}, REMOTE_ADDR="192.0.2.1", HTTP_USER_AGENT=FIREFOX)
    client.head("/ca/", REMOTE_ADDR="192.0.2.1", HTTP_USER_AGENT=FIREFOX)
    assert PageView.objects.count() == 0


def test_bots_and_empty_user_agents_are_not_recorded(client, clock):
    get(client, "/ca/", agent=GOOGLEBOT)
    get(client, "/ca/", agent="")
    assert PageView.objects.count() == 0


def test_recording_can_be_switched_off(client, clock, settings):
    settings.STATS_ENABLED = False
    get(client, "/ca/")
    assert PageView.objects.count() == 0


def key_of_last_view():
    return PageView.objects.latest("id").visitor_key


def test_untrusted_forwarded_header_is_ignored(client, clock):
    get(client, "/ca/", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.99")
    get(client, "/ca/", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    keys = set(PageView.objects.values_list("visitor_key", flat=True))
    assert keys == {visitor_key(salt_for(clock.now), "10.0.0.1", FIREFOX)}


def test_one_trusted_proxy_uses_the_last_forwarded_address(client, clock, settings):
    settings.TRUSTED_PROXIES = 1
    salt = salt_for(clock.now)
    # The client forged the first address; the proxy appended the real one.
    get(client, "/ca/", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66, 192.0.2.99")
    assert key_of_last_view() == visitor_key(salt, "192.0.2.99", FIREFOX)


def test_two_trusted_proxies_use_the_second_address_from_the_right(client, clock, settings):
    settings.TRUSTED_PROXIES = 2
    salt = salt_for(clock.now)
    get(client, "/ca/", ip="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66, 192.0.2.99, 10.0.0.1")
    assert key_of_last_view() == visitor_key(salt, "192.0.2.99", FIREFOX)


def test_trusted_proxy_without_the_header_uses_the_connection(client, clock, settings):
    settings.TRUSTED_PROXIES = 1
    salt = salt_for(clock.now)
    get(client, "/ca/", ip="192.0.2.5")
    assert key_of_last_view() == visitor_key(salt, "192.0.2.5", FIREFOX)
    get(client, "/ca/", ip="192.0.2.5", HTTP_X_FORWARDED_FOR="not an address")
    assert key_of_last_view() == visitor_key(salt, "192.0.2.5", FIREFOX)


def test_ipv6_addresses_are_keyed_in_one_spelling(client, clock, settings):
    settings.TRUSTED_PROXIES = 1
    salt = salt_for(clock.now)
    get(client, "/ca/", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="[2001:DB8:0:0::5]:4431")
    get(client, "/ca/", ip="2001:db8::5")
    keys = set(PageView.objects.values_list("visitor_key", flat=True))
    assert keys == {visitor_key(salt, "2001:db8::5", FIREFOX)}


def test_no_raw_address_is_stored_anywhere(client, clock, settings):
    settings.TRUSTED_PROXIES = 1
    get(client, "/ca/", ip="10.9.8.7", HTTP_X_FORWARDED_FOR="192.0.2.123")
    get(client, "/ca/", ip="2001:db8:abcd::77")
    from django.db import connection

    with connection.cursor() as cursor:
        for model in (PageView,):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")
            dump = repr(cursor.fetchall())
    for address in ("10.9.8.7", "192.0.2.123", "2001:db8:abcd::77", "2001:db8:abcd"):
        assert address not in dump


def test_the_middleware_sets_no_cookie_and_leaves_the_response_alone(client, clock, settings):
    recorded = get(client, "/ca/tramits/")
    settings.STATS_ENABLED = False
    plain = get(client, "/ca/tramits/")
    assert PageView.objects.count() == 1
    assert not recorded.cookies
    assert "sessionid" not in client.cookies
    assert recorded.get("Vary") == plain.get("Vary")
    assert recorded.get("Cache-Control") == plain.get("Cache-Control")


def test_a_database_error_is_logged_and_swallowed(client, clock, monkeypatch, caplog):
    def broken(**fields):
        raise DatabaseError("disk full")

    monkeypatch.setattr(PageView.objects, "create", broken)
    with caplog.at_level(logging.ERROR, logger="estadistiques.middleware"):
        response = get(client, "/ca/")
    assert response.status_code == 200
    assert "Could not record a page view" in caplog.text


def test_a_failed_insert_does_not_break_the_surrounding_transaction(client, clock, monkeypatch):
    # A real failure inside the database (a missing table), inside the test's
    # transaction: the savepoint must keep the connection usable.
    monkeypatch.setattr(PageView._meta, "db_table", "estadistiques_no_such_table")
    assert get(client, "/ca/").status_code == 200
    monkeypatch.undo()
    assert PageView.objects.count() == 0


def test_a_geoip_database_gives_city_and_country(client, clock, monkeypatch):
    from estadistiques import geo

    class Found:
        class city:
            name = "Mollet del Vallès"

        class country:
            iso_code = "ES"

    class Reader:
        def city(self, ip):
            if ip == "192.0.2.10":
                return Found()
            raise ValueError(ip)

    monkeypatch.setattr(geo, "reader", lambda: Reader())
    get(client, "/ca/")
    get(client, "/ca/", ip="192.0.2.11")
    rows = list(PageView.objects.order_by("id").values_list("city", "country"))
    assert rows == [("Mollet del Vallès", "ES"), ("unknown", "unknown")]


def test_an_unreadable_geoip_database_gives_unknown(client, clock, settings, tmp_path):
    broken = tmp_path / "city.mmdb"
    broken.write_bytes(b"not a database")
    settings.GEOIP_PATH = str(broken)
    assert get(client, "/ca/").status_code == 200
    assert PageView.objects.get().city == "unknown"


def test_recording_time_is_the_clock_of_the_response(client, clock):
    clock.now = madrid(10, 9, 0)
    get(client, "/ca/")
    clock.now += timedelta(minutes=5)
    get(client, "/ca/tauler/")
    times = list(PageView.objects.order_by("time").values_list("time", flat=True))
    assert times == [madrid(10, 9, 0), madrid(10, 9, 5)]


# --- When the row is written: response.close() --------------------------------------


def middleware_response(view_response, path="/ca/"):
    from django.test import RequestFactory

    from estadistiques.middleware import StatsMiddleware

    request = RequestFactory().get(path, REMOTE_ADDR="192.0.2.10", HTTP_USER_AGENT=FIREFOX)
    return StatsMiddleware(lambda request: view_response)(request)


def close(response):
    """response.close() as a WSGI server calls it, keeping the test's database connection
    open (as Django's test client does: close() sends request_finished)."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def test_this_django_runs_response_closers_on_close():
    # The middleware relies on HttpResponse._resource_closers (private): if an
    # upgrade of Django drops it, this fails instead of recording nothing.
    from django.http import HttpResponse, StreamingHttpResponse

    for response in (HttpResponse(), StreamingHttpResponse(iter([b""]))):
        ran = []
        assert isinstance(response._resource_closers, list)
        response._resource_closers.append(lambda ran=ran: ran.append(True))
        close(response)
        assert ran == [True]


def test_the_view_is_written_when_the_response_is_closed_and_only_once(clock):
    from django.http import HttpResponse

    response = middleware_response(HttpResponse("<p>hi</p>", content_type="text/html"))
    assert not PageView.objects.exists()
    close(response)
    close(response)
    assert PageView.objects.count() == 1


def test_a_streaming_page_is_written_after_its_last_chunk(clock):
    from django.http import StreamingHttpResponse

    response = middleware_response(
        StreamingHttpResponse(iter([b"<p>", b"hi</p>"]), content_type="text/html")
    )
    assert b"".join(response.streaming_content) == b"<p>hi</p>"
    assert not PageView.objects.exists()
    close(response)
    assert PageView.objects.get().path == "/ca/"


def test_a_response_never_closed_records_nothing(clock):
    from django.http import HttpResponse

    middleware_response(HttpResponse("<p>hi</p>", content_type="text/html"))
    assert not PageView.objects.exists()


def test_an_unexpected_error_is_logged_and_the_other_closers_still_run(clock, monkeypatch, caplog):
    from django.http import HttpResponse

    from estadistiques import geo

    def broken(ip):
        raise RuntimeError("GeoIP exploded")

    monkeypatch.setattr(geo, "locate", broken)
    response = HttpResponse("<p>hi</p>", content_type="text/html")
    closed = []
    response = middleware_response(response)
    response._resource_closers.append(lambda: closed.append(True))
    with caplog.at_level(logging.ERROR, logger="estadistiques.middleware"):
        close(response)
    assert closed == [True]
    assert "Unexpected error recording a page view of /ca/" in caplog.text
    assert not PageView.objects.exists()


def test_without_response_closers_the_view_is_written_at_once(clock, caplog):
    from django.http import HttpResponse

    response = HttpResponse("<p>hi</p>", content_type="text/html")
    del response._resource_closers
    with caplog.at_level(logging.WARNING, logger="estadistiques.middleware"):
        middleware_response(response)
    assert PageView.objects.count() == 1
    assert "no _resource_closers" in caplog.text
