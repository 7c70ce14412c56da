"""Subscribe, confirm and unsubscribe pages, and the alerts in La meva carpeta."""

import importlib
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.exports import user_data_export
from convocatories import alerts
from convocatories.choices import CallKind
from convocatories.models import AlertScope, AlertSubscription
from tests.convocatories.factories import CallFactory, call_cancelled

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/en/convocatories/alertes/"


def link_in(message) -> str:
    return re.search(r"https?://\S+/alertes/confirmar/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def ask(client, *, email="marta@example.cat", kinds=("job", "grant"), url=SUBSCRIBE):
    return client.post(url, {"alert-email": email, "alert-kinds": list(kinds)})


def confirmed(email="marta@example.cat", **kwargs) -> AlertSubscription:
    kwargs.setdefault("kinds", [CallKind.JOB])
    subscription = alerts.subscription_request(email=email, language="en", **kwargs)
    return alerts.subscription_confirm(subscription=subscription)


# --- Subscribing -----------------------------------------------------------------------


def test_the_subscribe_page_shows_the_form(client):
    response = client.get(reverse("convocatories:alerts-subscribe"))
    assert response.status_code == 200
    assert b'name="alert-email"' in response.content
    assert b'name="alert-kinds"' in response.content


def test_asking_for_alerts_mails_a_confirmation_and_sends_nothing_else(client):
    response = ask(client, url="/ca/convocatories/alertes/")

    assert response.status_code == 302
    assert response["Location"] == "/ca/convocatories/alertes/enviat/"
    subscription = AlertSubscription.objects.get()
    assert subscription.email == "marta@example.cat"
    assert subscription.kinds == ["job", "grant"]
    assert subscription.language == "ca"
    assert subscription.confirmed_at is None
    [message] = mail.outbox
    assert message.to == ["marta@example.cat"]
    # The link opens in the language the person was reading, and says nothing of the address.
    link = link_in(message)
    assert "/ca/convocatories/alertes/confirmar/" in link
    assert "marta" not in link
    assert message.alternatives[0][1] == "text/html"
    assert client.get(response["Location"]).status_code == 200


def test_bad_input_gets_a_clear_message_and_changes_nothing(client):
    response = ask(client, kinds=())
    assert response.status_code == 400
    assert b"Choose at least one kind of call." in response.content
    response = ask(client, email="not an address")
    assert response.status_code == 400
    assert b"Write a valid email address" in response.content
    response = ask(client, kinds=("nope",))
    assert response.status_code == 400
    assert AlertSubscription.objects.count() == 0
    assert mail.outbox == []


def test_confirming_takes_a_button_and_a_link_works_once(client):
    ask(client)
    path = path_of(link_in(mail.outbox[0]))

    page = client.get(path)
    assert page.status_code == 200
    assert b"Confirm your alerts" in page.content
    assert AlertSubscription.objects.get().confirmed_at is None  # a GET changes nothing

    done = client.post(path)
    assert done.status_code == 200
    assert b"Your alerts are active" in done.content
    subscription = AlertSubscription.objects.get()
    assert subscription.is_active

    for again in (client.get(path), client.post(path)):
        assert again.status_code == 200
        assert b"This link has already been used" in again.content
    subscription.refresh_from_db()
    assert subscription.is_active


def test_bad_and_expired_confirmation_links(client, monkeypatch):
    ask(client)
    path = path_of(link_in(mail.outbox[0]))

    bad = client.post(path.replace("/confirmar/", "/confirmar/x"))
    assert bad.status_code == 400
    assert b"This link does not work" in bad.content

    monkeypatch.setattr(alerts, "CONFIRM_MAX_AGE", -1)
    expired = client.post(path)
    assert expired.status_code == 400
    assert b"This link has expired" in expired.content
    assert AlertSubscription.objects.get().confirmed_at is None


def test_following_a_call(client):
    call = CallFactory()
    url = reverse("convocatories:call-follow", args=[call.slug])
    assert client.get(url).status_code == 200

    response = client.post(url, {"alert-email": "joan@example.cat"})

    assert response.status_code == 302
    subscription = AlertSubscription.objects.get()
    assert (subscription.scope, subscription.call) == (AlertScope.CALL_PHASES, call)
    assert call.reference in mail.outbox[0].body


def test_a_cancelled_or_draft_call_cannot_be_followed(client):
    cancelled = call_cancelled()
    response = client.post(
        reverse("convocatories:call-follow", args=[cancelled.slug]), {"alert-email": "a@b.cat"}
    )
    assert response.status_code == 410
    draft = CallFactory(published=False)
    response = client.post(
        reverse("convocatories:call-follow", args=[draft.slug]), {"alert-email": "a@b.cat"}
    )
    assert response.status_code == 404
    assert AlertSubscription.objects.count() == 0


def test_the_form_cannot_flood_an_address(client):
    for _ in range(alerts.CONFIRMATIONS_PER_ADDRESS + 2):
        assert ask(client, email="victim@example.cat").status_code == 302
    assert len(mail.outbox) == alerts.CONFIRMATIONS_PER_ADDRESS


def test_one_connection_is_slowed_down(client):
    for n in range(alerts.REQUESTS_PER_CLIENT):
        assert ask(client, email=f"person{n}@example.cat").status_code == 302
    response = ask(client, email="one-more@example.cat")
    assert response.status_code == 429
    assert b"Too many requests for alerts" in response.content
    assert not AlertSubscription.objects.filter(email="one-more@example.cat").exists()
    # Another connection is not affected.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert ask(other, email="one-more@example.cat").status_code == 302


def test_a_logged_in_citizen_with_a_verified_address_needs_no_confirmation(
    client_logged_in, citizen
):
    response = ask(client_logged_in, email=citizen.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("convocatories:alerts-manage")
    subscription = AlertSubscription.objects.get()
    assert subscription.is_active
    assert subscription.user == citizen
    assert mail.outbox == []


def test_a_logged_in_citizen_asking_for_another_address_confirms_it(client_logged_in, citizen):
    ask(client_logged_in, email="other@example.cat")
    subscription = AlertSubscription.objects.get()
    assert subscription.confirmed_at is None
    # Not the account's address: the subscription is not the account's either.
    assert subscription.user is None
    assert len(mail.outbox) == 1


def test_subscribing_someone_elses_address_gives_no_hold_on_their_alerts(client_logged_in, citizen):
    theirs = confirmed(email="victim@example.cat", kinds=[CallKind.GRANT])
    ask(client_logged_in, email="victim@example.cat", kinds=["job"])
    # The address's owner opens the mail and confirms (the kinds are theirs to choose).
    path = path_of(link_in(mail.outbox[0]))
    assert Client().post(path).status_code == 200

    theirs.refresh_from_db()
    assert theirs.is_active
    assert theirs.user is None
    assert not AlertSubscription.objects.filter(user=citizen).exists()
    manage = client_logged_in.get(reverse("convocatories:alerts-manage")).content.decode()
    assert "victim@example.cat" not in manage
    carpeta = client_logged_in.get(reverse("accounts:carpeta")).content.decode()
    assert "victim@example.cat" not in carpeta
    cancel = reverse("convocatories:alerts-manage-cancel", args=[theirs.pk])
    assert client_logged_in.post(cancel).status_code == 404
    assert user_data_export(citizen)["call_alerts"] == []
    theirs.refresh_from_db()
    assert theirs.is_active


def test_confirming_the_accounts_own_address_keeps_the_twins_link(client_logged_in, citizen):
    """A twin is never given the requester's account: here the address is the
    account's, so the person manages it through the verified address anyway."""
    older = confirmed(email=citizen.email, kinds=[CallKind.GRANT])
    assert older.user is None
    ask(client_logged_in, email=citizen.email, kinds=["job"])
    older.refresh_from_db()
    assert older.is_active and older.kinds == ["job"]
    assert older.user is None
    manage = client_logged_in.get(reverse("convocatories:alerts-manage")).content.decode()
    assert reverse("convocatories:alerts-manage-cancel", args=[older.pk]) in manage
    assert f"The alerts sent to your verified address, {citizen.email}" in manage


# --- Unsubscribing -------------------------------------------------------------------


def test_unsubscribe_page_asks_before_doing_anything(client):
    subscription = confirmed()
    token = alerts.unsubscribe_token_make([subscription])
    url = reverse("convocatories:alert-unsubscribe", args=[token])

    page = client.get(url)
    assert page.status_code == 200
    assert b"Stop the alerts" in page.content
    subscription.refresh_from_db()
    assert subscription.is_active


def test_one_click_unsubscribe_needs_no_csrf_token(db):
    first = confirmed(kinds=[CallKind.GRANT])
    follow = confirmed(call=CallFactory())
    token = alerts.unsubscribe_token_make([first, follow])
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("convocatories:alert-unsubscribe", args=[token]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert b"You are unsubscribed" in response.content
    assert AlertSubscription.objects.active().count() == 0

    again = client.post(reverse("convocatories:alert-unsubscribe", args=[token]))
    assert again.status_code == 200
    assert b"This link has already been used" in again.content


def test_a_bad_unsubscribe_link_changes_nothing(client):
    subscription = confirmed()
    token = alerts.unsubscribe_token_make([subscription])
    for bad in (token[:-3] + "abc", alerts.confirm_token_make(subscription), "x"):
        response = client.post(reverse("convocatories:alert-unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert b"This link does not work" in response.content
    subscription.refresh_from_db()
    assert subscription.is_active


# --- La meva carpeta -----------------------------------------------------------------


def test_the_carpeta_lists_the_citizens_alerts(client_logged_in, citizen, other_citizen):
    mine = confirmed(email=citizen.email, kinds=[CallKind.SCHOLARSHIP])
    call = CallFactory(title="Beques de menjador")
    confirmed(email=citizen.email.upper(), call=call)
    # Linked to the account but sent to another address (as the seu once did):
    # whoever holds that address owns it.
    elsewhere = confirmed(email="other@example.cat", call=CallFactory(title="Borsa de conserges"))
    AlertSubscription.objects.filter(pk=elsewhere.pk).update(user=citizen)
    confirmed(email=other_citizen.email, kinds=[CallKind.JOB])

    page = client_logged_in.get(reverse("accounts:carpeta"))

    assert page.status_code == 200
    content = page.content.decode()
    assert "New calls: Scholarship" in content
    assert "Every new phase of the call" in content and "Beques de menjador" in content
    assert other_citizen.email not in content
    assert "other@example.cat" not in content and "Borsa de conserges" not in content
    assert reverse("convocatories:alerts-manage") in content
    assert mine.email in content


def test_the_manage_page_changes_kinds_and_unsubscribes(client_logged_in, citizen):
    mine = confirmed(email=citizen.email, kinds=[CallKind.JOB])
    manage = reverse("convocatories:alerts-manage")
    assert client_logged_in.get(manage).status_code == 200

    response = client_logged_in.post(
        reverse("convocatories:alerts-manage-kinds", args=[mine.pk]),
        {f"s{mine.pk}-kinds": ["grant", "subsidy"]},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.kinds == ["grant", "subsidy"]

    response = client_logged_in.post(
        reverse("convocatories:alerts-manage-kinds", args=[mine.pk]), {}
    )
    assert response.status_code == 400
    assert b"Choose at least one kind of call." in response.content
    mine.refresh_from_db()
    assert mine.kinds == ["grant", "subsidy"]

    response = client_logged_in.post(reverse("convocatories:alerts-manage-cancel", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert not mine.is_active


def test_nobody_manages_someone_elses_alerts(client, client_logged_in, other_citizen):
    theirs = confirmed(email=other_citizen.email)
    for name in ("alerts-manage-cancel", "alerts-manage-kinds"):
        url = reverse(f"convocatories:{name}", args=[theirs.pk])
        assert client_logged_in.post(url, {f"s{theirs.pk}-kinds": ["grant"]}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active and theirs.kinds == ["job"]
    anonymous = Client()
    response = anonymous.get(reverse("convocatories:alerts-manage"))
    assert response.status_code == 302
    assert "/compte/entrar/" in response["Location"]


def test_the_data_export_holds_the_alerts(citizen):
    confirmed(email=citizen.email, kinds=[CallKind.GRANT])
    data = user_data_export(citizen)
    [alert] = data["call_alerts"]
    assert alert["email"] == citizen.email
    assert alert["kinds"] == ["grant"]
    assert alert["confirmed_at"] is not None
    assert alert["mails_sent"] == []


def test_the_migration_unlinks_subscriptions_of_other_addresses(citizen):
    from django.apps import apps

    migration = importlib.import_module(
        "convocatories.migrations.0004_alert_subscription_owner_is_its_address"
    )
    own = confirmed(email=citizen.email)
    AlertSubscription.objects.filter(pk=own.pk).update(user=citizen, email=citizen.email.upper())
    other = confirmed(email="victim@example.cat", call=CallFactory())
    AlertSubscription.objects.filter(pk=other.pk).update(user=citizen)

    migration.unlink_other_addresses(apps, None)

    own.refresh_from_db()
    other.refresh_from_db()
    assert own.user == citizen
    assert other.user is None
