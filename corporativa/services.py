"""Writes of corporate information that carry a rule."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from corporativa.models import AccessibilityReport, Council
from outbox.choices import MailKind
from outbox.services import mail_queue

logger = logging.getLogger(__name__)

# The staff group that handles corporate information (seu/groups.py).
CORPORATE_GROUP = "Informació corporativa"


def corporate_staff_emails() -> list[str]:
    """Addresses of the active staff of the corporate information group."""
    users = get_user_model().objects.filter(
        is_active=True, is_staff=True, groups__name=CORPORATE_GROUP
    )
    return sorted({email for email in users.values_list("email", flat=True) if email})


@transaction.atomic
def accessibility_report_create(
    *, page_url: str, description: str, name: str = "", email: str = "", language: str = ""
) -> AccessibilityReport:
    """Store a report of an accessibility problem and tell the corporate staff.

    The mail to staff is written to the outbox with the report, and
    delivered after the commit; the report waits in the back office all the same.
    """
    report = AccessibilityReport(
        page_url=page_url.strip(),
        description=description.strip(),
        name=name.strip(),
        email=email.strip(),
        language=language,
    )
    report.full_clean()
    report.save()
    _tell_staff(report)
    return report


def _tell_staff(report: AccessibilityReport) -> None:
    recipients = corporate_staff_emails() or [Council.objects.current().email]
    recipients = [address for address in recipients if address]
    if not recipients:
        logger.warning("Accessibility report %s: nobody to tell", report.pk)
        return
    with translation.override(settings.LANGUAGE_CODE):
        admin_path = reverse("admin:corporativa_accessibilityreport_change", args=[report.pk])
        subject = gettext("Accessibility problem reported on the seu: %(page)s") % {
            "page": report.page_url[:80]
        }
        body = render_to_string(
            "corporativa/email/accessibility_report.txt",
            {
                "report": report,
                "admin_url": settings.SEU_SITE_URL.rstrip("/") + admin_path,
            },
        )
    mail_queue(
        kind=MailKind.ACCESSIBILITY_REPORT,
        to=recipients,
        subject=subject,
        body=body,
        language=settings.LANGUAGE_CODE,
        about=report,
    )
