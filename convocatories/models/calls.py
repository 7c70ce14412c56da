"""Calls, their timeline and documents, and the applications made to them."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from convocatories.choices import (
    CallKind,
    CallStatus,
    JobGroup,
    PeriodMode,
    PhaseKind,
    PostType,
    SelectionSystem,
)
from corporativa.business_days import (
    OFFICIAL_TZ,
    PeriodUnit,
    first_business_day_from,
    next_business_day,
    period_end,
)
from documents.models import PublishedDocument
from documents.storage import private_storage


def application_window(
    *,
    mode: str,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
    published_on: datetime.date | None,
    business_days: int | None,
) -> tuple[datetime.date, datetime.date] | None:
    """First and last day (both included) of an application period, or None if incomplete.

    Art. 30 of Llei 39/2015: a period in business days counts from the day after
    publication; a period that would end on a non-business day ends on the next
    business day. Explicit dates follow the same last rule.
    """
    if mode == PeriodMode.BUSINESS_DAYS:
        if published_on is None or not business_days:
            return None
        first = next_business_day(published_on)
        return first, period_end(published_on, business_days, PeriodUnit.BUSINESS_DAYS)
    if opens_on is None or closes_on is None:
        return None
    return opens_on, first_business_day_from(closes_on)


def _acted_by(verbose_name):
    """Who made one of a call's acts (publish, resolve, cancel): set by the services."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=verbose_name,
    )


class CallQuerySet(models.QuerySet):
    """Status follows the clock; staff only set 'resolved' and 'cancelled'."""

    def published(self):
        return self.filter(published_at__isnull=False)

    def public(self, *, at=None):
        """Calls whose publication moment has come: what a visitor, a feed or an
        alert may see at `at` (now by default)."""
        return self.filter(published_at__lte=at or timezone.now())

    def _live(self):
        return self.published().filter(cancelled_at__isnull=True, resolved_at__isnull=True)

    def upcoming(self, *, at=None):
        at = at or timezone.now()
        return self._live().filter(Q(opens_at__isnull=True) | Q(opens_at__gt=at))

    def open(self, *, at=None):
        at = at or timezone.now()
        return self._live().filter(opens_at__lte=at, closes_at__gt=at)

    def in_progress(self, *, at=None):
        at = at or timezone.now()
        return self._live().filter(closes_at__lte=at)

    def resolved(self):
        return self.published().filter(cancelled_at__isnull=True, resolved_at__isnull=False)

    def cancelled(self):
        return self.published().filter(cancelled_at__isnull=False)

    def with_status(self, status: str, *, at=None):
        return {
            CallStatus.UPCOMING: lambda: self.upcoming(at=at),
            CallStatus.OPEN: lambda: self.open(at=at),
            CallStatus.IN_PROGRESS: lambda: self.in_progress(at=at),
            CallStatus.RESOLVED: self.resolved,
            CallStatus.CANCELLED: self.cancelled,
        }[status]()

    def with_list_data(self):
        return self.select_related("department")


class Call(models.Model):
    """A public job call or a call for grants, scholarships or subsidies."""

    kind = models.CharField(_("kind"), max_length=12, choices=CallKind.choices)
    reference = models.CharField(
        _("reference"),
        max_length=40,
        unique=True,
        help_text=_("The file number of the call, e.g. 2026/OP-007."),
    )
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    department = models.ForeignKey(
        "corporativa.Department",
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("department"),
    )
    summary = models.TextField(_("summary"), help_text=_("Two or three plain sentences."))
    text = models.TextField(_("text"), blank=True)
    bases_document = models.FileField(
        _("bases document"),
        upload_to="convocatories/%Y/",
        storage=private_storage,
        max_length=200,
        blank=True,
    )
    bases_sha256 = models.CharField(
        _("SHA-256 of the bases"), max_length=64, blank=True, editable=False
    )
    bases_size = models.PositiveBigIntegerField(
        _("size of the bases in bytes"), null=True, blank=True, editable=False
    )
    procedure = models.ForeignKey(
        "tramits.Procedure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("procedure to apply through"),
    )

    # Job calls.
    position = models.CharField(_("position"), max_length=200, blank=True)
    job_group = models.CharField(_("group"), max_length=2, choices=JobGroup.choices, blank=True)
    post_type = models.CharField(
        _("type of post"), max_length=10, choices=PostType.choices, blank=True
    )
    places = models.PositiveSmallIntegerField(_("number of places"), null=True, blank=True)
    selection_system = models.CharField(
        _("selection system"), max_length=12, choices=SelectionSystem.choices, blank=True
    )

    # Grants, scholarships and subsidies.
    total_budget = models.DecimalField(
        _("total budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_per_beneficiary = models.DecimalField(
        _("maximum per beneficiary (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    beneficiaries = models.TextField(_("who can apply"), blank=True)
    bdns_code = models.CharField(
        _("national grants database code"),
        max_length=20,
        blank=True,
        help_text=_("The BDNS identifier of the call."),
    )

    # Application period.
    period_mode = models.CharField(
        _("application period"),
        max_length=14,
        choices=PeriodMode.choices,
        default=PeriodMode.DATES,
    )
    opens_on = models.DateField(_("first day to apply"), null=True, blank=True)
    closes_on = models.DateField(
        _("last day to apply"),
        null=True,
        blank=True,
        help_text=_("If it is not a business day, the period ends on the next business day."),
    )
    published_on = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Of the call in the official bulletin; the count starts the day after."),
    )
    period_business_days = models.PositiveSmallIntegerField(
        _("business days to apply"), null=True, blank=True
    )
    opens_at = models.DateTimeField(
        _("opens at"), null=True, blank=True, editable=False, db_index=True
    )
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("The first instant after the period: midnight after its last day."),
    )

    # States staff set.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = _acted_by(_("published by"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = _acted_by(_("resolved by"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = _acted_by(_("cancelled by"))
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        permissions = [("publish_call", _("Can publish, resolve and cancel calls"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="convocatories_call_closes_after_opening",
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.title}"

    def get_absolute_url(self):
        return reverse("convocatories:call-detail", kwargs={"slug": self.slug})

    @property
    def is_job(self) -> bool:
        return self.kind == CallKind.JOB

    def application_days(self) -> tuple[datetime.date, datetime.date] | None:
        return application_window(
            mode=self.period_mode,
            opens_on=self.opens_on,
            closes_on=self.closes_on,
            published_on=self.published_on,
            business_days=self.period_business_days,
        )

    @property
    def first_day(self) -> datetime.date | None:
        """The first day one may apply, in Madrid."""
        if self.opens_at is not None:
            return self.opens_at.astimezone(OFFICIAL_TZ).date()
        days = self.application_days()
        return days[0] if days else None

    @property
    def last_day(self) -> datetime.date | None:
        """The last day one may apply (included), after any move past a holiday.

        Read from the stored period when there is one, so lists cost no
        calendar queries; save() keeps the two in step.
        """
        if self.closes_at is not None:
            return self.closes_at.astimezone(OFFICIAL_TZ).date() - datetime.timedelta(days=1)
        days = self.application_days()
        return days[1] if days else None

    def clean(self):
        super().clean()
        errors = {}
        if self.period_mode == PeriodMode.BUSINESS_DAYS:
            if self.published_on is None:
                errors["published_on"] = _("Give the publication date the period counts from.")
            if not self.period_business_days:
                errors["period_business_days"] = _("Give the number of business days.")
        else:
            if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
                errors["closes_on"] = _("The last day cannot be before the first day.")
        if self.is_job:
            if self.places is not None and self.places < 1:
                errors["places"] = _("A job call offers at least one place.")
        elif (
            self.total_budget is not None
            and self.max_per_beneficiary is not None
            and self.max_per_beneficiary > self.total_budget
        ):
            errors["max_per_beneficiary"] = _(
                "The maximum per beneficiary cannot exceed the total budget."
            )
        if self.cancelled_at and not self.cancel_reason.strip():
            errors["cancel_reason"] = _("Say publicly why the call is cancelled.")
        if errors:
            raise ValidationError(errors)

    def status_at(self, at=None) -> str:
        at = at or timezone.now()
        if self.published_at is None:
            return CallStatus.DRAFT
        if self.cancelled_at is not None:
            return CallStatus.CANCELLED
        if self.resolved_at is not None:
            return CallStatus.RESOLVED
        if self.opens_at is None or at < self.opens_at:
            return CallStatus.UPCOMING
        if at < self.closes_at:
            return CallStatus.OPEN
        return CallStatus.IN_PROGRESS

    @property
    def status(self) -> str:
        return self.status_at()

    def get_status_display(self) -> str:
        return CallStatus(self.status).label

    def is_open(self, at=None) -> bool:
        return self.status_at(at) == CallStatus.OPEN


class Phase(models.Model):
    """A step in the life of a call, from its bases to the final award."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="phases", verbose_name=_("call")
    )
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    title = models.CharField(
        _("title"), max_length=300, blank=True, help_text=_("Empty: the name of the phase.")
    )
    date = models.DateField(_("date"))
    ends_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("For a phase that lasts several days.")
    )
    time = models.TimeField(_("time"), null=True, blank=True, help_text=_("For exams."))
    place = models.CharField(_("place"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    published_at = models.DateTimeField(
        _("published at"),
        default=timezone.now,
        help_text=_("When it was made public; alerts and feeds follow this moment."),
    )

    class Meta:
        ordering = ["date", "time", "id"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("date")),
                name="convocatories_phase_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or str(PhaseKind(self.kind).label)

    def starts_at(self) -> datetime.datetime | None:
        """For an exam with a time: the moment it starts, in Madrid."""
        if self.time is None:
            return None
        return datetime.datetime.combine(self.date, self.time, tzinfo=OFFICIAL_TZ)


class CallDocument(PublishedDocument):
    """A document of a call, of one of its phases or of the call as a whole."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="documents", verbose_name=_("call")
    )
    phase = models.ForeignKey(
        Phase,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("phase"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def get_absolute_url(self):
        return reverse(
            "convocatories:document-download", kwargs={"slug": self.call.slug, "pk": self.pk}
        )

    def clean(self):
        super().clean()
        if self.phase_id and self.call_id and self.phase.call_id != self.call_id:
            raise ValidationError({"phase": _("This phase belongs to another call.")})


class Application(models.Model):
    """A submission made through a call's procedure: it records which call it was for."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call")
    )
    submission = models.OneToOneField(
        "tramits.Submission",
        on_delete=models.PROTECT,
        related_name="call_application",
        verbose_name=_("submission"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self):
        return f"{self.call.reference} · {self.submission}"

    @property
    def filed_on_time(self) -> bool:
        """Whether the entry was registered inside the call's application period.

        The registry accepts entries at any time (Llei 39/2015, art. 16), so a
        late one is recorded too; whether it is admitted is for staff to decide.
        """
        call, registered_at = self.call, self.submission.registered_at
        return call.opens_at is not None and call.opens_at <= registered_at < call.closes_at


class ApplicationDraft(models.Model):
    """A draft a citizen started from a call's "Apply online" button.

    It remembers which call the draft is for until the citizen submits it; the
    registry then records the Application (see convocatories.services).
    """

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="application_drafts", verbose_name=_("call")
    )
    draft = models.OneToOneField(
        "tramits.Draft",
        on_delete=models.CASCADE,
        related_name="call_draft",
        verbose_name=_("draft"),
    )
    started_at = models.DateTimeField(_("started at"), auto_now=True)

    class Meta:
        verbose_name = _("draft application")
        verbose_name_plural = _("draft applications")

    def __str__(self):
        return f"{self.call.reference} · {self.draft_id}"
