from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Assurance
from tramits.choices import DeadlineUnit, FieldKind, FileType, SilenceEffect


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class ProcedureQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def available_on(self, day):
        """Published and, if seasonal, inside its application window on `day`."""
        return self.published().filter(
            Q(is_permanent=True)
            | (Q(open_from__lte=day) | Q(open_from__isnull=True))
            & (Q(open_until__gte=day) | Q(open_until__isnull=True))
        )

    def search(self, text: str):
        """The procedures that match `text` as the search of the whole seu finds
        them (tramits/search.py, seu/search.py: accents, case and the Catalan
        middle dot aside, every word by its beginning); best first, equals in the
        catalogue's order, by title."""
        from seu.search import parse
        from tramits.search import procedures_matching

        return procedures_matching(self, parse(text)).order_by("-search_rank", "title", "pk")

    def for_audience(self, audience: str):
        field = {
            "citizens": "for_citizens",
            "businesses": "for_businesses",
            "associations": "for_associations",
        }.get(audience)
        return self.filter(**{field: True}) if field else self

    def with_list_data(self):
        return self.select_related("topic", "department")

    def most_used(self, *, since, limit: int = 6):
        """Published procedures by applications registered since `since`, most first."""
        return (
            self.published()
            .annotate(
                uses=models.Count("submissions", filter=Q(submissions__registered_at__gte=since))
            )
            .order_by("-uses", "title")[:limit]
        )


class Procedure(models.Model):
    """A procedure the council offers (tràmit), as the catalogue describes it."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One sentence: what the procedure is for.")
    )
    description = models.TextField(_("description"), blank=True)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("topic")
    )
    department = models.ForeignKey(
        "corporativa.Department",
        on_delete=models.PROTECT,
        related_name="procedures",
        verbose_name=_("department"),
        help_text=_("The department that processes the cases."),
    )
    for_citizens = models.BooleanField(_("for citizens"), default=True)
    for_businesses = models.BooleanField(_("for businesses"), default=False)
    for_associations = models.BooleanField(_("for associations"), default=False)
    who_can_apply = models.TextField(_("who can apply"))
    requirements = models.TextField(_("requirements"), blank=True)
    documents = models.TextField(
        _("documents to attach"), blank=True, help_text=_("One document per line.")
    )
    fees = models.TextField(_("fees"), blank=True, help_text=_("Leave empty if it is free."))
    resolution_deadline = models.PositiveSmallIntegerField(
        _("resolution deadline"),
        help_text=_("How long the council has to resolve, in the unit below."),
    )
    resolution_deadline_unit = models.CharField(
        _("deadline unit"), max_length=20, choices=DeadlineUnit.choices, default=DeadlineUnit.MONTHS
    )
    silence_effect = models.CharField(
        _("effect of silence"),
        max_length=20,
        choices=SilenceEffect.choices,
        help_text=_(
            "What the citizen may take as the answer if the council does not resolve in time."
        ),
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    available_online = models.BooleanField(
        _("available online"), default=True, help_text=_("Citizens can submit it from the seu.")
    )
    in_person = models.BooleanField(
        _("in person"),
        default=True,
        help_text=_("It can also be submitted at the Citizen Service Office."),
    )
    channel_notes = models.TextField(_("other channels"), blank=True)
    is_permanent = models.BooleanField(
        _("permanent"),
        default=True,
        help_text=_("Untick for seasonal procedures with an application window."),
    )
    open_from = models.DateField(_("open from"), null=True, blank=True)
    open_until = models.DateField(_("open until"), null=True, blank=True)
    is_generic = models.BooleanField(
        _("generic request"),
        default=False,
        help_text=_(
            "The generic request (instància genèrica) for anything without its own procedure."
        ),
    )
    # What identification the procedure needs (Llei 39/2015 art. 9 and 11;
    # tramits.signatures): the least level of assurance, and whether the
    # citizen signs what they submit (requests, appeals, withdrawals...).
    min_assurance = models.PositiveSmallIntegerField(
        _("least level of assurance"),
        choices=Assurance.choices,
        default=Assurance.LOW,
        help_text=_(
            "Low admits an account with email and password; substantial and high need"
            " an accredited system (VÀLid, a certificate)."
        ),
    )
    signature_required = models.BooleanField(
        _("requires a signature"),
        default=False,
        help_text=_(
            "The citizen signs by identifying with an accredited system when submitting:"
            " requests, appeals, withdrawals and renunciations need it (Llei 39/2015, art. 11.2)."
        ),
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        constraints = [
            models.CheckConstraint(
                condition=Q(open_from__isnull=True)
                | Q(open_until__isnull=True)
                | Q(open_until__gte=models.F("open_from")),
                name="tramits_procedure_window_ordered",
            ),
            models.UniqueConstraint(
                fields=["is_generic"],
                condition=Q(is_generic=True),
                name="tramits_one_generic_request",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("tramits:procedure-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if not self.is_permanent and not (self.open_from and self.open_until):
            raise ValidationError(
                _("A seasonal procedure needs the dates of its application window.")
            )

    def is_open_on(self, day) -> bool:
        if not self.is_published or not self.available_online:
            return False
        if self.is_permanent:
            return True
        return (self.open_from is None or self.open_from <= day) and (
            self.open_until is None or day <= self.open_until
        )

    @property
    def document_list(self):
        return [line.strip() for line in self.documents.splitlines() if line.strip()]


class ProcedureField(models.Model):
    """One question of a procedure's online form, defined by staff."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="fields", verbose_name=_("procedure")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_("A short key for this answer, e.g. “address”. Unique within the form."),
    )
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=FieldKind.choices, default=FieldKind.TEXT
    )
    required = models.BooleanField(_("required"), default=True)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("For choice and multiple choice: one option per line."),
    )
    max_size_mb = models.PositiveSmallIntegerField(
        _("maximum size (MB)"), default=10, help_text=_("For files only.")
    )
    allowed_types = models.CharField(
        _("allowed file types"),
        max_length=100,
        default="pdf",
        blank=True,
        help_text=_(
            "For files only: comma-separated, from pdf, jpeg, png, odt, docx. Checked on the file's content."
        ),
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "name"], name="tramits_field_name_unique"),
        ]

    def __str__(self):
        return self.label

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def allowed_type_list(self):
        return [t.strip() for t in self.allowed_types.split(",") if t.strip() in FileType.values]

    def clean(self):
        super().clean()
        if self.kind in (FieldKind.CHOICE, FieldKind.MULTIPLE_CHOICE) and not self.choice_list:
            raise ValidationError({"choices": _("Give at least one option.")})
        if self.kind == FieldKind.FILE:
            unknown = [
                t.strip()
                for t in self.allowed_types.split(",")
                if t.strip() and t.strip() not in FileType.values
            ]
            if unknown or not self.allowed_type_list:
                raise ValidationError(
                    {
                        "allowed_types": _("Use types from the list: %(types)s.")
                        % {"types": ", ".join(FileType.values)}
                    }
                )
