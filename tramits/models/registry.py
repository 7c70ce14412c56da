import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from documents.storage import private_storage
from seu.devices import DeviceClass
from tramits.choices import OPEN_STATUSES, DeadlineState, EntryKind, Status


def upload_attachment(instance, filename):
    return f"registry/{instance.public_id.hex[:2]}/{instance.public_id.hex}"


def upload_draft_file(instance, filename):
    return f"drafts/{uuid.uuid4().hex}"


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_staff and user.has_perm("tramits.view_submission"):
            return self
        return self.filter(applicant=user)

    def owned_by(self, user):
        return self.filter(applicant=user) if user.is_authenticated else self.none()

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue_on(self, day):
        """Open cases past their resolution deadline; a suspended deadline is not running."""
        return self.open().filter(resolution_due__lt=day, resolution_suspended_since__isnull=True)

    def within_deadline_on(self, day):
        return self.open().filter(resolution_due__gte=day, resolution_suspended_since__isnull=True)

    def with_list_data(self):
        return self.select_related("procedure", "applicant")


class Submission(models.Model):
    """A case started online: what the citizen submitted and where it stands."""

    number = models.CharField(
        _("registry number"),
        max_length=20,
        unique=True,
        help_text=_("The number of its first registry entry."),
    )
    procedure = models.ForeignKey(
        "tramits.Procedure",
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("procedure"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("applicant"),
    )
    # What the applicant was when submitting: the registry keeps it even if the
    # account is later closed and anonymised.
    applicant_name = models.CharField(_("applicant's name"), max_length=200)
    applicant_document = models.CharField(
        _("applicant's identity document"), max_length=30, blank=True
    )
    applicant_email = models.EmailField(_("applicant's email"))
    answers = models.JSONField(
        _("answers"),
        default=list,
        help_text=_("The questions as they were asked, and the answers given."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    status_changed_at = models.DateTimeField(_("status changed at"))
    registered_at = models.DateTimeField(_("registered at"))
    effective_at = models.DateTimeField(_("effective from"))
    resolution_due = models.DateField(
        _("resolution deadline"), help_text=_("The last day the council has to resolve and notify.")
    )
    requeriment_due = models.DateField(
        _("requeriment deadline"),
        null=True,
        blank=True,
        help_text=_("Until when the citizen can answer."),
    )
    resolution_suspended_since = models.DateField(
        _("resolution deadline suspended since"),
        null=True,
        blank=True,
        help_text=_(
            "Set while a requeriment that suspends the resolution deadline waits for the "
            "citizen (Llei 39/2015, art. 22.1.a)."
        ),
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_at"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        permissions = [("process_submission", _("Can process submissions and change their status"))]
        indexes = [models.Index(fields=["status", "resolution_due"], name="tramits_sub_status_due")]

    def __str__(self):
        return f"{self.number} · {self.procedure}"

    def get_absolute_url(self):
        return reverse("tramits:submission-detail", kwargs={"number": self.slug})

    @property
    def slug(self):
        return self.number.replace("/", "-")

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_resolution_suspended(self):
        return self.resolution_suspended_since is not None

    def deadline_state(self, on) -> DeadlineState:
        """The case against its resolution deadline on the day `on`: the one rule the
        case page, the staff list and its filter (overdue_on) follow. A suspended
        deadline is not running (art. 22.1); it is overdue from the day after."""
        if not self.is_open:
            return DeadlineState.CLOSED
        if self.is_resolution_suspended:
            return DeadlineState.SUSPENDED
        return DeadlineState.OVERDUE if self.resolution_due < on else DeadlineState.WITHIN

    def is_overdue_on(self, day):
        return self.deadline_state(day) == DeadlineState.OVERDUE


class RegistryEntryQuerySet(models.QuerySet):
    def device_counts(self, *, start, end) -> tuple[int, int]:
        """(entries, entries made from a phone or a tablet) registered in [start, end):
        what the usage statistics report of the registry."""
        counts = self.filter(registered_at__gte=start, registered_at__lt=end).aggregate(
            total=Count("id"),
            handheld=Count(
                "id", filter=Q(device_class__in=[DeviceClass.MOBILE, DeviceClass.TABLET])
            ),
        )
        return counts["total"], counts["handheld"]


class RegistryEntry(models.Model):
    """An entry of the electronic registry (Llei 39/2015, art. 16): numbered, timed, final."""

    number = models.CharField(_("registry number"), max_length=20, unique=True)
    year = models.PositiveIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    kind = models.CharField(_("kind"), max_length=30, choices=EntryKind.choices)
    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="entries", verbose_name=_("submission")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="registry_entries",
        verbose_name=_("applicant"),
    )
    registered_at = models.DateTimeField(
        _("registered at"), help_text=_("Official time of the entry.")
    )
    effective_at = models.DateTimeField(
        _("effective from"), help_text=_("On a non-business day, 00:00 of the next business day.")
    )
    device_class = models.CharField(_("device"), max_length=10, choices=DeviceClass.choices)
    text = models.TextField(
        _("text"), blank=True, help_text=_("For answers to a requeriment: the citizen's message.")
    )
    # The signature by identification (Llei 39/2015 art. 10.4 and 11): who,
    # by which system, at which assurance, when they identified, and the
    # SHA-256 of what they signed (tramits.signatures). Empty when the
    # procedure asks for no signature.
    signature = models.JSONField(_("signature"), default=dict, blank=True)
    receipt = models.OneToOneField(
        "documents.IssuedDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registry_entry",
        verbose_name=_("receipt"),
    )

    objects = RegistryEntryQuerySet.as_manager()

    class Meta:
        ordering = ["year", "sequence"]
        verbose_name = _("registry entry")
        verbose_name_plural = _("registry entries")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="tramits_entry_year_sequence_unique"
            ),
            models.CheckConstraint(
                condition=Q(effective_at__gte=models.F("registered_at")),
                name="tramits_entry_effective_after_registered",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def slug(self):
        return self.number.replace("/", "-")


class Attachment(models.Model):
    """A file attached to a registry entry, kept privately with its fingerprint."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    entry = models.ForeignKey(
        RegistryEntry,
        on_delete=models.PROTECT,
        related_name="attachments",
        verbose_name=_("registry entry"),
    )
    field_name = models.CharField(_("field"), max_length=60)
    field_label = models.CharField(_("question"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=upload_attachment, storage=private_storage, max_length=200
    )
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("content type"), max_length=100)

    class Meta:
        ordering = ["entry", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("tramits:attachment-download", kwargs={"public_id": self.public_id})


class StatusChange(models.Model):
    """One step in a case's history: who moved it, when, and what the citizen is told."""

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("submission"),
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
        help_text=_("Empty when the seu itself made the change."),
    )
    public_comment = models.TextField(
        _("public comment"), blank=True, help_text=_("The citizen sees this.")
    )
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("Only staff see this.")
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # A requeriment (to "waiting") may suspend the resolution deadline (Llei
    # 39/2015, art. 22.1.a); the change that ends the wait then says for which
    # days it was suspended and where the deadline moved.
    suspends_resolution = models.BooleanField(_("suspends the resolution deadline"), default=False)
    suspension_from = models.DateField(_("deadline suspended from"), null=True, blank=True)
    suspension_until = models.DateField(_("deadline suspended until"), null=True, blank=True)
    resolution_due = models.DateField(_("new resolution deadline"), null=True, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.submission.number}: {self.get_to_status_display()}"


class Draft(models.Model):
    """A form a citizen has started and not submitted yet."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="drafts",
        verbose_name=_("applicant"),
    )
    procedure = models.ForeignKey(
        "tramits.Procedure",
        on_delete=models.CASCADE,
        related_name="drafts",
        verbose_name=_("procedure"),
    )
    answers = models.JSONField(_("answers"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submission = models.OneToOneField(
        Submission,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="draft",
        verbose_name=_("submission"),
        help_text=_("Set once submitted, so a second click cannot submit it again."),
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "procedure"],
                condition=Q(submission__isnull=True),
                name="tramits_one_open_draft_per_procedure",
            )
        ]

    def __str__(self):
        return f"{self.applicant} · {self.procedure}"


class DraftFile(models.Model):
    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="files", verbose_name=_("draft")
    )
    field_name = models.CharField(_("field"), max_length=60)
    original_name = models.CharField(_("file name"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=upload_draft_file, storage=private_storage, max_length=200
    )
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("draft file")
        verbose_name_plural = _("draft files")
        constraints = [
            models.UniqueConstraint(fields=["draft", "field_name"], name="tramits_draftfile_unique")
        ]

    def __str__(self):
        return self.original_name
