"""Logging in with an accredited system: an OpenID provider (VÀLid) or a certificate.

Every failure (the provider down, slow or answering an error, a callback
tampered with or played again, a token that does not verify, claims missing,
an identity that cannot reach an account) shows a page in the person's
language that says what happened and what to do, is logged, and changes
nothing.
"""

import logging

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts import emails, oidc
from accounts.forms import IdentifiedEmailForm
from accounts.identities import (
    EmailNeeded,
    IdentityRefused,
    VerifiedIdentity,
    account_for,
    identification_record,
)
from accounts.models import Assurance, IdentityMethod

logger = logging.getLogger(__name__)

NEXT_KEY = "seu_identify_next"
LANGUAGE_KEY = "seu_identify_language"
PENDING_KEY = "seu_identify_pending"
ID_TOKEN_KEY = "seu_oidc_id_token"
BACKEND = "accounts.backends.EmailBackend"


def _problem(request, *, title: str, message: str, status: int = 400):
    return render(
        request,
        "accounts/identify_problem.html",
        {"title": title, "message": message, "oidc_name": settings.OIDC_NAME},
        status=status,
    )


def _provider_down(request):
    return _problem(
        request,
        title=_("%(name)s is not answering") % {"name": settings.OIDC_NAME},
        message=_(
            "The identification service does not answer just now. Try again in a few"
            " minutes, or log in with your email address and password."
        ),
        status=503,
    )


def _not_verified(request):
    return _problem(
        request,
        title=_("The identification could not be checked"),
        message=_(
            "The answer of the identification service could not be verified, so it was"
            " not used. Start the identification again."
        ),
    )


def _next_from(request) -> str:
    target = request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _signed_in(request, verified: VerifiedIdentity, *, email: str = "", id_token: str = ""):
    """Find or make the account, log the person in, and go where they were going."""
    current = request.user if request.user.is_authenticated else None
    # The callback has no language in its address: the one the person started in.
    language = request.session.get(LANGUAGE_KEY) or translation.get_language()
    translation.activate(language)
    try:
        user, identity, created = account_for(
            verified, current_user=current, email=email, language=language
        )
    except EmailNeeded:
        request.session[PENDING_KEY] = verified.as_session()
        if id_token:
            request.session[ID_TOKEN_KEY] = id_token
        return redirect("accounts:identify-email")
    except IdentityRefused as refused:
        logger.warning(
            "Identification refused (%s) for a %s identity", refused.code, verified.method
        )
        return _problem(request, title=_("We could not let you in"), message=refused.message)
    target = request.session.pop(NEXT_KEY, "")
    request.session.pop(LANGUAGE_KEY, None)
    if created and user.email_verified_at is None:
        # An address typed here, or one the system did not say it verified:
        # confirmed by the usual link before the seu relies on it.
        emails.verification_email_send(user=user, request=request)
    auth_login(request, user, backend=BACKEND)
    identification_record(request, verified, identity)
    if id_token:
        request.session[ID_TOKEN_KEY] = id_token
    return redirect(target or reverse("accounts:carpeta"))


# --- OpenID Connect ------------------------------------------------------------------


@never_cache
@require_GET
def oidc_start(request):
    if not oidc.configured():
        raise Http404
    request.session[NEXT_KEY] = _next_from(request)
    request.session[LANGUAGE_KEY] = translation.get_language()
    try:
        return oidc.client().authorize_redirect(
            request, request.build_absolute_uri(reverse("oidc-callback"))
        )
    except (requests.RequestException, OAuthError, ValueError, KeyError):
        logger.exception("The OpenID provider %s cannot be reached", settings.OIDC_ISSUER)
        return _provider_down(request)


@never_cache
@require_GET
def oidc_callback(request):
    if not oidc.configured():
        raise Http404
    # Its address has no language: answer in the one the person started in.
    if request.session.get(LANGUAGE_KEY):
        translation.activate(request.session[LANGUAGE_KEY])
        request.LANGUAGE_CODE = translation.get_language()
    if request.GET.get("error"):
        logger.info("The OpenID provider answered %s", request.GET.get("error")[:100])
        return _problem(
            request,
            title=_("The identification was not completed"),
            message=_(
                "%(name)s did not confirm who you are (you may have cancelled). Nothing has"
                " changed: you can try again."
            )
            % {"name": settings.OIDC_NAME},
        )
    try:
        token = oidc.client().authorize_access_token(request, leeway=settings.OIDC_CLOCK_SKEW)
    except MismatchingStateError:
        logger.warning("OpenID callback with an unknown or used state")
        return _problem(
            request,
            title=_("This identification has expired"),
            message=_(
                "The answer of the identification service was not for this browser, or it"
                " was used already. Start the identification again."
            ),
        )
    except requests.RequestException:
        logger.exception("The OpenID provider did not answer the token request")
        return _provider_down(request)
    except Exception:
        # OAuthError, or the ID token's signature, issuer, audience, expiry or
        # nonce (authlib.jose's errors).
        logger.exception("The OpenID provider's answer did not verify")
        return _not_verified(request)
    id_token = token.get("id_token") or ""
    if not id_token or not token.get("userinfo"):
        logger.warning("The OpenID provider gave no ID token")
        return _not_verified(request)
    try:
        verified = oidc.verified_identity(oidc.claims_of(token), id_token=id_token)
    except oidc.MissingClaims as missing:
        logger.warning("The OpenID provider left out %s", missing)
        return _problem(
            request,
            title=_("The identification is incomplete"),
            message=_(
                "The identification service did not say your document number, which the"
                " registry needs. Try another way of identifying, or ask the council's office."
            ),
        )
    return _signed_in(request, verified, id_token=id_token)


@never_cache
@require_http_methods(["GET", "POST"])
def identify_email(request):
    """A new account from an identity that came without an e-mail address."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return redirect("accounts:login")
    verified = VerifiedIdentity(**pending)
    form = IdentifiedEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.session.pop(PENDING_KEY, None)
        return _signed_in(
            request,
            verified,
            email=form.cleaned_data["email"],
            id_token=request.session.pop(ID_TOKEN_KEY, ""),
        )
    return render(request, "accounts/identify_email.html", {"form": form, "verified": verified})


# --- Qualified certificates ----------------------------------------------------------


@never_cache
@require_GET
def certificate_login(request):
    if not settings.CERT_CA_BUNDLE:
        raise Http404
    from accounts import certificates

    request.session[NEXT_KEY] = _next_from(request)
    try:
        certificate = certificates.certificate_from_request(request)
        if certificate is None:
            raise certificates.CertificateRefused(
                "missing",
                _(
                    "Your browser did not present a certificate. Install your certificate in"
                    " the browser (or insert your card) and try again."
                ),
            )
        found = certificates.identity_from_certificate(certificate)
    except certificates.CertificateRefused as refused:
        logger.warning("Certificate refused: %s", refused.code)
        return _problem(request, title=_("Your certificate cannot be used"), message=str(refused))
    verified = VerifiedIdentity(
        method=IdentityMethod.CERTIFICATE,
        provider=found.issuer,
        subject=f"{found.document_number}/{found.company_id}"
        if found.company_id
        else found.document_number,
        document_number=found.document_number,
        given_name=found.given_name,
        surnames=found.surnames,
        assurance=Assurance.HIGH,
        means=found.kind,
        company_id=found.company_id,
        company_name=found.company_name,
        fingerprint=found.fingerprint,
    )
    return _signed_in(request, verified)
