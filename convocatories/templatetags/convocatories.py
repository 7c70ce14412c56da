"""Dates in plain words for the call pages: see convocatories/dates.py."""

from django import template

from convocatories import dates

register = template.Library()


@register.filter
def date_words(day):
    return dates.date_words(day) if day else ""


@register.filter
def on_date_words(day):
    return dates.on_date_words(day) if day else ""


@register.filter
def until_words(day):
    return dates.until_words(day) if day else ""


@register.filter
def at_time_words(moment):
    return dates.at_time_words(moment) if moment else ""


@register.filter
def period_words(first, last):
    return dates.period_words(first, last) if first and last else ""


@register.filter
def days_left_words(day):
    return dates.days_left_words(day) if day else ""
