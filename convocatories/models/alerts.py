"""E-mail alerts of calls: subscriptions, the digests sent and what each carried.

Written by convocatories.alerts (subscribe, confirm, unsubscribe) and
convocatories.digests (send digests).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from convocatories.choices import CallKind
from convocatories.models.calls import Call, Phase


class AlertScope(models.TextChoices):
    NEW_CALLS = "new_calls", _("New calls of chosen kinds")
    CALL_PHASES = "call_phases", _("Every new phase of one call")


class AlertSubscriptionQuerySet(models.QuerySet):
    def active(self):
        """Confirmed and not cancelled: the only subscriptions that get mail."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)

    def of_person(self, user):
        """What a logged-in person manages: the subscriptions sent to the account's
        address, once that address is verified (the account proves it is theirs).

        The link to an account alone is not enough: alerts belong to whoever
        holds the address they go to."""
        if user.email_verified_at is None:
            return self.none()
        return self.filter(email__iexact=user.email)


class AlertSubscription(models.Model):
    """An address that asked for email alerts, with no account needed.

    Double opt-in: a subscription sends nothing until the link mailed to the
    address is opened (`confirmed_at`). Cancelled subscriptions are kept with
    `unsubscribed_at`, so an old link can say it was already used.
    """

    email = models.EmailField(_("email address"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="call_alerts",
        verbose_name=_("account"),
        help_text=_(
            "The account that subscribed, when the person was logged in with this very "
            "address verified."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("The mails are written in the language of the page where they subscribed."),
    )
    scope = models.CharField(_("alerts for"), max_length=12, choices=AlertScope.choices)
    kinds = models.JSONField(
        _("kinds of call"),
        default=list,
        blank=True,
        help_text=_("For alerts of new calls: the kinds chosen."),
    )
    call = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alert_subscriptions",
        verbose_name=_("call"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = AlertSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope=AlertScope.NEW_CALLS, call__isnull=True)
                    | Q(scope=AlertScope.CALL_PHASES, call__isnull=False)
                ),
                name="convocatories_alert_scope_matches_call",
            ),
            # One live subscription per address and target: confirming another
            # one updates it instead (see alerts.subscription_confirm).
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(
                    scope=AlertScope.NEW_CALLS,
                    confirmed_at__isnull=False,
                    unsubscribed_at__isnull=True,
                ),
                name="convocatories_alert_one_live_new_calls_per_email",
            ),
            models.UniqueConstraint(
                fields=["email", "call"],
                condition=Q(
                    scope=AlertScope.CALL_PHASES,
                    confirmed_at__isnull=False,
                    unsubscribed_at__isnull=True,
                ),
                name="convocatories_alert_one_live_follow_per_email_and_call",
            ),
        ]
        indexes = [models.Index(fields=["email"], name="convocatories_alert_email")]

    def __str__(self):
        if self.scope == AlertScope.CALL_PHASES:
            return f"{self.email} · {self.call}"
        return f"{self.email} · {', '.join(self.kinds)}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None

    def kind_labels(self) -> list[str]:
        return [str(CallKind(kind).label) for kind in CallKind.values if kind in self.kinds]


class AlertDigest(models.Model):
    """The one alert mail an address gets on one day (Europe/Madrid).

    The unique (email, day) row is what a run of `convocatories_send_alerts`
    claims before it sends: a second run, or a second digest the same day,
    cannot claim it again.
    """

    email = models.EmailField(_("email address"), max_length=254)
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    items = models.PositiveIntegerField(_("items"), default=0)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("alert digest")
        verbose_name_plural = _("alert digests")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "day"], name="convocatories_alert_one_digest_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.email} · {self.day}"


class AlertDelivery(models.Model):
    """One item (a new call or a new phase) sent to one subscription: never twice."""

    subscription = models.ForeignKey(
        AlertSubscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    digest = models.ForeignKey(
        AlertDigest, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("digest")
    )
    new_call = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new call"),
    )
    phase = models.ForeignKey(
        Phase,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new phase"),
    )

    class Meta:
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(new_call__isnull=False, phase__isnull=True)
                    | Q(new_call__isnull=True, phase__isnull=False)
                ),
                name="convocatories_alert_delivery_one_item",
            ),
            models.UniqueConstraint(
                fields=["subscription", "new_call"],
                condition=Q(new_call__isnull=False),
                name="convocatories_alert_delivery_call_once",
            ),
            models.UniqueConstraint(
                fields=["subscription", "phase"],
                condition=Q(phase__isnull=False),
                name="convocatories_alert_delivery_phase_once",
            ),
        ]

    def __str__(self):
        return f"{self.subscription_id} · {self.new_call_id or self.phase_id}"
