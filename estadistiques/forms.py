"""The statistics dashboard's period picker: a GET form that works without JavaScript."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from estadistiques.periods import (
    DEFAULT_PRESET,
    MAX_DAYS,
    Period,
    Preset,
    earliest_since,
    preset_period,
)

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _shown(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


class PeriodForm(forms.Form):
    """Which days the dashboard counts: a preset ending today, or two dates.

    The dates are read only when "Custom period" is chosen. With nothing in
    the query string the form stands for the default preset (last 30 days).
    """

    periode = forms.ChoiceField(
        label=_("Period"),
        choices=Preset.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Every period ends today, except a custom one. The last 6 months are this month "
            "and the five before it, from their first day."
        ),
        error_messages={"invalid_choice": _("Choose one of the periods offered.")},
    )
    inici = forms.DateField(
        label=_("First day"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Only for a custom period. Included in the figures."),
        error_messages={"invalid": _("Write the first day as a date, such as 2026-05-01.")},
    )
    fi = forms.DateField(
        label=_("Last day"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Only for a custom period. Included in the figures; today at the latest."),
        error_messages={"invalid": _("Write the last day as a date, such as 2026-05-31.")},
    )

    def __init__(self, data=None, *, today: date, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("periode"):
            data["periode"] = DEFAULT_PRESET
        if data["periode"] != Preset.CUSTOM:
            # A preset decides the dates: whatever the date fields held is not read.
            data.pop("inici", None)
            data.pop("fi", None)
        super().__init__(data, **kwargs)
        self.today = today
        for name in ("inici", "fi"):
            self.fields[name].widget.attrs["max"] = today.isoformat()

    def clean(self):
        cleaned = super().clean()
        preset = cleaned.get("periode")
        if not preset:
            return cleaned  # an invalid choice: its own error says so
        if preset != Preset.CUSTOM:
            cleaned["period"] = preset_period(preset, today=self.today)
            return cleaned
        since, until = cleaned.get("inici"), cleaned.get("fi")
        if since is None and "inici" not in self.errors:
            self.add_error(
                "inici",
                ValidationError(_("Give the first day of the custom period."), code="required"),
            )
        if until is None and "fi" not in self.errors:
            self.add_error(
                "fi",
                ValidationError(_("Give the last day of the custom period."), code="required"),
            )
        if since is None or until is None:
            return cleaned
        if until > self.today:
            self.add_error(
                "fi",
                ValidationError(
                    _("The last day cannot be after today (%(today)s)."),
                    params={"today": _shown(self.today)},
                    code="future",
                ),
            )
        if since > self.today:
            self.add_error(
                "inici",
                ValidationError(
                    _("The first day cannot be after today (%(today)s)."),
                    params={"today": _shown(self.today)},
                    code="future",
                ),
            )
        elif since > until:
            self.add_error(
                "fi",
                ValidationError(
                    _("The last day cannot be before the first day (%(since)s)."),
                    params={"since": _shown(since)},
                    code="before_since",
                ),
            )
        elif (until - since).days + 1 > MAX_DAYS:
            self.add_error(
                "inici",
                ValidationError(
                    _(
                        "The period can be at most %(days)s days long (three years): "
                        "for a period ending on %(until)s, choose %(earliest)s or later."
                    ),
                    params={
                        "days": MAX_DAYS,
                        "until": _shown(until),
                        "earliest": _shown(earliest_since(until)),
                    },
                    code="too_long",
                ),
            )
        if not self.errors:
            cleaned["period"] = Period(since=since, until=until, preset=Preset.CUSTOM)
        return cleaned

    @property
    def period(self) -> Period | None:
        """The period asked for, once the form is valid; None otherwise."""
        if self.is_valid():
            return self.cleaned_data["period"]
        return None
