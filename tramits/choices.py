from django.db import models
from django.utils.translation import gettext_lazy as _

from corporativa.business_days import PeriodUnit


class FieldKind(models.TextChoices):
    TEXT = "text", _("Text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    CHOICE = "choice", _("Choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    YES_NO = "yes_no", _("Yes / no")
    FILE = "file", _("File")


class FileType(models.TextChoices):
    """File types a procedure may accept; each is recognised by its content."""

    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    ODT = "odt", _("OpenDocument text (ODT)")
    DOCX = "docx", _("Word document (DOCX)")


class SilenceEffect(models.TextChoices):
    POSITIVE = "positive", _("Positive: the request is granted")
    NEGATIVE = "negative", _("Negative: the request is refused")
    NONE = "none", _("Not applicable")


class DeadlineUnit(models.TextChoices):
    """The units of PeriodUnit (corporativa.business_days) a resolution deadline is set in."""

    BUSINESS_DAYS = PeriodUnit.BUSINESS_DAYS.value, PeriodUnit.BUSINESS_DAYS.label
    MONTHS = PeriodUnit.MONTHS.value, PeriodUnit.MONTHS.label


class DeadlineState(models.TextChoices):
    """Where a case stands against its resolution deadline (Llei 39/2015, art. 21 and 22)."""

    CLOSED = "closed", _("Closed")
    SUSPENDED = "suspended", _("Suspended")
    OVERDUE = "overdue", _("Overdue")
    WITHIN = "within", _("Within")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_PROCESS = "in_process", _("In process")
    WAITING = "waiting", _("Waiting for you: documents requested")
    FAVOURABLE = "favourable", _("Resolved: favourable")
    UNFAVOURABLE = "unfavourable", _("Resolved: unfavourable")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Which status staff can move a case to. Withdrawing is the applicant's
# alone (Llei 39/2015, art. 94: submission_withdraw), and answering a
# requeriment returns the case to "in process" by itself.
TRANSITIONS = {
    Status.REGISTERED: {Status.IN_PROCESS, Status.WAITING, Status.FAVOURABLE, Status.UNFAVOURABLE},
    Status.IN_PROCESS: {Status.WAITING, Status.FAVOURABLE, Status.UNFAVOURABLE},
    Status.WAITING: {Status.IN_PROCESS, Status.FAVOURABLE, Status.UNFAVOURABLE},
    Status.FAVOURABLE: set(),
    Status.UNFAVOURABLE: set(),
    Status.WITHDRAWN: set(),
}
OPEN_STATUSES = {Status.REGISTERED, Status.IN_PROCESS, Status.WAITING}
RESOLVED_STATUSES = {Status.FAVOURABLE, Status.UNFAVOURABLE}


class EntryKind(models.TextChoices):
    SUBMISSION = "submission", _("Submission")
    REQUERIMENT_ANSWER = "requeriment_answer", _("Answer to a request for documents")
