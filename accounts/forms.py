from django import forms
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    BaseUserCreationForm,
    PasswordChangeForm,
    PasswordResetForm,
    UserChangeForm,
)
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts import emails
from accounts.addresses import canonical_email
from accounts.identity import validate_document
from accounts.models import User
from accounts.services import EMAIL_TAKEN_MESSAGE, email_is_taken

DOCUMENT_NUMBER_HINT = _("For example 12345678Z for a DNI or X1234567L for a NIE.")


class DocumentFieldsMixin:
    """Checks the identity document number against its type (DNI and NIE letters).

    The error goes next to the number field, and the number is stored in its
    normalised form (upper case, no spaces, dots or hyphens).
    """

    def clean_document(self, cleaned_data):
        kind = cleaned_data.get("id_document_type")
        number = cleaned_data.get("id_document_number")
        if kind and number:
            try:
                cleaned_data["id_document_number"] = validate_document(kind, number)
            except ValidationError as error:
                self.add_error("id_document_number", error)
        return cleaned_data


def _document_widgets():
    return {
        "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
        "id_document_number": forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    }


class SignupForm(DocumentFieldsMixin, BaseUserCreationForm):
    accept_privacy = forms.BooleanField(
        label=_("I have read the privacy notice and I accept it"),
        error_messages={"required": _("To create an account, accept the privacy notice.")},
    )

    class Meta:
        model = User
        fields = (
            "email",
            "full_name",
            "id_document_type",
            "id_document_number",
            "preferred_language",
        )
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            **_document_widgets(),
        }
        help_texts = {
            "email": _("We will send you a link to confirm it."),
            "id_document_number": DOCUMENT_NUMBER_HINT,
            "preferred_language": _("The language of the emails we send you."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.pop("autofocus", None)
        self.fields["id_document_number"].required = True
        self.fields["preferred_language"].initial = get_language()
        self.fields["accept_privacy"].help_text = format_html(
            '<a href="{}">{}</a>', reverse("corporativa:privacy"), _("Read the privacy notice")
        )
        self.order_fields([*self.Meta.fields, "password1", "password2", "accept_privacy"])

    def clean_email(self):
        # Whether the address has an account is never said on this page (it
        # would tell anyone): accounts.services.user_signup deals with it.
        return canonical_email(self.cleaned_data["email"])

    def _get_validation_exclusions(self):
        # Nor by the model's checks of unique addresses, for the same reason.
        return {*super()._get_validation_exclusions(), "email"}

    def clean(self):
        return self.clean_document(super().clean())


class ProfileForm(DocumentFieldsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ("full_name", "id_document_type", "id_document_number", "preferred_language")
        widgets = _document_widgets()
        help_texts = {
            "id_document_number": DOCUMENT_NUMBER_HINT,
            "preferred_language": _(
                "The language of the emails we send you and of the seu after you log in."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_document_number"].required = True
        if self.instance.id_document_verified_at is not None:
            # Verified by an accredited system: it is no longer the person's to type.
            for name in ("id_document_type", "id_document_number"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Verified by an accredited identification system: it cannot be changed here."
                )

    def clean(self):
        cleaned = super().clean()
        if self.instance.id_document_verified_at is not None:
            return cleaned
        return self.clean_document(cleaned)


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class SeuPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the mail in the person's language and capped."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        help_text=_("The address you use to log in."),
    )

    def save(self, *args, request=None, **kwargs):
        self._request = request
        return super().save(*args, request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        emails.password_reset_email_send(
            user=context["user"],
            request=self._request,
            uidb64=context["uid"],
            token=context["token"],
        )


class SeuPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Autofocus skips the page's heading and explanation for screen readers.
        self.fields["old_password"].widget.attrs.pop("autofocus", None)


class CloseAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not correct."), code="password_incorrect")
        return password


# --- Back office ---------------------------------------------------------------


class AdminUserAddForm(DocumentFieldsMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "id_document_type", "id_document_number")

    def clean_email(self):
        email = canonical_email(self.cleaned_data["email"])
        if email_is_taken(email):
            raise ValidationError(EMAIL_TAKEN_MESSAGE, code="email_taken")
        return email

    def clean(self):
        return self.clean_document(super().clean())


class AdminUserChangeForm(DocumentFieldsMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self):
        email = canonical_email(self.cleaned_data["email"])
        others = User.objects.filter(email=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(EMAIL_TAKEN_MESSAGE, code="email_taken")
        return email

    def clean(self):
        return self.clean_document(super().clean())


class IdentifiedEmailForm(forms.Form):
    """The address of a new account made by an accredited identification that gave none."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        help_text=_(
            "The seu writes to it when your applications change. We will ask you to confirm it."
        ),
    )
