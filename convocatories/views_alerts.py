"""The pages of the email alerts: subscribe, confirm, unsubscribe, and manage them.

Links in mails never change anything on a GET (mail scanners open links):
the confirmation and the unsubscribe pages show a button, and the button's
POST does the work. The unsubscribe POST also answers RFC 8058 one-click
requests, which mail programs send with no cookie, so it is CSRF-exempt (it
can only cancel the subscriptions its signed token names).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import ratelimit
from convocatories import alerts
from convocatories.choices import CallKind, CallStatus
from convocatories.models import AlertScope, AlertSubscription, Call
from seu import exports


class KindsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(
            choices=CallKind.choices,
            label=gettext_lazy("Kinds of call"),
            error_messages={"required": gettext_lazy("Choose at least one kind of call.")},
            **kwargs,
        )


class EmailField(forms.EmailField):
    def __init__(self, **kwargs):
        super().__init__(
            label=gettext_lazy("Your email address"),
            max_length=254,
            error_messages={
                "required": gettext_lazy("Write the email address the alerts should go to."),
                "invalid": gettext_lazy("Write a valid email address, like name@example.com."),
            },
            **kwargs,
        )
        self.widget.attrs["autocomplete"] = "email"


class NewCallsAlertForm(forms.Form):
    # A prefix keeps the ids apart from the other forms of the pages that include it.
    prefix = "alert"
    email = EmailField()
    kinds = KindsField(help_text=gettext_lazy("At most one mail a day, only when there is news."))


class FollowCallForm(forms.Form):
    prefix = "alert"
    email = EmailField(
        help_text=gettext_lazy(
            "One mail on the days a new phase of this call is published: lists, exams, results."
        )
    )


class KindsForm(forms.Form):
    kinds = KindsField()


def _initial(request) -> dict:
    return {"email": request.user.email} if request.user.is_authenticated else {}


def _followable(call: Call) -> bool:
    return call.status_at() != CallStatus.CANCELLED


def _subscribe(request, form_class, template, context, *, call=None):
    """The shared POST path of both subscribe forms."""
    form = form_class(request.POST or None, initial=_initial(request))
    status = 200
    if request.method == "POST":
        if seconds := alerts.client_locked_for(request):
            form.add_error(
                None,
                _(
                    "Too many requests for alerts have come from your connection. "
                    "Try again in %(minutes)s minutes."
                )
                % {"minutes": ratelimit.minutes(seconds)},
            )
            status = 429
        elif form.is_valid():
            alerts.client_count(request)
            try:
                subscription = alerts.subscription_request(
                    email=form.cleaned_data["email"],
                    kinds=form.cleaned_data.get("kinds"),
                    call=call,
                    language=translation.get_language(),
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if subscription.is_active:
                    messages.success(request, _("Done: your alerts are active."))
                    return redirect("convocatories:alerts-manage")
                alerts.confirmation_send(
                    subscription=subscription, base_url=exports.base_url(request)
                )
                return redirect("convocatories:alerts-sent")
        if form.errors and status == 200:
            status = 400
    return render(request, template, {"form": form, **context}, status=status)


@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def new_calls_subscribe(request):
    return _subscribe(request, NewCallsAlertForm, "convocatories/alerts/subscribe.html", {})


@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def call_follow(request, slug):
    call = get_object_or_404(Call.objects.public(), slug=slug)
    if not _followable(call):
        return render(request, "convocatories/alerts/follow.html", {"call": call}, status=410)
    return _subscribe(
        request, FollowCallForm, "convocatories/alerts/follow.html", {"call": call}, call=call
    )


def alerts_sent(request):
    return render(request, "convocatories/alerts/sent.html", {"valid_days": 3})


def _token_failed(request, reason: str, *, action: str):
    return render(
        request,
        "convocatories/alerts/token_failed.html",
        {"reason": reason, "action": action},
        status=200 if reason == "used" else 400,
    )


@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def alert_confirm(request, token):
    try:
        subscription = alerts.confirm_token_subscription(token)
    except alerts.TokenExpired:
        return _token_failed(request, "expired", action="confirm")
    except alerts.TokenInvalid:
        return _token_failed(request, "invalid", action="confirm")
    if subscription.confirmed_at is not None or subscription.unsubscribed_at is not None:
        return _token_failed(request, "used", action="confirm")
    if request.method == "POST":
        try:
            live = alerts.subscription_confirm(subscription=subscription)
        except alerts.AlreadyDone:
            return _token_failed(request, "used", action="confirm")
        return render(
            request,
            "convocatories/alerts/confirm_done.html",
            {
                "subscription": live,
                "unsubscribe_token": alerts.unsubscribe_token_make([live]),
            },
        )
    return render(request, "convocatories/alerts/confirm.html", {"subscription": subscription})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def alert_unsubscribe(request, token):
    """GET: what the link cancels, and a button. POST: cancel (also RFC 8058 one-click)."""
    try:
        subscriptions = alerts.unsubscribe_token_subscriptions(token)
    except alerts.TokenInvalid:
        return _token_failed(request, "invalid", action="unsubscribe")
    live = [s for s in subscriptions if s.unsubscribed_at is None]
    if not live:
        return _token_failed(request, "used", action="unsubscribe")
    if request.method == "POST":
        alerts.subscriptions_cancel(subscriptions=live)
        return render(
            request, "convocatories/alerts/unsubscribe_done.html", {"subscriptions": live}
        )
    return render(
        request,
        "convocatories/alerts/unsubscribe.html",
        {"subscriptions": live, "token": token},
    )


# --- La meva carpeta ------------------------------------------------------------------


def person_subscriptions(user):
    return (
        AlertSubscription.objects.active()
        .of_person(user)
        .select_related("call")
        .order_by("scope", "-confirmed_at")
    )


def _manage_page(request, *, invalid=None, status=200):
    """The person's live subscriptions, each new-calls one with its kinds form
    (`invalid`: the one form that failed, shown with its errors)."""
    subscriptions = list(person_subscriptions(request.user))
    for subscription in subscriptions:
        if subscription.scope != AlertScope.NEW_CALLS:
            continue
        if invalid is not None and invalid.prefix == f"s{subscription.pk}":
            subscription.kinds_form = invalid
        else:
            subscription.kinds_form = KindsForm(
                initial={"kinds": subscription.kinds}, prefix=f"s{subscription.pk}"
            )
    return render(
        request,
        "convocatories/alerts/manage.html",
        {
            "subscriptions": subscriptions,
            "has_new_calls": any(s.scope == AlertScope.NEW_CALLS for s in subscriptions),
            "new_calls_form": NewCallsAlertForm(initial=_initial(request)),
        },
        status=status,
    )


@login_required
@never_cache
@require_safe
def alerts_manage(request):
    return _manage_page(request)


@login_required
@require_POST
def alerts_manage_cancel(request, pk):
    subscription = get_object_or_404(person_subscriptions(request.user), pk=pk)
    alerts.subscriptions_cancel(subscriptions=[subscription])
    messages.success(request, _("You will not get these alerts any more."))
    return redirect("convocatories:alerts-manage")


@login_required
@require_POST
def alerts_manage_kinds(request, pk):
    subscription = get_object_or_404(
        person_subscriptions(request.user).filter(scope=AlertScope.NEW_CALLS), pk=pk
    )
    form = KindsForm(request.POST, prefix=f"s{subscription.pk}")
    if not form.is_valid():
        return _manage_page(request, invalid=form, status=400)
    alerts.subscription_kinds_set(subscription=subscription, kinds=form.cleaned_data["kinds"])
    messages.success(request, _("Your choice of kinds of call is saved."))
    return redirect("convocatories:alerts-manage")
