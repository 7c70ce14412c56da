"""Forms of the notice board's back office.

They only validate: the writes that carry rules (publishing, extending,
cancelling, correcting) are done by tauler.services, called from the admin.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from documents.forms import PublishedDocumentForm
from tauler.models import Notice, NoticeDocument

DRAFT_FIELDS = [
    "title",
    "text",
    "category",
    "department",
    "case_reference",
    "corrects",
    "start_at",
    "period_business_days",
    "is_permanent",
    "is_pinned",
]


class NoticeDraftForm(forms.ModelForm):
    """A notice that is still a draft: everything can change until it is published."""

    class Meta:
        model = Notice
        fields = DRAFT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        corrects = self.fields.get("corrects")
        if corrects is not None:
            # Only a published notice can be corrected, and not by itself.
            queryset = Notice.objects.published()
            if self.instance.pk:
                queryset = queryset.exclude(pk=self.instance.pk)
            corrects.queryset = queryset

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # The admin saves inside a transaction: holding the row until then
            # means a publication that happens meanwhile waits for this save,
            # or this save sees it and stops.
            current = Notice.objects.select_for_update(of=("self",)).get(pk=self.instance.pk)
            if current.published_at is not None:
                raise ValidationError(
                    _("This notice was published meanwhile: it can no longer be changed."),
                    code="published",
                )
        if cleaned.get("is_permanent"):
            cleaned["period_business_days"] = None
        elif not cleaned.get("period_business_days") and "period_business_days" not in self.errors:
            self.add_error(
                "period_business_days",
                ValidationError(
                    _("Give the period in business days, or mark the notice as permanent."),
                    code="no_period",
                ),
            )
        return cleaned


class NoticePinForm(forms.ModelForm):
    """All a published notice lets change: whether it is shown first on the board.

    Pinning is presentation. The guarantees of the board (and of the log)
    cover the text, the documents and the period, never the order of the list.
    """

    class Meta:
        model = Notice
        fields = ["is_pinned"]


class NoticeDocumentForm(PublishedDocumentForm):
    """A PDF of a draft notice (the admin keeps a published notice's documents as they are)."""

    class Meta:
        model = NoticeDocument
        fields = ["order", "title"]


class PublishForm(forms.Form):
    """Nothing to fill in: the page shows what will be published and asks to confirm."""


class CorrectionForm(forms.Form):
    """Nothing to fill in: the correction is a new draft, edited before it is published."""


class ExtendForm(forms.Form):
    business_days = forms.IntegerField(
        label=_("New period in business days"),
        min_value=1,
        max_value=32767,
        help_text=_(
            "The whole period, counted from the day after the start, as it will be. "
            "It can only be longer than the current one."
        ),
    )

    def __init__(self, *args, notice: Notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice
        if notice.period_business_days:
            self.fields["business_days"].min_value = notice.period_business_days + 1
            self.fields["business_days"].widget.attrs["min"] = notice.period_business_days + 1

    def clean_business_days(self):
        days = self.cleaned_data["business_days"]
        current = self.notice.period_business_days
        if current and days <= current:
            raise ValidationError(
                _("The period can only be extended: give more than %(days)s business days."),
                params={"days": current},
                code="shorter",
            )
        return days


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_(
            "Shown to everyone on the notice's page and written to the publication log: "
            "no personal data."
        ),
    )
