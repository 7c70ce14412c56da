from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from documents.codes import code_is_well_formed, code_normalise
from documents.uploads import pdf_fingerprint, published_pdf_attach

NOT_FOUND = _("No document has this verification code. Check that you copied it correctly.")
MALFORMED = _(
    "A verification code has 20 letters and digits, like ABCD-EFGH-JK23-MN45-PQRS. "
    "Check that you copied it correctly."
)


class VerificationForm(forms.Form):
    codi = forms.CharField(
        label=_("Secure verification code (CSV)"),
        max_length=100,
        help_text=_(
            "You find it at the foot of every page of the document. "
            "Capital or small letters, spaces and hyphens make no difference."
        ),
        error_messages={"required": _("Enter the verification code printed on the document.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_codi(self) -> str:
        code = code_normalise(self.cleaned_data["codi"])
        if not code_is_well_formed(code):
            raise forms.ValidationError(MALFORMED, code="malformed")
        return code

    def add_not_found_error(self) -> None:
        self.add_error("codi", forms.ValidationError(NOT_FOUND, code="not_found"))


class PublishedDocumentForm(forms.ModelForm):
    """A PDF staff upload in the back office for a PublishedDocument (a notice's,
    a call's, minutes, a regulation's): checked by content and size when the form
    is validated, fingerprinted and stored by documents.uploads when it is saved.
    Subclasses give the Meta (model and fields)."""

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
            pdf_fingerprint(upload)
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
            published_pdf_attach(document=document, upload=self._upload)
        if commit:
            document.save()
        return document
