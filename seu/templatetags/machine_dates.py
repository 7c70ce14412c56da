"""Dates for machines inside HTML: the `datetime` attribute of <time>.

    {% load machine_dates %}
    <time datetime="{{ entry.at|iso_datetime }}">{{ entry.at|date:"d/m/Y H:i" }}</time>

Django's `date:'c'` writes the microseconds a timestamp carries, and the HTML
standard allows at most three fraction digits, so the W3C checker refuses
every page that shows one. Nobody reads a `datetime` to the microsecond: this
filter writes it to the second, in the official time zone, with its offset.
Feeds, calendars and JSON are not HTML and keep their own formats.
"""

from datetime import date, datetime, time

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def iso_datetime(value):
    """A valid global date and time string (`2026-12-07T23:45:15+01:00`) for a
    datetime, a valid date string (`2026-12-07`) for a date, a valid time string
    (`23:45:15`) for a time, and nothing for anything else."""
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            # Stored times are aware (USE_TZ); a naive one was computed in the
            # official time, so it gets the official offset.
            value = timezone.make_aware(value)
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.replace(microsecond=0, tzinfo=None).isoformat()
    return ""
