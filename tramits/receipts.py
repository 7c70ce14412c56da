"""The receipt (justificant) of a registry entry, as Llei 39/2015 art. 16.3 asks:
number, date and time, and each attached document with its fingerprint."""

from django.template.defaultfilters import filesizeformat
from django.utils import formats, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accounts.models import Assurance, IdentityMethod
from corporativa.business_days import OFFICIAL_TZ
from documents.choices import DocumentKind
from documents.content import DocumentContent, Section, Table
from documents.services import document_issue
from tramits import answers, hooks
from tramits.choices import EntryKind


def _when(value) -> str:
    local = value.astimezone(OFFICIAL_TZ)
    return f"{formats.date_format(local, 'DATE_FORMAT')} {local:%H:%M:%S} ({local:%Z})"


def receipt_content(entry) -> DocumentContent:
    submission = entry.submission
    sections = [
        Section(
            _("Registry entry"),
            rows=[
                (_("Registry number"), entry.number),
                (_("Kind"), entry.get_kind_display()),
                (_("Registered at"), _when(entry.registered_at)),
                (_("Takes effect from"), _when(entry.effective_at)),
                (_("Addressed to"), f"{submission.procedure.department} · {submission.procedure}"),
                # What other sections add (the call a submission was made for).
                *hooks.receipt_rows_for(submission),
            ],
        ),
        Section(
            _("Applicant"),
            rows=[
                (_("Name"), submission.applicant_name),
                (_("Identity document"), submission.applicant_document or "—"),
                (_("Email address"), submission.applicant_email),
            ],
        ),
    ]
    if entry.kind == EntryKind.SUBMISSION:
        if submission.answers:
            sections.append(
                Section(
                    _("Summary of the answers"),
                    rows=[
                        (row["label"], row["value"]) for row in answers.submitted_rows(submission)
                    ],
                )
            )
    else:
        sections.append(
            Section(
                _("Answer to a request for documents"),
                rows=[(_("Case"), submission.number)],
                paragraphs=[entry.text] if entry.text else (),
            )
        )
    attachments = list(entry.attachments.all())
    if attachments:
        sections.append(
            Section(
                _("Attached documents"),
                table=Table(
                    headers=[_("Document"), _("Size"), "SHA-256"],
                    rows=[
                        [f"{a.field_label}: {a.original_name}", filesizeformat(a.size), a.sha256]
                        for a in attachments
                    ],
                    widths=[3, 1, 4],
                ),
            )
        )
    else:
        sections.append(
            Section(_("Attached documents"), paragraphs=[_("No documents were attached.")])
        )
    if entry.signature:
        sections.append(_signature_section(entry))
    sections.append(
        Section(
            _("Legal notice"),
            paragraphs=[
                _(
                    "This receipt proves that the documents listed were submitted to the electronic registry "
                    "at the date and time shown (Law 39/2015, article 16). An entry made on a non-business day "
                    "takes effect at 00:00 of the next business day. The fingerprint (SHA-256) of each document "
                    "identifies it: any change to a document changes its fingerprint."
                )
            ],
        )
    )
    return DocumentContent(subtitle=entry.number, sections=sections)


def _signature_section(entry) -> Section:
    """Who signed, how and when (a signature by identification, Llei 39/2015 art. 10.4 and 11)."""
    signature = entry.signature
    method = dict(IdentityMethod.choices).get(signature.get("method"), signature.get("method"))
    means = signature.get("means")
    at = parse_datetime(signature.get("authenticated_at") or "")
    return Section(
        _("Signature"),
        rows=[
            (
                _("Signed by"),
                f"{entry.submission.applicant_name} ({signature.get('document_number')})",
            ),
            (_("Identification system"), f"{method} · {means}" if means else str(method)),
            (_("Provider"), signature.get("provider") or "—"),
            (_("Level of assurance"), str(Assurance(int(signature.get("assurance") or 1)).label)),
            (_("Identified at"), _when(at) if at else "—"),
            (_("Signed content (SHA-256)"), signature.get("content_sha256", "")),
        ],
        paragraphs=[
            _(
                "The applicant signed by identifying with this system when submitting"
                " (Law 39/2015, articles 10.4 and 11)."
            )
        ],
    )


def receipt_build(entry):
    language = entry.applicant.preferred_language or None
    with translation.override(language):
        return document_issue(
            kind=DocumentKind.RECEIPT,
            title=_("Registry receipt %(number)s") % {"number": entry.number},
            content=receipt_content(entry),
            owner=entry.applicant,
            related=entry,
            language=language,
        )
