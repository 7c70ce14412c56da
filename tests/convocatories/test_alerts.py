"""The alert services and `convocatories_send_alerts`: opt-in, digests, never twice."""

import datetime
import threading
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import TestCase
from django.utils import timezone

from convocatories import alerts, digests
from convocatories.choices import CallKind, PhaseKind
from convocatories.models import AlertDelivery, AlertDigest, AlertScope, AlertSubscription
from outbox import services as outbox_services
from outbox.choices import MailState
from outbox.models import Mail
from tests.convocatories.factories import CallFactory, PhaseFactory

MADRID = ZoneInfo("Europe/Madrid")
# The run under test: 10:00 in Madrid on a day in the future of every factory.
T0 = datetime.datetime(2027, 3, 10, 10, 0, tzinfo=MADRID)


def hours(n: float) -> datetime.timedelta:
    return datetime.timedelta(hours=n)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SEU_SITE_URL = "https://seu.mollet.example"


BEFORE_T0 = T0 - datetime.timedelta(hours=48)


def subscribe(email, *, kinds=(), call=None, at=BEFORE_T0, language="en", confirm=True):
    subscription = alerts.subscription_request(
        email=email, kinds=list(kinds), call=call, language=language
    )
    if confirm:
        subscription = alerts.subscription_confirm(subscription=subscription, at=at)
    return subscription


def new_call(*, at, **kwargs):
    return CallFactory(published__at=at, **kwargs)


def committed(function, *args, **kwargs):
    """Run `function` as if its transactions committed: the outbox then
    delivers what they wrote (to Django's test mailbox)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return function(*args, **kwargs)


def run(at=T0) -> digests.Report:
    return committed(digests.alerts_send, at=at)


@pytest.fixture
def followed(db):
    """A call published two days before T0 (before anybody subscribed)."""
    return new_call(at=T0 - hours(50), title="Tècnic d'urbanisme")


# --- Opt-in --------------------------------------------------------------------------


@pytest.mark.django_db
def test_unconfirmed_and_cancelled_subscriptions_get_nothing():
    subscribe("pending@example.cat", kinds=[CallKind.JOB], confirm=False)
    gone = subscribe("gone@example.cat", kinds=[CallKind.JOB])
    alerts.subscriptions_cancel(subscriptions=[gone], at=T0 - hours(30))
    new_call(at=T0 - hours(1))

    report = run()

    assert report.sent == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_confirming_twice_raises_and_changes_nothing():
    subscription = subscribe("marta@example.cat", kinds=[CallKind.JOB], confirm=False)
    alerts.subscription_confirm(subscription=subscription, at=T0)
    with pytest.raises(alerts.AlreadyDone):
        alerts.subscription_confirm(subscription=subscription, at=T0 + hours(1))
    subscription.refresh_from_db()
    assert subscription.confirmed_at == T0


@pytest.mark.django_db
def test_confirming_new_kinds_updates_the_live_subscription():
    live = subscribe("marta@example.cat", kinds=[CallKind.JOB])
    again = subscribe("Marta@Example.cat ", kinds=[CallKind.GRANT, CallKind.SUBSIDY], at=T0)

    assert again.pk == live.pk
    live.refresh_from_db()
    assert live.kinds == [CallKind.GRANT, CallKind.SUBSIDY]
    assert AlertSubscription.objects.active().filter(email="marta@example.cat").count() == 1


@pytest.mark.django_db
def test_a_subscription_needs_kinds_or_a_followable_call(followed):
    with pytest.raises(Exception, match="at least one kind"):
        alerts.subscription_request(email="a@example.cat", kinds=[], language="en")
    with pytest.raises(Exception, match="at least one kind"):
        alerts.subscription_request(email="a@example.cat", kinds=["nope"], language="en")
    draft = CallFactory(published=False)
    with pytest.raises(Exception, match="cannot be followed"):
        alerts.subscription_request(email="a@example.cat", call=draft, language="en")
    assert AlertSubscription.objects.count() == 0


@pytest.mark.django_db
def test_database_keeps_one_live_subscription_per_target(followed):
    subscribe("a@example.cat", call=followed)
    twin = AlertSubscription.objects.create(
        email="a@example.cat", language="en", scope=AlertScope.CALL_PHASES, call=followed
    )
    twin.confirmed_at = T0
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


@pytest.mark.django_db
def test_expired_and_forged_tokens(followed):
    subscription = subscribe("a@example.cat", call=followed, confirm=False)
    token = alerts.confirm_token_make(subscription)
    assert alerts.confirm_token_subscription(token) == subscription
    with pytest.raises(alerts.TokenExpired):
        alerts.confirm_token_subscription(token, max_age=-1)
    with pytest.raises(alerts.TokenInvalid):
        alerts.confirm_token_subscription(token[:-2] + "xx")
    with pytest.raises(alerts.TokenInvalid):
        alerts.unsubscribe_token_subscriptions(token)  # a confirm token is no unsubscribe token
    # An unsubscribe token names only the subscriptions it was made for.
    other = subscribe("b@example.cat", kinds=[CallKind.JOB])
    unsubscribe = alerts.unsubscribe_token_make([other])
    assert alerts.unsubscribe_token_subscriptions(unsubscribe) == [other]


@pytest.mark.django_db
def test_unconfirmed_requests_are_forgotten_once_their_link_expired():
    subscribe("late@example.cat", kinds=[CallKind.JOB], confirm=False)
    AlertSubscription.objects.update(created_at=T0 - datetime.timedelta(days=4))
    subscribe("recent@example.cat", kinds=[CallKind.JOB], confirm=False)
    AlertSubscription.objects.filter(email="recent@example.cat").update(created_at=T0 - hours(2))

    assert run().purged == 1
    assert list(AlertSubscription.objects.values_list("email", flat=True)) == ["recent@example.cat"]


# --- Digests --------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_digest_groups_every_subscription_and_item_of_an_address(followed):
    news = subscribe("marta@example.cat", kinds=[CallKind.JOB, CallKind.GRANT])
    follow = subscribe("marta@example.cat", call=followed)
    job = new_call(at=T0 - hours(5), title="Agent de la policia local")
    grant = new_call(at=T0 - hours(4), funding=True, title="Ajuts al lloguer")
    new_call(at=T0 - hours(3), kind=CallKind.SUBSIDY, funding=True, title="No demanat")
    list_phase = PhaseFactory(
        call=followed, kind=PhaseKind.PROVISIONAL_LIST, published_at=T0 - hours(3)
    )
    exam = PhaseFactory(
        call=followed,
        kind=PhaseKind.EXAM,
        title="Primer exercici",
        date=datetime.date(2027, 4, 1),
        time=datetime.time(9, 30),
        place="Can Mulà",
        published_at=T0 - hours(2),
    )
    # Published before the subscription was confirmed: not news to this address.
    PhaseFactory(call=followed, published_at=T0 - hours(49))

    report = run()

    assert [(s.email, s.items, s.subscriptions) for s in report.sent] == [
        ("marta@example.cat", 4, 2)
    ]
    [message] = mail.outbox
    assert message.to == ["marta@example.cat"]
    assert message.subject == "Calls of the Ajuntament de Mollet del Vallès: 4 new items"
    body = message.body
    for text in (
        "Agent de la policia local",
        "Ajuts al lloguer",
        "Provisional list of admitted people",
        "Primer exercici: 1 April 2027, at 09:30 · Can Mulà",
        f"https://seu.mollet.example/en/convocatories/{followed.slug}/#fase-{exam.pk}",
        f"https://seu.mollet.example{job.get_absolute_url()}",
    ):
        assert text in body
    assert "No demanat" not in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Ajuts al lloguer" in html
    # One-click unsubscribe (RFC 8058) for everything this mail is about.
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://seu.mollet.example/en/convocatories/alertes/baixa/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = unsubscribe.strip("<>").rstrip("/").rsplit("/", 1)[1]
    assert {s.pk for s in alerts.unsubscribe_token_subscriptions(token)} == {news.pk, follow.pk}
    assert unsubscribe.strip("<>") in body
    assert AlertDelivery.objects.count() == 4
    assert set(AlertDelivery.objects.values_list("new_call", "phase")) == {
        (job.pk, None),
        (grant.pk, None),
        (None, list_phase.pk),
        (None, exam.pk),
    }
    assert AlertDigest.objects.get().day == datetime.date(2027, 3, 10)


@pytest.mark.django_db
def test_each_address_gets_its_own_digest(followed):
    subscribe("a@example.cat", kinds=[CallKind.JOB])
    subscribe("b@example.cat", kinds=[CallKind.JOB])
    subscribe("c@example.cat", call=followed)
    new_call(at=T0 - hours(1))

    report = run()

    assert sorted(s.email for s in report.sent) == ["a@example.cat", "b@example.cat"]
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.cat", "b@example.cat"]


@pytest.mark.django_db
def test_at_most_one_digest_a_day_and_later_items_go_in_the_next(followed):
    subscribe("marta@example.cat", kinds=[CallKind.JOB])
    first = new_call(at=T0 - hours(1), title="Primera")
    assert len(run().sent) == 1

    later = new_call(at=T0 + hours(2), title="Segona")
    # Same day (Madrid): the day's digest is gone, nothing more today.
    assert run(T0 + hours(3)).sent == []
    assert (
        run(
            T0
            + hours(
                13,
            )
        ).sent
        == []
    )  # 23:00
    assert len(mail.outbox) == 1

    # The next day, only what is new since.
    report = run(T0 + hours(24))
    assert [s.items for s in report.sent] == [1]
    assert "Segona" in mail.outbox[1].body
    assert "Primera" not in mail.outbox[1].body
    assert set(AlertDelivery.objects.values_list("new_call", flat=True)) == {first.pk, later.pk}
    # And never again.
    assert run(T0 + hours(48)).sent == []
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_day_is_the_madrid_day():
    subscribe("marta@example.cat", kinds=[CallKind.JOB])
    new_call(at=T0 - hours(1))
    # 23:30 in Madrid is 22:30 UTC: still the same official day as 00:30 before it.
    late = datetime.datetime(2027, 3, 10, 23, 30, tzinfo=MADRID)
    assert len(run(late).sent) == 1
    new_call(at=late + datetime.timedelta(minutes=10))
    assert run(late + datetime.timedelta(minutes=20)).sent == []
    # 00:05 the next day in Madrid (still the 10th in UTC): a new day.
    assert len(run(late + datetime.timedelta(minutes=35)).sent) == 1


@pytest.mark.django_db
def test_running_the_command_twice_sends_nothing_the_second_time():
    followed = new_call(at=timezone.now() - hours(72))
    subscribe("marta@example.cat", kinds=[CallKind.JOB], at=timezone.now() - hours(48))
    subscribe("joan@example.cat", call=followed, at=timezone.now() - hours(48))
    call = new_call(at=timezone.now() - hours(1), title="Arquitecte")
    PhaseFactory(call=followed, title="Resultats", published_at=timezone.now() - hours(1))

    out = StringIO()
    committed(call_command, "convocatories_send_alerts", stdout=out)
    first = out.getvalue()
    assert "Sent to j***@example.cat: 1 item(s) from 1 subscription(s)" in first
    assert "Sent to m***@example.cat: 1 item(s) from 1 subscription(s)" in first
    # Cron mails and logs this output: no full address goes there.
    assert "joan@" not in first
    assert "marta@" not in first
    assert f"new call {call.reference} · Arquitecte" in first
    assert f"phase of {followed.reference}: Resultats" in first
    assert "2 digest(s) written to the outbox." in first
    assert len(mail.outbox) == 2

    out = StringIO()
    committed(call_command, "convocatories_send_alerts", stdout=out)
    assert "Nothing to send." in out.getvalue()
    assert len(mail.outbox) == 2
    assert AlertDelivery.objects.count() == 2


@pytest.mark.django_db
def test_a_digest_the_mail_server_refuses_waits_in_the_outbox_and_goes_once(monkeypatch):
    subscribe("marta@example.cat", kinds=[CallKind.JOB])
    new_call(at=T0 - hours(1))

    def broken(self):
        raise ConnectionRefusedError("SMTP server down")

    with monkeypatch.context() as patch:
        patch.setattr(locmem.EmailBackend, "open", broken, raising=False)
        report = run()
    # The day's digest is claimed and its mail waits; nothing is lost.
    assert [s.email for s in report.sent] == ["marta@example.cat"]
    assert mail.outbox == []
    [waiting] = Mail.objects.filter(state=MailState.PENDING)
    assert "SMTP server down" in waiting.last_error

    # Later runs of the digests send nothing more; the outbox delivers it, once.
    assert run(T0 + hours(1)).sent == []
    outbox_services.deliver_due(now=timezone.now() + datetime.timedelta(hours=1))
    outbox_services.deliver_due(now=timezone.now() + datetime.timedelta(hours=2))
    [message] = mail.outbox
    assert message.to == ["marta@example.cat"]
    assert Mail.objects.get().state == MailState.SENT


@pytest.mark.django_db
def test_the_command_fails_loudly_when_a_digest_cannot_be_written(monkeypatch):
    subscribe("marta@example.cat", kinds=[CallKind.JOB], at=timezone.now() - hours(48))
    new_call(at=timezone.now() - hours(1))

    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(digests, "mail_send", broken)
    from django.core.management.base import CommandError

    out = StringIO()
    with pytest.raises(CommandError, match="stay due for the next run") as failure:
        call_command("convocatories_send_alerts", stdout=out)
    assert "Could not write the digest of 1 address(es)" in str(failure.value)
    assert "marta" not in str(failure.value)
    assert "marta" not in out.getvalue()
    # Nothing of that address was claimed: its items stay due.
    assert AlertDigest.objects.count() == AlertDelivery.objects.count() == 0


@pytest.mark.django_db
def test_the_command_masks_the_addresses_another_run_is_sending_to(monkeypatch):
    report = digests.Report(
        sent=[
            digests.Sent(
                email="núria.vidal@mollet.example", items=3, subscriptions=2, lines=["a", "b", "c"]
            )
        ],
        skipped=["carles@mollet.example"],
    )
    monkeypatch.setattr(
        "convocatories.management.commands.convocatories_send_alerts.alerts_send", lambda: report
    )
    out = StringIO()
    call_command("convocatories_send_alerts", stdout=out)
    output = out.getvalue()
    assert "Sent to n***@mollet.example: 3 item(s) from 2 subscription(s)" in output
    assert "Skipped c***@mollet.example: another run is sending its digest" in output
    assert "1 digest(s) written to the outbox." in output
    assert "núria.vidal@" not in output
    assert "carles@" not in output


@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("marta@example.cat", "m***@example.cat"),
        ("x@mollet.example", "x***@mollet.example"),
        (" Joan.Garcia@Example.cat ", "J***@Example.cat"),
        ("not-an-address", "***"),
        ("@example.cat", "***"),
    ],
)
def test_email_masked(email, masked):
    assert digests.email_masked(email) == masked


@pytest.mark.django_db
def test_a_run_holding_stale_data_cannot_send_a_digest_again():
    """What a second, concurrent run would do: it read the same dues before the
    first committed, and tries to send them after."""
    subscribe("marta@example.cat", kinds=[CallKind.JOB])
    new_call(at=T0 - hours(1))
    dues = digests.due_by_address(at=T0)
    stale = digests.due_by_address(at=T0)

    assert committed(digests.digest_deliver, "marta@example.cat", dues["marta@example.cat"], at=T0)
    assert digests.digest_deliver("marta@example.cat", stale["marta@example.cat"], at=T0) is None
    # Even on another day, the deliveries refuse the same items.
    tomorrow = T0 + hours(24)
    assert (
        digests.digest_deliver("marta@example.cat", stale["marta@example.cat"], at=tomorrow) is None
    )
    assert len(mail.outbox) == 1
    assert AlertDigest.objects.count() == 1


@pytest.mark.django_db
def test_a_delivery_is_unique_per_subscription_and_item():
    subscription = subscribe("marta@example.cat", kinds=[CallKind.JOB])
    call = new_call(at=T0 - hours(1))
    digest = AlertDigest.objects.create(
        email="marta@example.cat", day=T0.date(), sent_at=T0, language="en"
    )
    AlertDelivery.objects.create(subscription=subscription, digest=digest, new_call=call)
    with pytest.raises(IntegrityError), transaction.atomic():
        AlertDelivery.objects.create(subscription=subscription, digest=digest, new_call=call)
    with pytest.raises(IntegrityError), transaction.atomic():
        AlertDigest.objects.create(
            email="marta@example.cat", day=T0.date(), sent_at=T0 + hours(1), language="en"
        )


@pytest.mark.django_db
def test_the_digest_is_in_the_language_of_the_subscription(followed):
    subscribe("marta@example.cat", call=followed, language="ca")
    PhaseFactory(
        call=followed,
        kind=PhaseKind.EXAM,
        date=datetime.date(2027, 4, 1),
        time=datetime.time(9, 30),
        published_at=T0 - hours(1),
    )

    run()

    [message] = mail.outbox
    assert f"https://seu.mollet.example/ca/convocatories/{followed.slug}/#fase-" in message.body
    assert "1 d'abril de 2027, a les 9:30" in message.body
    assert "/ca/convocatories/alertes/baixa/" in message.extra_headers["List-Unsubscribe"]


@pytest.mark.django_db
def test_the_run_costs_a_few_queries_per_address_whatever_the_items(
    followed, django_assert_max_num_queries
):
    for n in range(5):
        subscribe(f"person{n}@example.cat", kinds=[CallKind.JOB, CallKind.GRANT])
        subscribe(f"person{n}@example.cat", call=followed)
    for n in range(6):
        new_call(at=T0 - hours(n + 1))
        PhaseFactory(call=followed, published_at=T0 - hours(n + 1))

    # Reading what is due: a fixed number of queries for any number of addresses.
    with django_assert_max_num_queries(5):
        dues = digests.due_by_address(at=T0)
    assert len(dues) == 5
    # Writing the digests: a handful per address (lock, claim, deliveries, the
    # outbox's row, savepoints), none per item. The outbox delivers them after.
    with django_assert_max_num_queries(7 + 7 * 5):
        report = digests.alerts_send(at=T0)
    assert [s.items for s in report.sent] == [12] * 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_never_send_twice():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks are only exercised on PostgreSQL.")
    for n in range(8):
        subscribe(f"person{n}@example.cat", kinds=[CallKind.JOB])
    for n in range(3):
        new_call(at=T0 - hours(n + 1))

    barrier = threading.Barrier(4)
    reports, errors = [], []

    def work():
        try:
            barrier.wait(timeout=30)
            reports.append(run())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    assert sorted(m.to[0] for m in mail.outbox) == [f"person{n}@example.cat" for n in range(8)]
    assert sum(len(r.sent) for r in reports) == 8
    assert AlertDigest.objects.count() == 8
    assert AlertDelivery.objects.count() == 24


@pytest.mark.django_db
def test_the_demo_subscriptions_get_one_digest_each_after_seed_demo(citizen):
    from convocatories.demo import seed_calls
    from convocatories.demo_alerts import ANONYMOUS_EMAIL, seed_alerts
    from tests.convocatories.factories import publisher_get

    seed_calls(staff=publisher_get())
    assert seed_alerts(citizen=citizen) == 4
    assert seed_alerts(citizen=citizen) == 0

    report = digests.alerts_send()

    sent = {s.email: s for s in report.sent}
    assert set(sent) == {citizen.email, ANONYMOUS_EMAIL}
    # New job calls and the caretakers' phases; new grants and the rent grants' list.
    assert sent[citizen.email].items == 5
    assert sent[ANONYMOUS_EMAIL].items == 5
    assert sum("new call" in line for line in sent[citizen.email].lines) == 3
    assert sum("phase of" in line for line in sent[ANONYMOUS_EMAIL].lines) == 1
    assert digests.alerts_send().sent == []


def test_an_alert_address_is_kept_in_the_spelling_accounts_use():
    from convocatories.alerts import normalise_email

    # A long s and a Kelvin sign are "s" and "k" to the log-in too.
    assert normalise_email(" \u212aai.\u017fala@Example.CAT ") == "kai.sala@example.cat"
