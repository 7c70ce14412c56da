"""The identification and signature systems this seu accepts, from its configuration.

The page of identification and signature systems (RD 203/2021 art. 11.1.d)
is written from this list, so it says what is configured, no more.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts import oidc
from accounts.models import Assurance


@dataclass(frozen=True)
class System:
    name: str
    what: str
    assurance: str


def identify_options() -> dict:
    """What the pages that ask someone to identify offer (the log-in page, the
    step-up before a procedure): the provider's label, empty when there is
    none, and whether certificates are taken."""
    return {
        "oidc_name": settings.OIDC_NAME if oidc.configured() else "",
        "certificate_login": bool(settings.CERT_CA_BUNDLE),
    }


def accepted_systems() -> list[System]:
    systems = []
    if oidc.configured():
        systems.append(
            System(
                name=settings.OIDC_NAME,
                what=_(
                    "The identification service of the Catalan administrations (Consorci AOC):"
                    " idCAT Mòbil, idCAT Certificat and other qualified certificates, and Cl@ve."
                    " The assurance is the one the service states for the means you use:"
                    " substantial for idCAT Mòbil and Cl@ve, high for a certificate."
                ),
                assurance=_("substantial or high"),
            )
        )
    if settings.CERT_CA_BUNDLE:
        systems.append(
            System(
                name=str(_("Qualified electronic certificates")),
                what=_(
                    "Certificates of natural persons and of representatives of legal persons"
                    " (FNMT, idCAT and others on the European trusted list), presented by your"
                    " browser."
                ),
                assurance=Assurance.HIGH.label,
            )
        )
    systems.append(
        System(
            name=str(_("Seu account: email and password")),
            what=_(
                "An account on this seu with your name, your identity document (DNI or NIE,"
                " checked by its control letter) and an email address that you confirm."
            ),
            assurance=Assurance.LOW.label,
        )
    )
    return systems
