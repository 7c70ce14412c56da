"""`{% load statistics_access %}`: whether a user may open the statistics dashboard."""

from django import template

from estadistiques.views import can_see_statistics as _can_see_statistics

register = template.Library()


@register.filter
def can_see_statistics(user) -> bool:
    """`{% if request.user|can_see_statistics %}`: the dashboard's own rule."""
    return _can_see_statistics(user)
