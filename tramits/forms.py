"""The public form of a procedure, built from the fields staff defined."""

import datetime
from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from seu.content_language import content_lang, lang_span
from tramits.choices import FieldKind
from tramits.services import upload_check

PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9][0-9 ]{7,18}$", _("Write a phone number with digits only, for example 93 571 95 00.")
)
YES, NO = "yes", "no"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ContentSelect(forms.Select):
    """A select whose options, but the empty one, staff wrote: on a page in another
    language each carries the content's lang (WCAG 2.1, 3.1.2)."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        if option["value"] and (language := content_lang()):
            option["attrs"]["lang"] = language
        return option


class ContentLabelsMixin:
    """Radio buttons or check boxes whose labels staff wrote: the text of each label
    carries the content's lang (the lang of the <input> would not reach it)."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["label"] = lang_span(option["label"], content_lang())
        return option


class ContentRadioSelect(ContentLabelsMixin, forms.RadioSelect):
    pass


class ContentCheckboxSelectMultiple(ContentLabelsMixin, forms.CheckboxSelectMultiple):
    pass


def _form_field(field):
    common = {"label": field.label, "help_text": field.help_text, "required": field.required}
    kind = field.kind
    if kind == FieldKind.TEXT:
        return forms.CharField(max_length=500, **common)
    if kind == FieldKind.LONG_TEXT:
        return forms.CharField(
            max_length=10_000, widget=forms.Textarea(attrs={"rows": 6}), **common
        )
    if kind == FieldKind.NUMBER:
        return forms.DecimalField(max_digits=14, decimal_places=2, localize=True, **common)
    if kind == FieldKind.DATE:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
            **common,
        )
    if kind == FieldKind.EMAIL:
        return forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}), **common)
    if kind == FieldKind.PHONE:
        return forms.CharField(
            max_length=20,
            validators=[PHONE_VALIDATOR],
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            **common,
        )
    if kind == FieldKind.CHOICE:
        choices = [(c, c) for c in field.choice_list]
        widget = ContentRadioSelect if len(choices) <= 6 else ContentSelect
        if widget is ContentSelect:
            choices = [("", _("Choose an option")), *choices]
        return forms.ChoiceField(choices=choices, widget=widget, **common)
    if kind == FieldKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in field.choice_list],
            widget=ContentCheckboxSelectMultiple,
            **common,
        )
    if kind == FieldKind.YES_NO:
        return forms.ChoiceField(
            choices=[(YES, _("Yes")), (NO, _("No"))], widget=forms.RadioSelect, **common
        )
    if kind == FieldKind.FILE:
        # Whether a required file is present is decided with the draft's files.
        common["required"] = False
        return forms.FileField(**common)
    raise ValueError(f"Unknown field kind {kind}")


# What a field of a kind without its own length limit may keep (dates, numbers,
# e-mail addresses, choices): longer than any valid answer.
PENDING_VALUE_MAX = 254


def pending_answers_from(procedure, data) -> dict[str, list[str]]:
    """What an anonymous POST to the procedure's form may keep in the session until
    its author logs in: only the procedure's own fields, files left out, each value
    cut at its field's length, and no more values than the field takes."""
    kept = {}
    for field in procedure.fields.all():
        if field.kind == FieldKind.FILE or field.name not in data:
            continue
        limit = getattr(_form_field(field), "max_length", None) or PENDING_VALUE_MAX
        values = data.getlist(field.name)
        if field.kind == FieldKind.MULTIPLE_CHOICE:
            values = values[: len(field.choice_list)]
        else:
            values = values[:1]
        kept[field.name] = [value[:limit] for value in values]
    return kept


def to_json(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class ProcedureForm(forms.Form):
    """One field per ProcedureField; files are checked by content and kept in the draft."""

    def __init__(self, *args, procedure, draft_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.procedure_fields = {f.name: f for f in procedure.fields.all()}
        self.draft_files = {f.field_name: f for f in draft_files}
        self.checked_files = {}
        for name, spec in self.procedure_fields.items():
            self.fields[name] = _form_field(spec)
            if spec.kind == FieldKind.FILE and name in self.draft_files:
                self.fields[name].help_text = spec.help_text

    def clean(self):
        cleaned = super().clean()
        for name, spec in self.procedure_fields.items():
            if spec.kind != FieldKind.FILE:
                continue
            upload = self.files.get(name)
            if upload:
                try:
                    self.checked_files[name] = upload_check(upload=upload, field=spec)
                except forms.ValidationError as error:
                    self.add_error(name, error)
            elif spec.required and name not in self.draft_files:
                self.add_error(name, _("Attach “%(label)s”.") % {"label": spec.label})
        return cleaned

    def answers(self) -> dict:
        """The answers to keep in the draft: cleaned when valid, as typed otherwise."""
        answers = {}
        for name, spec in self.procedure_fields.items():
            if spec.kind == FieldKind.FILE:
                continue
            if self.is_bound and hasattr(self, "cleaned_data") and name in self.cleaned_data:
                answers[name] = to_json(self.cleaned_data[name])
            elif spec.kind == FieldKind.MULTIPLE_CHOICE:
                answers[name] = self.data.getlist(name)
            else:
                answers[name] = self.data.get(name, "")
        return answers

    def file_fields(self):
        return [
            self[name]
            for name, spec in self.procedure_fields.items()
            if spec.kind == FieldKind.FILE
        ]


class RequerimentAnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Explain what you are providing, or anything the council should know."),
    )
    documents = MultipleFileField(
        label=_("Documents"),
        required=False,
        help_text=_("PDF, JPEG or PNG files of up to 10 MB each. You can choose several."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(label=_("I want to withdraw this application"))
