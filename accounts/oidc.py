"""Identification through an OpenID Connect provider (the AOC's VÀLid, or any other).

Authlib does the protocol: discovery at <OIDC_ISSUER>/.well-known/openid-
configuration, the authorization code flow with PKCE (S256), `state` and
`nonce` kept in the session and used once, and the ID token's signature
checked against the provider's JWKS with its issuer, audience, expiry and
nonce (clock skew OIDC_CLOCK_SKEW seconds).

Claims come from the ID token and from the userinfo endpoint (VÀLid gives
most of them there). Their names are settings, VÀLid's by default:

- OIDC_CLAIM_DOCUMENT ("identifier"): the NIF/NIE the provider verified.
- OIDC_CLAIM_NAME ("name") and OIDC_CLAIM_SURNAMES ("surnames").
- OIDC_CLAIM_EMAIL ("email"; "email_verified" is read if given).
- OIDC_CLAIM_METHOD ("method"): how the person identified (VÀLid: idcatMobil,
  certificate, clave...).
- OIDC_CLAIM_ASSURANCE ("assuranceLevel"): low, substantial or high (also
  1-3, or eIDAS's LoA URIs). Without it, the level follows the method: a
  certificate is high, idCAT Mòbil and Cl@ve are substantial, anything else low.
- OIDC_CLAIM_COMPANY_ID and OIDC_CLAIM_COMPANY_NAME ("companyId",
  "companyName"): the company a representative acts for.
"""

import hashlib
import logging
from functools import lru_cache

from authlib.integrations.django_client import OAuth
from django.conf import settings

from accounts.identities import VerifiedIdentity
from accounts.identity import normalize_document
from accounts.models import Assurance, IdentityMethod

logger = logging.getLogger(__name__)

CLIENT_NAME = "seu_oidc"

ASSURANCE_WORDS = {
    "low": Assurance.LOW,
    "baix": Assurance.LOW,
    "bajo": Assurance.LOW,
    "1": Assurance.LOW,
    "substantial": Assurance.SUBSTANTIAL,
    "substancial": Assurance.SUBSTANTIAL,
    "sustancial": Assurance.SUBSTANTIAL,
    "2": Assurance.SUBSTANTIAL,
    "high": Assurance.HIGH,
    "alt": Assurance.HIGH,
    "alto": Assurance.HIGH,
    "3": Assurance.HIGH,
}
# By the means of identification, when the provider states no level.
MEANS_ASSURANCE = {
    "certificate": Assurance.HIGH,
    "certificat": Assurance.HIGH,
    "certificado": Assurance.HIGH,
    "idcatmobil": Assurance.SUBSTANTIAL,
    "clave": Assurance.SUBSTANTIAL,
    "clavepermanente": Assurance.SUBSTANTIAL,
    "clavepin": Assurance.SUBSTANTIAL,
}


class MissingClaims(Exception):
    def __init__(self, names: list[str]):
        super().__init__(", ".join(names))
        self.names = names


def configured() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


@lru_cache(maxsize=4)
def _client(issuer: str, client_id: str, client_secret: str, scopes: str, timeout: int):
    oauth = OAuth()
    oauth.register(
        name=CLIENT_NAME,
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": scopes, "code_challenge_method": "S256", "timeout": timeout},
    )
    return oauth.create_client(CLIENT_NAME)


def client():
    """The provider's client, for the settings of now (tests change them)."""
    return _client(
        settings.OIDC_ISSUER,
        settings.OIDC_CLIENT_ID,
        settings.OIDC_CLIENT_SECRET,
        settings.OIDC_SCOPES,
        settings.OIDC_TIMEOUT,
    )


def assurance_of(claims: dict) -> int:
    stated = str(claims.get(settings.OIDC_CLAIM_ASSURANCE) or "").strip().lower()
    stated = stated.rsplit("/", 1)[-1]  # http://eidas.europa.eu/LoA/substantial
    if stated in ASSURANCE_WORDS:
        return ASSURANCE_WORDS[stated]
    means = str(claims.get(settings.OIDC_CLAIM_METHOD) or "").replace(" ", "").lower()
    return MEANS_ASSURANCE.get(means, Assurance.LOW)


def verified_identity(claims: dict, *, id_token: str) -> VerifiedIdentity:
    """The identity the provider's claims state; MissingClaims when the document is absent."""
    document = normalize_document(str(claims.get(settings.OIDC_CLAIM_DOCUMENT) or ""))
    missing = [
        name for name, value in (("sub", claims.get("sub")), ("document", document)) if not value
    ]
    if missing:
        raise MissingClaims(missing)
    email = str(claims.get(settings.OIDC_CLAIM_EMAIL) or "").strip()
    return VerifiedIdentity(
        method=IdentityMethod.OPENID,
        provider=settings.OIDC_ISSUER,
        subject=str(claims["sub"]),
        document_number=document,
        given_name=str(claims.get(settings.OIDC_CLAIM_NAME) or "").strip(),
        surnames=str(claims.get(settings.OIDC_CLAIM_SURNAMES) or "").strip(),
        assurance=assurance_of(claims),
        means=str(claims.get(settings.OIDC_CLAIM_METHOD) or "")[:60],
        email=email,
        email_verified=bool(claims.get("email_verified")) if email else False,
        company_id=normalize_document(str(claims.get(settings.OIDC_CLAIM_COMPANY_ID) or "")),
        company_name=str(claims.get(settings.OIDC_CLAIM_COMPANY_NAME) or "").strip(),
        fingerprint=hashlib.sha256(id_token.encode()).hexdigest(),
    )


def claims_of(token: dict) -> dict:
    """The ID token's claims (checked by Authlib), completed from the userinfo
    endpoint when that endpoint speaks of the same subject."""
    claims = dict(token.get("userinfo") or {})
    try:
        extra = client().userinfo(token=token)
    except Exception:
        logger.warning("The provider's userinfo endpoint did not answer", exc_info=True)
        return claims
    if extra.get("sub") == claims.get("sub"):
        for name, value in extra.items():
            claims.setdefault(name, value)
    return claims
