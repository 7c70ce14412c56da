"""The outbox's own rules: what is kept, what is forgotten, and a closed account."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.services import user_close
from outbox import services
from outbox.choices import MailKind, MailState
from outbox.models import Mail
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def queue(to="marta@example.cat", **kwargs):
    return services.mail_queue(
        kind=kwargs.pop("kind", MailKind.STATUS_CHANGED),
        to=to,
        subject=kwargs.pop("subject", "Your application E/2026/000001"),
        body=kwargs.pop("body", "It is in process."),
        **kwargs,
    )


def test_a_mail_written_outside_a_transaction_is_delivered_at_once_with_its_message_id():
    written = queue(headers={"Auto-Submitted": "auto-generated"})

    [message] = mail.outbox
    written.refresh_from_db()
    assert written.state == MailState.SENT
    assert written.attempts == 1
    assert message.extra_headers["Message-ID"] == written.message_id
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_subject_is_one_line_whatever_a_translation_does():
    written = queue(subject="Your application\n  E/2026/000001")
    assert written.subject == "Your application E/2026/000001"


def test_a_sent_mail_is_never_sent_again():
    written = queue()
    assert services.deliver([written.pk]).sent == 0
    assert services.deliver_due(now=timezone.now() + timedelta(days=1)).sent == 0
    assert services.send_again([written]) == 0
    assert len(mail.outbox) == 1


def test_the_text_of_sent_mails_is_forgotten_after_thirty_days_and_the_record_stays():
    written = queue()
    assert services.purge(now=timezone.now() + timedelta(days=29)) == 0

    assert services.purge(now=timezone.now() + timedelta(days=31)) == 1

    written.refresh_from_db()
    assert (written.body, written.html) == ("", "")
    assert written.subject == "Your application E/2026/000001"
    assert written.recipients == ["marta@example.cat"]
    assert written.state == MailState.SENT


def test_closing_an_account_forgets_its_mails_and_cancels_those_waiting(monkeypatch):
    person = UserFactory(email="marta@example.cat")
    sent = queue()
    # A mail to staff about a report this person made is the council's.
    staff = queue(to=["oac@mollet.example", "marta@example.cat"])
    from django.core.mail.backends import locmem

    with monkeypatch.context() as patch:
        patch.setattr(locmem.EmailBackend, "open", lambda self: 1 / 0, raising=False)
        waiting = queue(subject="Requeriment")
    assert Mail.objects.get(pk=waiting.pk).state == MailState.PENDING

    user_close(user=person)

    for forgotten in (sent, waiting):
        forgotten.refresh_from_db()
        assert forgotten.recipients == []
        assert forgotten.body == ""
    assert waiting.state == MailState.FAILED
    assert waiting.last_error == "The account was closed."
    # Nothing more leaves for that address.
    assert services.deliver_due(now=timezone.now() + timedelta(hours=1)).sent == 0
    staff.refresh_from_db()
    assert staff.recipients == ["oac@mollet.example", "marta@example.cat"]


def test_backoff_doubles_from_thirty_seconds_up_to_two_hours():
    assert [services.backoff(n).total_seconds() for n in (1, 2, 3, 4, 5)] == [
        30,
        60,
        120,
        240,
        480,
    ]
    assert services.backoff(20) == timedelta(hours=2)


def test_the_outbox_staff_group_sees_and_resends_but_never_writes_or_deletes_mails():
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Correu sortint")
    assert set(group.permissions.values_list("codename", flat=True)) == {
        "view_mail",
        "change_mail",
    }
