import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corporativa.validators import validate_entity_nif, validate_postcode

# A token that changes whenever the record is saved; the record itself is kept
# in each process (see CouncilQuerySet.current).
COUNCIL_VERSION_KEY = "corporativa:council:version"
# (version token it was read at, the record or None), shared by the process's threads.
_memo: tuple[str | None, "Council | None"] | None = None


class CouncilQuerySet(models.QuerySet):
    def current(self) -> "Council":
        """The owner of the seu: the record, or one built from settings.SEU_COUNCIL.

        Every page shows it, so each process keeps the record it read, with the
        version token the shared cache held then (Redis when configured, so all
        web processes see a change). Council.save() sets a new token; a process
        whose token differs reads the record again. A page therefore costs one
        cache read and no query, except the first one a process serves after a
        change. The fallback is never saved: it stands in until staff fill the
        record in, and follows the settings as they are.
        """
        global _memo
        version = cache.get(COUNCIL_VERSION_KEY)
        memo = _memo
        if memo is None or memo[0] != version:
            memo = (version, self.filter(key=Council.SINGLETON_KEY).first())
            _memo = memo
        return memo[1] or Council.from_settings()


def council_changed() -> None:
    """Make every process read the council record again."""
    global _memo
    cache.set(COUNCIL_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    _memo = None


class Council(models.Model):
    """The council that owns the seu (titular de la seu). There is only one."""

    SINGLETON_KEY = 1

    key = models.PositiveSmallIntegerField(
        default=SINGLETON_KEY, unique=True, editable=False, verbose_name=_("key")
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("As it signs, e.g. “Ajuntament de Mollet del Vallès”."),
    )
    tax_id = models.CharField(
        _("tax ID (NIF)"),
        max_length=9,
        validators=[validate_entity_nif],
        help_text=_("The council's NIF, e.g. P0800000B: letter, seven digits, control character."),
    )
    address = models.CharField(_("address"), max_length=200, help_text=_("Street and number."))
    postcode = models.CharField(_("postcode"), max_length=5, validators=[validate_postcode])
    town = models.CharField(_("town"), max_length=100)
    phone = models.CharField(_("phone"), max_length=40)
    email = models.EmailField(_("email"))
    dpo_email = models.EmailField(
        _("data protection officer's email"),
        help_text=_("Where people write to exercise their data protection rights."),
    )
    website = models.URLField(_("website"), blank=True)
    act_title = models.CharField(
        _("title of the act that created the seu"),
        max_length=300,
        blank=True,
        help_text=_("e.g. “Decret d'Alcaldia 1234/2010, de creació de la seu electrònica”."),
    )
    act_date = models.DateField(_("date of the act"), null=True, blank=True)
    act_bulletin = models.CharField(
        _("bulletin reference"),
        max_length=200,
        blank=True,
        help_text=_("Where the act was published, e.g. “BOPB, 15/03/2010”."),
    )
    act_url = models.URLField(_("link to the publication"), blank=True)
    act_summary = models.TextField(
        _("summary of the act"),
        blank=True,
        help_text=_("What the act establishes: address of the seu, owner, responsible body."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CouncilQuerySet.as_manager()

    class Meta:
        verbose_name = _("council (owner of the seu)")
        verbose_name_plural = _("council (owner of the seu)")
        constraints = [
            models.CheckConstraint(condition=models.Q(key=1), name="corporativa_council_singleton")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # After the commit, or another process could read the old record at the new token.
        transaction.on_commit(council_changed)
        council_changed()

    def get_absolute_url(self):
        return reverse("corporativa:creation-act")

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        transaction.on_commit(council_changed)
        council_changed()
        return result

    @classmethod
    def from_settings(cls) -> "Council":
        """An unsaved record with what settings.SEU_COUNCIL (the environment) says."""
        data = settings.SEU_COUNCIL
        return cls(
            name=data.get("name", ""),
            tax_id=data.get("tax_id", ""),
            address=data.get("address", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            dpo_email=data.get("dpo_email", ""),
            website=data.get("website", ""),
        )

    @property
    def full_address(self) -> str:
        place = " ".join(part for part in (self.postcode, self.town) if part)
        return ", ".join(part for part in (self.address, place) if part)

    @property
    def has_act(self) -> bool:
        return bool(self.act_title)
