"""Nothing owed to a citizen is lost: the outbox against a real SMTP server.

The server is aiosmtpd on a local port (tests/realparts.py), and Django talks
to it with its SMTP backend, as in production. There is no broker here: each
mail is delivered in this process after the commit that wrote it, as in a
development run (tests/conftest.py), and the sweep is `seu_jobs run
outbox.deliver_due`, the cron line of a council without a broker, or
outbox.services.deliver_due at a chosen moment.
"""

import io
import re
import time
from datetime import timedelta
from itertools import pairwise

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db.models import DateTimeField, F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outbox import services as outbox
from outbox.choices import Failure, MailKind, MailState
from outbox.models import Mail
from tests.accounts.factories import UserFactory
from tests.realparts import SilentSmtpServer, SmtpSink, submission_register_for
from tests.tramits.factories import ProcedureFactory
from tramits import services as tramits_services
from tramits.models import RegistryEntry, Submission

CHANGELIST = "admin:outbox_mail_changelist"
NO_SUCH_MAILBOX = "550 5.1.1 <ningu@example.cat>: Recipient address rejected: User unknown"
GREYLISTED = "451 4.7.1 Greylisted, please try again later"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SEU_SITE_URL = "https://seu.mollet.example"


@pytest.fixture
def smtp(settings):
    """A real mail server, running; the seu sends its mail there."""
    sink = SmtpSink()
    sink.start()
    sink.use_for_django(settings, timeout=2)
    yield sink
    sink.stop()


@pytest.fixture
def silent_smtp(settings):
    """A mail server that takes the connection and never answers; mail gives
    up on it after EMAIL_TIMEOUT (1 s)."""
    server = SilentSmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_TIMEOUT = 1
    yield server
    server.close()


@pytest.fixture
def procedure(db):
    """An open procedure without questions: a draft of it can be submitted as is."""
    return ProcedureFactory(title="Ocupació de la via pública", slug="ocupacio-via-publica")


@pytest.fixture
def register(procedure, django_capture_on_commit_callbacks):
    """Register an application of `applicant` and commit it: the work asked
    for after the commit (the mail, the receipt) is done before this returns."""

    def register(applicant):
        with django_capture_on_commit_callbacks(execute=True):
            return submission_register_for(applicant, procedure)

    return register


def mail_to(address: str) -> Mail:
    # Recipients are a JSON list, which SQLite cannot look into: filter here.
    [mail] = [mail for mail in Mail.objects.all() if mail.recipients == [address]]
    return mail


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- A server that is down, then back ---------------------------------------------------


def test_mails_written_while_the_server_is_down_wait_then_each_arrives_once(smtp, register):
    smtp.stop()
    submissions = [register(UserFactory(email=f"veina{n:02}@example.cat")) for n in range(20)]

    # Every application is registered, with its receipt; every mail waits.
    assert Submission.objects.count() == 20
    assert RegistryEntry.objects.filter(receipt__isnull=True).count() == 0
    mails = list(Mail.objects.filter(kind=MailKind.REGISTERED))
    assert len(mails) == 20
    for mail in mails:
        assert mail.state == MailState.PENDING
        assert mail.failure == Failure.CONNECTION
        assert "Connection refused" in mail.last_error
        assert mail.attempts == 1
    assert smtp.received == []

    # The server is back; the next run of the sweep (cron's line) sends them all.
    smtp.start()
    call_command("seu_jobs", "run", "outbox.deliver_due", stdout=io.StringIO())

    assert smtp.deliveries() == {(mail.message_id, mail.recipients[0]): 1 for mail in mails}
    subjects = {message.to: message.subject for message in smtp.received}
    assert subjects == {
        s.applicant_email: f"Registered: Ocupació de la via pública ({s.number})"
        for s in submissions
    }
    assert set(Mail.objects.values_list("state", "last_error")) == {(MailState.SENT, "")}

    # Later runs send nothing more.
    call_command("seu_jobs", "run", "outbox.deliver_due", stdout=io.StringIO())
    assert outbox.deliver_due(now=timezone.now() + timedelta(days=1)) == outbox.Delivery()
    assert len(smtp.received) == 20


# --- A server that never answers --------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_never_answers_does_not_hold_the_citizen_s_submit(
    silent_smtp, procedure
):
    """Real commits, so the mail is tried inside the request, right after the
    registration commits, as in a run without a broker."""
    review = reverse("tramits:procedure-review", kwargs={"slug": procedure.slug})

    def submit(citizen):
        client = Client()
        client.force_login(citizen)
        draft = tramits_services.draft_for(applicant=citizen, procedure=procedure)
        started = time.monotonic()
        response = client.post(review, {"draft": draft.pk})
        return response, time.monotonic() - started

    # The first receipt of a process loads the seal and the PDF machinery:
    # that is not what is timed here.
    submit(UserFactory(email="primera@example.cat"))

    citizen = UserFactory(email="marta.puig@example.cat")
    response, seconds = submit(citizen)

    # The mail's timeout (1 s) and the rest of a submission, not the
    # default 10 s nor for ever.
    assert seconds < 2, f"the submit took {seconds:.2f} s"
    submission = Submission.objects.get(applicant=citizen)
    assert response.status_code == 302
    assert response.url == submission.get_absolute_url()
    assert messages_of(response) == [
        f"Your application has been registered with number {submission.number}. Keep the receipt."
    ]
    assert submission.entries.get().receipt is not None
    mail = mail_to(citizen.email)
    assert mail.state == MailState.PENDING
    assert mail.failure == Failure.CONNECTION
    assert "timed out" in mail.last_error
    assert len(silent_smtp.accepted) == 2, "each submit did try the server"


# --- Refusals ---------------------------------------------------------------------------


def test_a_recipient_refused_for_good_fails_at_once_with_the_reason(smtp, register):
    smtp.handler.refuse("ningu@example.cat", NO_SUCH_MAILBOX)

    submission = register(UserFactory(email="ningu@example.cat"))

    assert submission.entries.get().receipt is not None, "the application is registered"
    mail = mail_to("ningu@example.cat")
    assert mail.state == MailState.FAILED
    assert mail.failed_at is not None
    assert mail.attempts == 1
    assert mail.failure == Failure.REFUSED
    assert "550" in mail.last_error and "User unknown" in mail.last_error
    # The sweep leaves it: only staff send it again (below).
    assert outbox.deliver_due(now=timezone.now() + timedelta(hours=3)) == outbox.Delivery()
    assert len(smtp.handler.refused) == 1
    assert smtp.received == []


def test_a_recipient_refused_for_now_waits_and_goes_at_the_next_try(smtp, register):
    smtp.handler.refuse("gris@example.cat", GREYLISTED, times=1)
    before = timezone.now()

    register(UserFactory(email="gris@example.cat"))

    mail = mail_to("gris@example.cat")
    assert mail.state == MailState.PENDING
    assert mail.failure == Failure.REFUSED
    assert "451" in mail.last_error and "Greylisted" in mail.last_error
    assert before + timedelta(seconds=30) <= mail.next_attempt_at
    assert mail.next_attempt_at <= timezone.now() + timedelta(seconds=30)

    assert outbox.deliver_due(now=mail.next_attempt_at - timedelta(seconds=1)).sent == 0
    assert outbox.deliver_due(now=mail.next_attempt_at).sent == 1
    assert outbox.deliver_due(now=mail.next_attempt_at + timedelta(hours=1)).sent == 0

    assert smtp.deliveries() == {(mail.message_id, "gris@example.cat"): 1}
    mail.refresh_from_db()
    assert (mail.state, mail.attempts, mail.last_error) == (MailState.SENT, 2, "")


# --- Backoff ----------------------------------------------------------------------------


def test_a_refused_mail_is_tried_after_30_s_1_min_2_min_and_given_up_after_a_day(smtp, register):
    smtp.handler.refuse("plena@example.cat", "452 4.2.2 Mailbox full")
    before = timezone.now()
    register(UserFactory(email="plena@example.cat"))
    mail = mail_to("plena@example.cat")
    assert before + timedelta(seconds=30) <= mail.next_attempt_at
    assert mail.next_attempt_at <= timezone.now() + timedelta(seconds=30)

    # The sweep runs when each attempt is due (and a second before, to no effect).
    tries = []
    while mail.state == MailState.PENDING and len(tries) < 40:
        due = mail.next_attempt_at
        assert outbox.deliver_due(now=due - timedelta(seconds=1)) == outbox.Delivery()
        outbox.deliver_due(now=due)
        tries.append(due)
        mail.refresh_from_db()

    waits = [(later - earlier).total_seconds() for earlier, later in pairwise(tries)]
    assert waits[:8] == [60, 120, 240, 480, 960, 1920, 3840, 7200]
    assert set(waits[8:]) == {7200}, "at most two hours apart"
    assert mail.state == MailState.FAILED
    assert mail.failed_at == tries[-1]
    assert tries[-1] - mail.created_at >= timedelta(days=1) > tries[-2] - mail.created_at
    assert mail.attempts == len(tries) + 1
    assert "452" in mail.last_error
    assert smtp.received == []


def test_a_mail_the_server_never_took_is_given_up_after_a_day(smtp, register):
    smtp.stop()
    register(UserFactory(email="pacient@example.cat"))
    mail = mail_to("pacient@example.cat")
    written = mail.created_at

    # While the server is down each run of the sweep tries once.
    for at in (timedelta(minutes=1), timedelta(hours=5), timedelta(days=1, minutes=-1)):
        assert outbox.deliver_due(now=written + at) == outbox.Delivery(waiting=1)
    assert outbox.deliver_due(now=written + timedelta(days=1)) == outbox.Delivery(failed=1)

    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (MailState.FAILED, 5)
    # The server comes back: a mail given up stays so until staff send it again.
    smtp.start()
    assert outbox.deliver_due(now=written + timedelta(days=1, minutes=1)) == outbox.Delivery()
    assert smtp.received == []


# --- The back office --------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        email="admin@mollet.example", password="x-very-long-password", full_name="Admin"
    )
    client.force_login(user)
    # The admin lives outside the language prefixes: ask for the source strings.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def outbox_mails(smtp, register, citizen):
    """A confirmation that went, one refused for good, and a password reset."""
    smtp.handler.refuse("ningu@example.cat", NO_SUCH_MAILBOX)
    register(UserFactory(email="arribat@example.cat"))
    register(UserFactory(email="ningu@example.cat"))
    response = Client().post(reverse("accounts:password-reset"), {"email": citizen.email})
    assert response.status_code == 302
    return {
        "sent": mail_to("arribat@example.cat"),
        "failed": mail_to("ningu@example.cat"),
        "reset": mail_to(citizen.email),
    }


def listed(response) -> set[str]:
    return {", ".join(mail.recipients) for mail in response.context["cl"].result_list}


def test_the_outbox_filters_by_state_and_by_kind(admin_client, outbox_mails, citizen):
    changelist = reverse(CHANGELIST)

    everything = admin_client.get(changelist)
    failed = admin_client.get(changelist, {"state__exact": MailState.FAILED})
    resets = admin_client.get(changelist, {"kind__exact": MailKind.PASSWORD_RESET})
    confirmations = admin_client.get(changelist, {"kind__exact": MailKind.REGISTERED})

    assert everything.status_code == 200
    assert listed(everything) == {"arribat@example.cat", "ningu@example.cat", citizen.email}
    assert listed(failed) == {"ningu@example.cat"}
    assert listed(resets) == {citizen.email}
    assert listed(confirmations) == {"arribat@example.cat", "ningu@example.cat"}
    assert "ningu@example.cat" in failed.content.decode()


def test_a_failed_mail_shows_why_on_its_page(admin_client, outbox_mails):
    failed = outbox_mails["failed"]

    page = admin_client.get(reverse("admin:outbox_mail_change", args=[failed.pk]))

    content = page.content.decode()
    assert page.status_code == 200
    assert "User unknown" in content
    assert "The mail server refused the message" in content


def test_the_outbox_list_shows_the_last_error(admin_client, outbox_mails):
    failed = admin_client.get(reverse(CHANGELIST), {"state__exact": MailState.FAILED})

    assert "Recipient address rejected" in failed.content.decode()


def test_send_again_delivers_a_failed_mail_once(
    admin_client, outbox_mails, smtp, django_capture_on_commit_callbacks
):
    sent, failed = outbox_mails["sent"], outbox_mails["failed"]
    smtp.handler.accept("ningu@example.cat")  # the mailbox exists now

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(CHANGELIST),
            {"action": "send_again", "_selected_action": [failed.pk, sent.pk]},
        )

    assert response.status_code == 302
    assert messages_of(response) == ["1 mail will be sent again."]
    failed.refresh_from_db()
    assert (failed.state, failed.failed_at, failed.last_error) == (MailState.SENT, None, "")
    outbox.deliver_due(now=timezone.now() + timedelta(days=1))
    deliveries = smtp.deliveries()
    assert deliveries[(failed.message_id, "ningu@example.cat")] == 1
    assert deliveries[(sent.message_id, "arribat@example.cat")] == 1, "not sent twice"


def test_a_mail_sent_again_after_a_day_gets_a_new_day_of_tries(
    admin_client, smtp, register, django_capture_on_commit_callbacks
):
    smtp.stop()
    register(UserFactory(email="pacient@example.cat"))
    # Written yesterday: the admin's request reads the clock, so the mail's
    # times move back a day instead.
    yesterday = timedelta(days=1, minutes=5)
    Mail.objects.update(
        **{
            field.name: F(field.name) - yesterday
            for field in Mail._meta.concrete_fields
            if isinstance(field, DateTimeField)
        }
    )
    outbox.deliver_due()
    mail = mail_to("pacient@example.cat")
    assert mail.state == MailState.FAILED

    # Staff send it again; the server is still down for a few minutes.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse(CHANGELIST), {"action": "send_again", "_selected_action": [mail.pk]}
        )

    mail.refresh_from_db()
    assert mail.state == MailState.PENDING, "it waits for the server again"
    smtp.start()
    outbox.deliver_due()
    assert smtp.deliveries() == {(mail.message_id, "pacient@example.cat"): 1}


def test_the_text_of_a_password_reset_never_shows_in_the_back_office(
    admin_client, outbox_mails, smtp, citizen
):
    reset = outbox_mails["reset"]
    [message] = [m for m in smtp.received if m.recipients == (citizen.email,)]
    link = re.search(r"https?://\S+/", message.body).group()
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert len(token) > 20, link

    page = admin_client.get(reverse("admin:outbox_mail_change", args=[reset.pk]))
    listing = admin_client.get(reverse(CHANGELIST), {"q": citizen.email})

    assert reset.secret and reset.kind == MailKind.PASSWORD_RESET
    assert listed(listing) == {citizen.email}
    content = page.content.decode()
    assert "Not shown: it holds a personal link of the recipient." in content
    assert reset.subject in content
    for html in (content, listing.content.decode()):
        assert token not in html
        assert link not in html
