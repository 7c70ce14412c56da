"""Tràmits' cards in La meva carpeta, and its part of the personal data export."""

from tramits.models import Draft, RegistryEntry, Submission


def submissions_card(request):
    user = request.user
    return {
        "submissions": list(Submission.objects.owned_by(user).with_list_data()[:5]),
        "total": Submission.objects.owned_by(user).count(),
        "drafts": list(
            Draft.objects.filter(applicant=user, submission=None).select_related("procedure")
        ),
    }


def receipts_card(request):
    entries = (
        RegistryEntry.objects.filter(submission__applicant=request.user, receipt__isnull=False)
        .select_related("receipt", "submission")
        .order_by("-registered_at")[:5]
    )
    return {"receipts": [{"entry": e, "submission_slug": e.submission.slug} for e in entries]}


def _iso(value):
    return value.isoformat() if value is not None else None


def submissions_for_export(user) -> list[dict]:
    """Everything the registry holds that this person submitted."""
    submissions = (
        Submission.objects.owned_by(user)
        .select_related("procedure")
        .prefetch_related("entries__attachments", "entries__receipt", "status_changes")
    )
    return [
        {
            "number": s.number,
            "procedure": s.procedure.title,
            "status": s.status,
            "registered_at": _iso(s.registered_at),
            "effective_at": _iso(s.effective_at),
            "resolution_due": _iso(s.resolution_due),
            "applicant": {
                "name": s.applicant_name,
                "document": s.applicant_document,
                "email": s.applicant_email,
            },
            "answers": s.answers,
            "entries": [
                {
                    "number": e.number,
                    "kind": e.kind,
                    "registered_at": _iso(e.registered_at),
                    "text": e.text,
                    "receipt_csv": e.receipt.csv if e.receipt_id else None,
                    "attachments": [
                        {"name": a.original_name, "size": a.size, "sha256": a.sha256}
                        for a in e.attachments.all()
                    ],
                }
                for e in s.entries.all()
            ],
            "history": [
                {
                    "status": c.to_status,
                    "at": _iso(c.changed_at),
                    "public_comment": c.public_comment,
                }
                for c in s.status_changes.all()
            ],
        }
        for s in submissions
    ]
