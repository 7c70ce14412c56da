from django import forms
from django.utils.translation import gettext_lazy as _

from documents.codes import code_is_well_formed, code_normalise

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
