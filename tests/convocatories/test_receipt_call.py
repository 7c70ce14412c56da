"""The registry receipt (justificant) of a submission made through a call names
the call, through tramits.hooks.on_receipt; a plain submission's does not."""

import pytest

from tests.convocatories.test_applying import apply_url, fill_and_submit
from tramits import receipts

pytestmark = pytest.mark.django_db

CALL_TEXT = "2026/OP-007 · Procés selectiu d'agent de la Policia Local"


@pytest.fixture
def issued_contents(monkeypatch):
    """The DocumentContent of every receipt sealed during the test."""
    contents = []
    real_issue = receipts.document_issue

    def spy(**kwargs):
        contents.append(kwargs["content"])
        return real_issue(**kwargs)

    monkeypatch.setattr(receipts, "document_issue", spy)
    return contents


def rows_of(content) -> list[tuple[str, str]]:
    return [(str(label), str(value)) for s in content.sections for label, value in s.rows]


def test_the_receipt_of_an_application_names_the_call(
    client_logged_in, open_call, issued_contents, django_capture_on_commit_callbacks
):
    client_logged_in.post(apply_url(open_call))
    with django_capture_on_commit_callbacks(execute=True):
        submission = fill_and_submit(client_logged_in, open_call.procedure)

    entry = submission.entries.select_related("receipt").get()
    assert entry.receipt is not None
    [content] = issued_contents
    registry_section = content.sections[0]
    assert ("Call", CALL_TEXT) in [(str(k), str(v)) for k, v in registry_section.rows]
    # The row follows who the entry is addressed to.
    labels = [str(label) for label, _value in registry_section.rows]
    assert labels.index("Call") == labels.index("Addressed to") + 1


def test_the_receipt_is_written_in_the_applicants_language(
    client_logged_in, open_call, citizen, issued_contents, django_capture_on_commit_callbacks
):
    citizen.preferred_language = "ca"
    citizen.save(update_fields=["preferred_language"])
    client_logged_in.post(apply_url(open_call))
    with django_capture_on_commit_callbacks(execute=True):
        fill_and_submit(client_logged_in, open_call.procedure)

    [content] = issued_contents
    assert ("Convocatòria", CALL_TEXT) in rows_of(content)


def test_a_plain_submission_has_no_call_row(
    client_logged_in, open_call, issued_contents, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = fill_and_submit(client_logged_in, open_call.procedure)

    assert submission.entries.get().receipt is not None
    [content] = issued_contents
    rows = rows_of(content)
    assert "Call" not in [label for label, _value in rows]
    assert not any(open_call.reference in value for _label, value in rows)
    assert [str(label) for label, _value in content.sections[0].rows] == [
        "Registry number",
        "Kind",
        "Registered at",
        "Takes effect from",
        "Addressed to",
    ]
