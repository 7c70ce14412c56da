import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts import carpeta as carpeta_sections
from accounts import emails, oidc, services, views_identify
from accounts.addresses import canonical_email
from accounts.backends import LoginLimits
from accounts.closure import closure_descriptions
from accounts.exports import user_data_export
from accounts.forms import (
    CloseAccountForm,
    EmailForm,
    LoginForm,
    ProfileForm,
    SeuPasswordChangeForm,
    SeuPasswordResetForm,
    SignupForm,
)
from accounts.models import User
from accounts.systems import identify_options
from accounts.tokens import TokenExpired, TokenInvalid, verification_token_user

SIGNUP_EMAIL_SESSION_KEY = "accounts_signup_email"

logger = logging.getLogger(__name__)


def _in_language(path: str, language: str) -> str:
    """The same page in another language (the seu's paths carry the language)."""
    return translate_url(path, language)


def _redirect_target(request, language: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return _in_language(target, language)
    return _in_language(reverse("accounts:carpeta"), language)


# --- Sign-up and email verification ----------------------------------------------


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:carpeta")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, created = services.user_signup(
            email=data["email"],
            full_name=data["full_name"],
            id_document_type=data["id_document_type"],
            id_document_number=data["id_document_number"],
            preferred_language=data["preferred_language"],
            password=data["password1"],
        )
        # The same answer whether the address was new or already had an
        # account (see user_signup); only the mail differs.
        if created:
            emails.verification_email_send(user=user, request=request)
        else:
            emails.account_exists_email_send(user=user, request=request)
        request.session[SIGNUP_EMAIL_SESSION_KEY] = data["email"]
        return redirect("accounts:signup-done")
    return render(request, "accounts/signup.html", {"form": form})


@never_cache
def signup_done(request):
    email = request.session.get(SIGNUP_EMAIL_SESSION_KEY)
    return render(
        request,
        "accounts/signup_done.html",
        {"email": email, "valid_days": max(1, settings.EMAIL_VERIFICATION_MAX_AGE // 86400)},
    )


@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify_email(request, token):
    """GET: a button to confirm. POST: confirm the address.

    Mail scanners open every link in a message: verifying on GET would
    confirm an account that someone else opened with this address.
    """
    try:
        user = verification_token_user(token)
    except TokenExpired:
        reason = "expired"
    except TokenInvalid:
        reason = "invalid"
    else:
        if user.email_verified:
            reason = "used"
        elif request.method == "POST":
            services.user_email_verify(user=user)
            request.session.pop(SIGNUP_EMAIL_SESSION_KEY, None)
            return render(request, "accounts/verify_done.html")
        else:
            return render(request, "accounts/verify_confirm.html")
    return render(
        request,
        "accounts/verify_failed.html",
        {"reason": reason, "form": EmailForm()},
        status=200 if reason == "used" else 400,
    )


@csrf_protect
@never_cache
def verify_resend(request):
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = (
            User.objects.open()
            .filter(
                email=canonical_email(form.cleaned_data["email"]),
                is_active=True,
                email_verified_at__isnull=True,
            )
            .first()
        )
        if user is not None:
            emails.verification_email_send(user=user, request=request)
        return redirect("accounts:verify-resend-done")
    return render(request, "accounts/verify_resend.html", {"form": form})


def verify_resend_done(request):
    return render(
        request,
        "accounts/verify_resend_done.html",
        {"valid_days": max(1, settings.EMAIL_VERIFICATION_MAX_AGE // 86400)},
    )


# --- Log in and out ------------------------------------------------------------------


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    if request.user.is_authenticated:
        return redirect("accounts:carpeta")
    form = LoginForm(request.POST or None)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_attempt(
                request=request,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
            )
        except services.LoginRefused as refused:
            refusal = refused.code
            form.add_error(None, refused.message)
        else:
            auth_login(request, user)
            language = user.preferred_language
            # Worked out before switching: translate_url resolves the path in
            # the language of the page the person came from.
            target = _redirect_target(request, language)
            translation.activate(language)
            return redirect(target)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "refusal": refusal,
            "next": next_url,
            **identify_options(),
        },
    )


@require_POST
def logout_view(request):
    id_token = request.session.get(views_identify.ID_TOKEN_KEY)
    auth_logout(request)
    messages.info(request, _("You have logged out."))
    if id_token and oidc.configured():
        # RP-initiated logout: the provider ends its session too, and sends the
        # person back to the home page.
        try:
            return oidc.client().logout_redirect(
                request,
                post_logout_redirect_uri=request.build_absolute_uri(reverse("home")),
                id_token_hint=id_token,
            )
        except Exception:
            logger.warning("Could not end the session at the OpenID provider", exc_info=True)
    return redirect("home")


# --- Passwords ------------------------------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = SeuPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:carpeta")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = SeuPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        hours = max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)
        return super().get_context_data(valid_hours=hours, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Opening the link proved the address is theirs.
        services.user_email_verify(user=form.user)
        # The lockout message offers a reset as the way out: honour it.
        LoginLimits.of(form.user.email, self.request).succeeded()
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- La meva carpeta and the account -------------------------------------------------


@login_required
def carpeta(request):
    return render(
        request, "accounts/carpeta.html", {"sections": carpeta_sections.sections_for(request)}
    )


@login_required
@csrf_protect
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        language = user.preferred_language
        with translation.override(language):
            messages.success(request, _("Your details have been saved."))
        return redirect(_in_language(reverse("accounts:carpeta"), language))
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@csrf_protect
@never_cache
def data_export(request):
    if request.method != "POST":
        return render(request, "accounts/export.html")
    data = user_data_export(request.user)
    filename = f"seu-dades-{timezone.localdate().isoformat()}.json"
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@sensitive_post_parameters("password")
@login_required
@csrf_protect
@never_cache
def close_account(request):
    form = CloseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_close(user=request.user)
        auth_logout(request)
        messages.success(
            request,
            _(
                "Your account is closed and your personal details have been removed from it. "
                "Your registry entries are kept, as the law requires."
            ),
        )
        return redirect("home")
    return render(
        request,
        "accounts/close.html",
        {"form": form, "closure_descriptions": closure_descriptions()},
    )
