"""Mails to the applicant, in their language, sent after the commit.

A mail that cannot be sent is logged and forgotten: the case is already
registered and La meva carpeta always shows where it stands.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _send(*, user_language, to, subject, template, context):
    with translation.override(user_language or settings.LANGUAGE_CODE):
        context = {
            **context,
            "site_url": settings.SEU_SITE_URL.rstrip("/"),
            "council_name": settings.SEU_COUNCIL_NAME,
        }
        try:
            send_mail(
                subject=subject(),
                message=render_to_string(template, context),
                from_email=None,
                recipient_list=[to],
            )
        except Exception:
            logger.exception("Could not send the mail %s to the applicant", template)


def entry_registered(entry):
    submission = entry.submission
    language = entry.applicant.preferred_language
    # The link opens the case page in the language of the mail, not in the
    # language of the request that happened to register it.
    with translation.override(language):
        path = submission.get_absolute_url()
    _send(
        user_language=language,
        to=submission.applicant_email,
        subject=lambda: (
            _("Registered: %(procedure)s (%(number)s)")
            % {"procedure": submission.procedure.title, "number": entry.number}
        ),
        template="tramits/email/registered.txt",
        context={"entry": entry, "submission": submission, "path": path},
    )


def status_changed(change_pk):
    from tramits.models import StatusChange

    change = StatusChange.objects.select_related(
        "submission__procedure", "submission__applicant"
    ).get(pk=change_pk)
    submission = change.submission
    language = submission.applicant.preferred_language
    with translation.override(language):
        path = submission.get_absolute_url()
    _send(
        user_language=language,
        to=submission.applicant_email,
        subject=lambda: (
            _("Your application %(number)s: %(status)s")
            % {"number": submission.number, "status": change.get_to_status_display()}
        ),
        template="tramits/email/status_changed.txt",
        context={"change": change, "submission": submission, "path": path},
    )
