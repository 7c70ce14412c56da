import re
from urllib.parse import urlsplit

import pytest

LINK_RE = re.compile(r"https?://\S+")


def link_in(message) -> str:
    """The path (and query) of the only link in a mail's body that opens a page of the seu."""
    links = [
        urlsplit(url) for url in LINK_RE.findall(message.body) if "/verificar/reenviar/" not in url
    ]
    assert len(links) == 1, message.body
    return links[0].path


@pytest.fixture
def signup_data(password):
    return {
        "email": "Nuria.Vila@Example.cat",
        "full_name": "Núria Vila i Roca",
        "id_document_type": "dni",
        "id_document_number": "87654321-x",
        "preferred_language": "es",
        "password1": password,
        "password2": password,
        "accept_privacy": "on",
    }
