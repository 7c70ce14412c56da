"""Mails to the applicant, in their language.

Each is written to the outbox in the transaction of the change it tells
about, so it is delivered once that commits, however long the mail server
takes to come back.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from outbox.choices import MailKind
from outbox.services import mail_queue


def _send(*, kind, user_language, to, subject, template, context, about):
    language = user_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            **context,
            "site_url": settings.SEU_SITE_URL.rstrip("/"),
            "council_name": settings.SEU_COUNCIL_NAME,
        }
        mail_queue(
            kind=kind,
            to=to,
            subject=subject(),
            body=render_to_string(template, context),
            language=language,
            about=about,
        )


def entry_registered(entry):
    submission = entry.submission
    language = entry.applicant.preferred_language
    # The link opens the case page in the language of the mail, not in the
    # language of the request that happened to register it.
    with translation.override(language):
        path = submission.get_absolute_url()
    _send(
        kind=MailKind.REGISTERED,
        user_language=language,
        to=submission.applicant_email,
        about=entry,
        subject=lambda: (
            _("Registered: %(procedure)s (%(number)s)")
            % {"procedure": submission.procedure.title, "number": entry.number}
        ),
        template="tramits/email/registered.txt",
        context={"entry": entry, "submission": submission, "path": path},
    )


def status_changed(change):
    submission = change.submission
    language = submission.applicant.preferred_language
    with translation.override(language):
        path = submission.get_absolute_url()
    _send(
        kind=MailKind.STATUS_CHANGED,
        user_language=language,
        to=submission.applicant_email,
        about=change,
        subject=lambda: (
            _("Your application %(number)s: %(status)s")
            % {"number": submission.number, "status": change.get_to_status_display()}
        ),
        template="tramits/email/status_changed.txt",
        context={"change": change, "submission": submission, "path": path},
    )
