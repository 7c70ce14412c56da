"""The alert forms, for any page to include: `{% new_calls_alert_form %}` and
`{% follow_call_form call %}` (the includes under convocatories/alerts/ use them)."""

from django import template

register = template.Library()


def _initial(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"email": user.email} if user is not None and user.is_authenticated else {}


@register.inclusion_tag("convocatories/alerts/form_new_calls.html", takes_context=True)
def new_calls_alert_form(context):
    from convocatories.views_alerts import NewCallsAlertForm

    return {
        "form": NewCallsAlertForm(initial=_initial(context)),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("convocatories/alerts/form_follow.html", takes_context=True)
def follow_call_form(context, call):
    from convocatories.views_alerts import FollowCallForm

    return {
        "form": FollowCallForm(initial=_initial(context)),
        "call": call,
        "csrf_token": context.get("csrf_token"),
    }
