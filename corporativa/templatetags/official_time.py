"""Official time in templates: {% load official_time %}."""

from django import template

from corporativa.business_days import last_moment_shown

register = template.Library()


@register.filter
def last_moment(end_at):
    """The end of a period as people read it: 00:00 is shown as 23:59 the day before
    (corporativa.business_days.last_moment_shown)."""
    return last_moment_shown(end_at)
