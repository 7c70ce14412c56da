from django.db import models
from django.utils.translation import gettext_lazy as _


class MailState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class MailKind(models.TextChoices):
    """What a mail is for; the back office filters the outbox by it."""

    REGISTERED = "tramits-registered", _("Registry confirmation")
    STATUS_CHANGED = "tramits-status", _("Change of status of a case")
    VERIFICATION = "accounts-verification", _("Address confirmation (account)")
    ACCOUNT_EXISTS = "accounts-exists", _("Sign-up with an address that has an account")
    PASSWORD_RESET = "accounts-password-reset", _("Password reset")
    ALERT_CONFIRMATION = "alerts-confirmation", _("Confirmation of call alerts")
    ALERT_DIGEST = "alerts-digest", _("Daily digest of call alerts")
    ACCESSIBILITY_REPORT = "accessibility-report", _("Accessibility report to staff")


class Failure(models.TextChoices):
    """Why the last attempt failed."""

    NONE = "", _("None")
    # The mail server could not be reached or broke off: every mail waits for it.
    CONNECTION = "connection", _("The mail server could not be reached")
    # The server refused this message or its recipient for now.
    REFUSED = "refused", _("The mail server refused the message")
