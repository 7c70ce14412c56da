from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from corporativa import services
from corporativa.choices import RegulationKind, RegulationStatus
from corporativa.models import AccessibilityReport, RegulationDocument, SessionDocument


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


class StoredDocumentForm(forms.ModelForm):
    """A PDF uploaded in the back office: checked by content and fingerprinted
    by corporativa.services before it is stored."""

    upload = forms.FileField(
        label=_("PDF file"),
        required=False,
        help_text=_("Only PDF files. Its SHA-256 fingerprint is computed when it is saved."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._upload = None
        if "title" in self.fields:
            self.fields["title"].required = False
            self.fields["title"].help_text = _("The file's name if left empty.")

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload is None:
            if self.instance.pk is None and self.has_changed():
                self.add_error(
                    "upload", ValidationError(_("Choose the PDF file."), code="required")
                )
            return cleaned
        try:
            services.document_check(upload)
        except ValidationError as error:
            self.add_error("upload", error)
            return cleaned
        self._upload = upload
        if not cleaned.get("title"):
            cleaned["title"] = upload.name
            self.instance.title = upload.name
        return cleaned

    def save(self, commit=True):
        document = super().save(commit=False)
        if self._upload is not None:
            with transaction.atomic():
                services.document_store(document=document, upload=self._upload)
                if commit:
                    document.save()
        elif commit:
            document.save()
        return document


class SessionDocumentForm(StoredDocumentForm):
    class Meta:
        model = SessionDocument
        fields = ["kind", "title"]


class RegulationDocumentForm(StoredDocumentForm):
    class Meta:
        model = RegulationDocument
        fields = ["order", "title"]
