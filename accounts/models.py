from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.addresses import canonical_email


class DocumentType(models.TextChoices):
    DNI = "dni", _("DNI")
    NIE = "nie", _("NIE")
    PASSPORT = "passport", _("Passport")


class UserQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=canonical_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_verified_at", timezone.now())
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email=canonical_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who uses the seu: a citizen, or council staff (is_staff)."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    id_document_type = models.CharField(
        _("identity document type"),
        max_length=10,
        choices=DocumentType.choices,
        default=DocumentType.DNI,
    )
    id_document_number = models.CharField(
        _("identity document number"),
        max_length=20,
        blank=True,
        help_text=_("DNI and NIE are checked by their control letter."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the emails the seu sends to this person."),
    )
    email_verified_at = models.DateTimeField(_("email verified at"), null=True, blank=True)
    # Set when an accredited system (an OpenID provider such as VÀLid, a
    # qualified certificate) stated the document number: it then replaces
    # what the person typed and can no longer be edited.
    id_document_verified_at = models.DateTimeField(
        _("identity document verified at"), null=True, blank=True
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Council staff who may enter the back office."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    closed_at = models.DateTimeField(
        _("closed at"),
        null=True,
        blank=True,
        help_text=_("When the person closed their account. Registry entries are kept."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def save(self, *args, **kwargs):
        self.email = canonical_email(self.email)
        super().save(*args, **kwargs)


class Assurance(models.IntegerChoices):
    """Levels of assurance of an identification (eIDAS, Regulation 910/2014 art. 8)."""

    LOW = 1, _("low")
    SUBSTANTIAL = 2, _("substantial")
    HIGH = 3, _("high")


class IdentityMethod(models.TextChoices):
    PASSWORD = "password", _("Email and password (registered user)")
    OPENID = "openid", _("OpenID Connect provider")
    CERTIFICATE = "certificate", _("Qualified electronic certificate")


class Identity(models.Model):
    """One way a person has been identified by an accredited system.

    An account can have several: VÀLid with idCAT Mòbil, the same person's
    certificate, another provider. Each is found again by (method, provider,
    subject); the document number is the one the system verified.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="identities")
    method = models.CharField(_("method"), max_length=12, choices=IdentityMethod.choices)
    # The provider's issuer URL, or the certificate's issuing CA.
    provider = models.CharField(_("provider"), max_length=500)
    # The provider's subject (sub), or the certificate's document number.
    subject = models.CharField(_("subject"), max_length=255)
    # How the provider identified the person (VÀLid's "method": idcatMobil,
    # certificate, clave...), as the provider says it.
    means = models.CharField(_("means"), max_length=60, blank=True)
    document_number = models.CharField(_("verified document number"), max_length=20)
    assurance = models.PositiveSmallIntegerField(_("assurance"), choices=Assurance.choices)
    company_id = models.CharField(_("company tax number"), max_length=20, blank=True)
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    first_used_at = models.DateTimeField(_("first used"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), default=timezone.now)

    class Meta:
        verbose_name = _("verified identity")
        verbose_name_plural = _("verified identities")
        ordering = ["-last_used_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["method", "provider", "subject"], name="accounts_identity_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_method_display()} · {self.document_number}"


class RateLimitCounter(models.Model):
    """Failures counted for one rate-limit key (see accounts/ratelimit.py), when the
    counters live in the database. Times are seconds since the epoch."""

    key = models.CharField(_("key"), max_length=120, primary_key=True)
    count = models.PositiveIntegerField(_("failures in the window"), default=0)
    window_ends = models.FloatField(_("window ends"))
    locked_until = models.FloatField(_("locked until"), null=True, blank=True)
    expires_at = models.FloatField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")

    def __str__(self):
        return self.key
