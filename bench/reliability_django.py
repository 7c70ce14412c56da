"""What bench/reliability.py asks of Django, run with the seu's environment:

    .venv/bin/python bench/reliability_django.py prepare CITIZENS PDF_PATH
    .venv/bin/python bench/reliability_django.py mails NUMBER...
    .venv/bin/python bench/reliability_django.py numbers EMAIL...
    .venv/bin/python bench/reliability_django.py orphans

- prepare: CITIZENS more citizen accounts besides seed_demo's (verified, with
  a password, for the threads that submit at the same time), and a one-page
  PDF for the forms' file field. Prints the accounts and the generic
  procedure's slug.
- mails: for each registry number, its registry confirmation mail in the
  outbox (Message-ID, recipients, subject, state, attempts) and whether its
  receipt was issued.
- numbers: the registry numbers of these applicants' submissions.
- orphans: the files under MEDIA_ROOT that no row refers to, by every file
  field of every installed model; and what documents.orphans finds, for
  comparison.

Prints one JSON line.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITIZEN_PASSWORD = "Fiabilitat-prova-2026"


def setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seu.settings")
    import django

    django.setup()


def prepare(count, pdf_path):
    from django.utils import timezone

    from accounts.models import DocumentType, User
    from portal.management.commands.seed_demo import DEMO_CITIZEN
    from tramits.demo_cases import _sample_pdf
    from tramits.models import Procedure

    citizens = []
    for index in range(1, count + 1):
        email = f"fiabilitat-{index}@mollet.example"
        user, _created = User.objects.update_or_create(
            email=email,
            defaults={
                "full_name": f"Ciutadana de prova {index}",
                "id_document_type": DocumentType.DNI,
                "id_document_number": f"{10000000 + index:08d}",
                "is_active": True,
                "email_verified_at": timezone.now(),
            },
        )
        user.set_password(CITIZEN_PASSWORD)
        user.save(update_fields=["password"])
        citizens.append({"email": email, "password": CITIZEN_PASSWORD})
    generic = Procedure.objects.published().filter(is_generic=True).first()
    if generic is None:
        raise SystemExit("no published generic procedure (did seed_demo run?)")
    # The citizens here log in with a password: in this private database the
    # generic request asks for no accredited signature (its default does).
    Procedure.objects.filter(pk=generic.pk).update(signature_required=False, min_assurance=1)
    pdf = _sample_pdf("Fotografies de la vorera")
    Path(pdf_path).write_bytes(pdf)
    return {
        "procedure": generic.slug,
        "citizen": {"email": DEMO_CITIZEN["email"], "password": DEMO_CITIZEN["password"]},
        "citizens": citizens,
        "pdf_bytes": len(pdf),
    }


def mails(numbers):
    from django.contrib.contenttypes.models import ContentType

    from outbox.choices import MailKind
    from outbox.models import Mail
    from tramits.models import RegistryEntry

    entries = {entry.pk: entry for entry in RegistryEntry.objects.filter(number__in=numbers)}
    found = {number: {"mails": [], "receipt": None} for number in numbers}
    for entry in entries.values():
        found[entry.number]["receipt"] = entry.receipt_id is not None
    for mail in Mail.objects.filter(
        kind=MailKind.REGISTERED,
        about_type=ContentType.objects.get_for_model(RegistryEntry),
        about_id__in=[str(pk) for pk in entries],
    ):
        found[entries[int(mail.about_id)].number]["mails"].append(
            {
                "message_id": mail.message_id,
                "recipients": mail.recipients,
                "subject": mail.subject,
                "state": mail.state,
                "attempts": mail.attempts,
                "last_error": mail.last_error,
                "sent_at": mail.sent_at.isoformat() if mail.sent_at else None,
            }
        )
    return found


def numbers(emails):
    from tramits.models import Submission

    return sorted(
        Submission.objects.filter(applicant__email__in=emails).values_list("number", flat=True)
    )


def orphans():
    from datetime import timedelta

    from django.apps import apps
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage
    from django.db import models

    from documents.orphans import orphans_find

    referenced = set()
    fields = 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            fields += 1
            if not isinstance(field.storage, FileSystemStorage):
                continue
            location = os.path.realpath(field.storage.location)
            names = model._base_manager.exclude(**{field.attname: ""}).values_list(
                field.attname, flat=True
            )
            referenced.update(
                os.path.normpath(os.path.join(location, name)) for name in names if name
            )
    media_root = os.path.realpath(settings.MEDIA_ROOT)
    stored = []
    for folder, _dirs, files in os.walk(media_root):
        stored.extend(os.path.join(folder, name) for name in files)
    unreferenced = sorted(path for path in stored if path not in referenced)
    return {
        "media_root": media_root,
        "file_fields": fields,
        "files": len(stored),
        "referenced": len(referenced),
        "orphans": [
            {"path": os.path.relpath(path, media_root), "bytes": os.path.getsize(path)}
            for path in unreferenced
        ],
        "orphans_find": len(orphans_find(older_than=timedelta(0))),
    }


def main(argv):
    if not argv or argv[0] not in ("prepare", "mails", "numbers", "orphans"):
        sys.stderr.write(__doc__)
        return 2
    setup()
    command, arguments = argv[0], argv[1:]
    if command == "prepare":
        result = prepare(int(arguments[0]), arguments[1])
    elif command == "mails":
        result = mails(arguments)
    elif command == "numbers":
        result = numbers(arguments)
    else:
        result = orphans()
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
