from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from corporativa.choices import RegulationKind, RegulationStatus
from corporativa.models import AccessibilityReport, RegulationDocument, SessionDocument
from documents.forms import PublishedDocumentForm


class AccessibilityReportForm(forms.ModelForm):
    """Anyone can report a barrier, without an account; name and email are optional."""

    class Meta:
        model = AccessibilityReport
        fields = ["page_url", "description", "name", "email"]
        labels = {
            "page_url": _("Address of the page (or name of the document)"),
            "description": _("What is the problem?"),
            "name": _("Your name (optional)"),
            "email": _("Your email (optional)"),
        }
        help_texts = {
            "page_url": _("Copy it from the address bar, e.g. https://…/ca/tramits/"),
            "description": _(
                "What you tried to do, what happened, and the device, browser or assistive "
                "technology you use, if you know it."
            ),
            "name": "",
            "email": _("Only if you want an answer. We use it for nothing else."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "page_url": forms.TextInput(attrs={"autocomplete": "url", "inputmode": "url"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    MIN_DESCRIPTION = 10
    MAX_DESCRIPTION = 5000

    def clean_page_url(self):
        value = " ".join(self.cleaned_data["page_url"].split())
        if not value:
            raise ValidationError(_("Say on which page or document you found the problem."))
        return value

    def clean_description(self):
        value = self.cleaned_data["description"].strip()
        if len(value) < self.MIN_DESCRIPTION:
            raise ValidationError(
                _("Describe the problem in a few words (at least %(min)s characters).")
                % {"min": self.MIN_DESCRIPTION}
            )
        if len(value) > self.MAX_DESCRIPTION:
            raise ValidationError(
                _("Keep the description under %(max)s characters.") % {"max": self.MAX_DESCRIPTION}
            )
        return value


class RegulationFilterForm(forms.Form):
    """The filters of the regulations list; anything unexpected is ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *RegulationKind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("In force and repealed")), *RegulationStatus.choices],
    )


class SessionDocumentForm(PublishedDocumentForm):
    class Meta:
        model = SessionDocument
        fields = ["kind", "title"]


class RegulationDocumentForm(PublishedDocumentForm):
    class Meta:
        model = RegulationDocument
        fields = ["order", "title"]
