import hashlib
import time

import pytest
from django.urls import reverse

from documents import views

pytestmark = pytest.mark.django_db

NOT_FOUND = "No document has this verification code. Check that you copied it correctly."
UNKNOWN = "ZZZZ-2222-ZZZZ-2222-ZZZZ"


def verify_url(language="en"):
    from django.utils import translation

    with translation.override(language):
        return reverse("documents:verify")


def test_the_verification_page_shows_an_accessible_form(client):
    response = client.get(verify_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert '<label for="id_codi">' in html
    assert 'aria-describedby="id_codi_helptext"' in html
    assert 'id="id_codi_helptext"' in html
    assert "aria-invalid" not in html


def test_a_right_code_leads_to_the_document(client, document):
    typed = document.csv_display.lower().replace("-", " ")
    response = client.get(verify_url(), {"codi": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/en/verificacio/{document.csv_display}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert document.title in html
    assert "Registry receipt" in html
    assert document.sha256 in html
    assert 'class="hash"' in html
    assert document.get_download_url() in html
    assert "no-store" in page["Cache-Control"]


def test_the_issue_time_is_shown_in_madrid_time(client, document):
    from zoneinfo import ZoneInfo

    local = document.issued_at.astimezone(ZoneInfo("Europe/Madrid"))
    html = client.get(document.get_absolute_url()).content.decode()
    assert local.strftime("%d/%m/%Y %H:%M:%S") in html


def test_an_unknown_code_gets_an_error_beside_the_field(client, document):
    response = client.get(verify_url(), {"codi": UNKNOWN})
    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_FOUND in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_codi_error"' in html
    assert "field-invalid" in html
    assert f'value="{UNKNOWN}"' in html


def test_a_malformed_code_gets_its_own_explanation(client):
    response = client.get(verify_url(), {"codi": "ABCD-0000"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "A verification code has 20 letters and digits" in html
    assert 'aria-invalid="true"' in html


def test_an_empty_code_is_asked_for(client):
    response = client.get(verify_url(), {"codi": ""})
    assert response.status_code == 200
    assert "Enter the verification code printed on the document." in response.content.decode()


def test_the_permalink_of_an_unknown_or_malformed_code_is_404(client):
    for code in (UNKNOWN, "nonsense"):
        response = client.get(reverse("documents:document-detail", kwargs={"code": code}))
        assert response.status_code == 404
        assert response.templates[0].name == "documents/verify.html"
    assert NOT_FOUND in client.get(f"/en/verificacio/{UNKNOWN}/").content.decode()


def test_a_permalink_typed_differently_redirects_to_the_canonical_one(client, document):
    response = client.get(f"/en/verificacio/{document.csv.lower()}/")
    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()


def test_the_download_is_the_exact_stored_pdf(client, document):
    response = client.get(document.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert document.csv_display in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == document.sha256
    assert body == document.file.read()


def test_the_download_of_an_unknown_code_is_404(client):
    response = client.get(reverse("documents:document-download", kwargs={"code": UNKNOWN}))
    assert response.status_code == 404


def test_a_stored_file_that_was_altered_is_never_served(client, document):
    with open(document.file.path, "r+b") as file:
        file.seek(100)
        file.write(b"X")
    with pytest.raises(views.StoredFileAltered):
        client.get(document.get_download_url())


def test_the_pages_work_in_spanish_and_only_answer_get(client, document):
    assert client.get(verify_url("es")).status_code == 200
    assert client.head(document.get_absolute_url()).status_code == 200
    assert client.post(verify_url(), {"codi": document.csv}).status_code == 405


def fail(client, times, address="198.51.100.7"):
    for _ in range(times):
        response = client.get(verify_url(), {"codi": UNKNOWN}, REMOTE_ADDR=address)
        assert response.status_code == 200
    return response


def test_ten_wrong_codes_block_the_address_even_for_a_right_code(client, document):
    fail(client, views.MAX_FAILURES)
    for url, data in (
        (verify_url(), {"codi": document.csv}),
        (document.get_absolute_url(), {}),
        (document.get_download_url(), {}),
        (verify_url(), {"codi": "garbage"}),
    ):
        response = client.get(url, data, REMOTE_ADDR="198.51.100.7")
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
        assert "verification is paused for your connection" in response.content.decode()
    # Another address is not affected.
    other = client.get(verify_url(), {"codi": document.csv}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302


def test_wrong_permalinks_count_as_failures_too(client):
    for _ in range(views.MAX_FAILURES):
        client.get(f"/en/verificacio/{UNKNOWN}/", REMOTE_ADDR="198.51.100.7")
    assert (
        client.get(verify_url(), {"codi": UNKNOWN}, REMOTE_ADDR="198.51.100.7").status_code == 429
    )


def test_malformed_codes_and_right_codes_do_not_count(client, document):
    for _ in range(views.MAX_FAILURES * 2):
        client.get(verify_url(), {"codi": "typo"}, REMOTE_ADDR="198.51.100.7")
        client.get(verify_url(), {"codi": document.csv}, REMOTE_ADDR="198.51.100.7")
    fail(client, views.MAX_FAILURES - 1)
    assert (
        client.get(verify_url(), {"codi": document.csv}, REMOTE_ADDR="198.51.100.7").status_code
        == 302
    )


def test_a_right_code_does_not_reset_the_count(client, document):
    fail(client, views.MAX_FAILURES - 1)
    assert (
        client.get(verify_url(), {"codi": document.csv}, REMOTE_ADDR="198.51.100.7").status_code
        == 302
    )
    fail(client, 1)
    assert (
        client.get(verify_url(), {"codi": document.csv}, REMOTE_ADDR="198.51.100.7").status_code
        == 429
    )


def test_ipv6_addresses_are_counted_per_64_block(client):
    for n in range(views.MAX_FAILURES):
        client.get(verify_url(), {"codi": UNKNOWN}, REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}")
    blocked = client.get(verify_url(), {"codi": UNKNOWN}, REMOTE_ADDR="2001:db8:1:2:ffff::1")
    assert blocked.status_code == 429
    elsewhere = client.get(verify_url(), {"codi": UNKNOWN}, REMOTE_ADDR="2001:db8:1:3::1")
    assert elsewhere.status_code == 200


def test_the_block_ends_after_the_lockout(client, document, monkeypatch):
    fail(client, views.MAX_FAILURES)
    assert (
        client.get(verify_url(), {"codi": document.csv}, REMOTE_ADDR="198.51.100.7").status_code
        == 429
    )
    later = time.time() + views.LOCKOUT_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert (
        client.get(verify_url(), {"codi": document.csv}, REMOTE_ADDR="198.51.100.7").status_code
        == 302
    )


def test_behind_nginx_wrong_codes_block_only_the_visitor_who_sent_them(client, document, settings):
    """nginx connects from one address for the whole town: the visitor is the
    address it appends to X-Forwarded-For."""
    settings.TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(views.MAX_FAILURES):
        client.get(verify_url(), {"codi": UNKNOWN}, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)

    guesser = client.get(
        verify_url(), {"codi": document.csv}, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )
    neighbour = client.get(
        verify_url(), {"codi": document.csv}, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy
    )
    forger = client.get(
        verify_url(),
        {"codi": document.csv},
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",  # a forged first address
        **proxy,
    )

    assert guesser.status_code == 429
    assert neighbour.status_code == 302
    assert forger.status_code == 429


def test_the_block_survives_another_worker_s_empty_cache(client, document):
    from django.core.cache import cache

    fail(client, views.MAX_FAILURES)
    cache.clear()
    assert (
        client.get(verify_url(), {"codi": document.csv}, REMOTE_ADDR="198.51.100.7").status_code
        == 429
    )
