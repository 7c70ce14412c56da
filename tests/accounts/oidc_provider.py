"""A real OpenID provider for the tests: oidc-provider-mock, run as its own process.

It knows the demo identities below (VÀLid's claim names). Its authorization
page is a form where a person picks who they are; `authorize` fills it in as
the person would, and returns where the provider sends the browser back.
"""

import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

MARTA_MOBILE = {
    "sub": "valid-marta-mobil",
    "identifier": "12345678Z",
    "name": "Marta",
    "surnames": "Puig i Soler",
    "email": "marta.valid@example.cat",
    "method": "idcatMobil",
    "assuranceLevel": "substantial",
}
MARTA_CERTIFICATE = {
    **MARTA_MOBILE,
    "sub": "valid-marta-certificat",
    "method": "certificate",
    "assuranceLevel": "high",
}
NO_EMAIL = {
    "sub": "valid-jordi",
    "identifier": "X1234567L",
    "name": "Jordi",
    "surnames": "Vila",
    "method": "clave",
}
NO_DOCUMENT = {"sub": "valid-sense-document", "name": "Anna", "surnames": "Roca"}
REPRESENTATIVE = {
    "sub": "valid-empresa",
    "identifier": "00000000T",
    "name": "Pere",
    "surnames": "Martí",
    "email": "pere@empresa.example",
    "method": "certificate",
    "assuranceLevel": "high",
    "companyId": "B12345674",
    "companyName": "Fusteria Martí, SL",
}
IDENTITIES = [MARTA_MOBILE, MARTA_CERTIFICATE, NO_EMAIL, NO_DOCUMENT, REPRESENTATIVE]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Provider:
    def __init__(self):
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self) -> "Provider":
        command = [str(Path(sys.executable).with_name("oidc-provider-mock")), "-p", str(self.port)]
        for identity in IDENTITIES:
            command += ["--user-claims", json.dumps(identity)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=1)
                return self
            except requests.RequestException:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("The OpenID provider did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None


def authorize(location: str, sub: str, *, action: str = "") -> str:
    """Fill in the provider's form as `sub`; the URL it sends the browser back to."""
    data = {"sub": sub}
    if action:
        data["action"] = action
    answer = requests.post(location, data=data, allow_redirects=False, timeout=10)
    assert answer.status_code in (302, 303), answer.text[:500]
    return answer.headers["Location"]


def callback_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def query_of(url: str) -> dict:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
