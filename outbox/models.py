"""The mail outbox: every mail the seu sends is first a row here.

A mail is written in the same transaction as the change it tells about, so a
change that commits always has its mail, and a rolled-back one never does.
outbox.services delivers it.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outbox.choices import Failure, MailKind, MailState


class Mail(models.Model):
    kind = models.CharField(_("kind"), max_length=40, choices=MailKind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=MailState.choices, default=MailState.PENDING
    )
    recipients = models.JSONField(_("recipients"))
    from_email = models.CharField(_("from"), max_length=254)
    language = models.CharField(_("language"), max_length=8, blank=True)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # Kept from the first attempt to the last, so a receiving server that got
    # the mail twice (a worker killed between sending and recording) sees one.
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    # The text holds a personal link (a password reset, an address
    # confirmation): the back office never shows it.
    secret = models.BooleanField(_("holds a personal link"), default=False)
    about_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    about_id = models.CharField(max_length=64, blank=True)
    about = GenericForeignKey("about_type", "about_id")

    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    # Since when it has been tried: written, or sent again by staff. A day
    # after this the mail is given up (outbox.services.GIVE_UP_AFTER).
    tries_since = models.DateTimeField(_("tried since"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # While set and in the future, one delivery has this mail in hand.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    failure = models.CharField(
        _("last failure"), max_length=12, choices=Failure.choices, default="", blank=True
    )
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("given up"), null=True, blank=True)
    text_forgotten_at = models.DateTimeField(_("text forgotten"), null=True, blank=True)

    class Meta:
        verbose_name = _("mail")
        verbose_name_plural = _("mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"
