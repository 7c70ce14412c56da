"""seed_demo loads the same demo content on every run: a snapshot of what it makes.

The clock is fixed (seed_demo dates everything relative to today), and each
model's rows are reduced to a count and a fingerprint: the SHA-256 of its
sorted rows, over the fields that carry the content (texts, numbers, dates,
relations by natural key). Fields that differ from run to run anyway (password
hashes, verification codes, sealed PDFs, random file names) are left out, and
so are the bytes of the demo PDFs, which depend on the reportlab version.

When the demo content changes on purpose, run this test, check that only the
models you meant changed, and paste the new values printed by the failure.
"""

import hashlib
import io
import itertools
import json
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from seu.groups import SECTION_GROUPS

# A Wednesday; 11:00 in Madrid, so "today" is the same day in both zones.
FROZEN_NOW = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)

FIELDS = {
    "accounts.User": ("email", "full_name", "id_document_number", "is_staff", "is_active"),
    "corporativa.LocalHoliday": ("date", "name", "note"),
    "corporativa.Council": (
        "name", "tax_id", "address", "postcode", "town", "phone", "email", "dpo_email",
        "website", "act_title", "act_date", "act_bulletin", "act_url", "act_summary",
    ),
    "corporativa.PoliticalGroup": ("name", "short_name", "order"),
    "corporativa.Person": (
        "name", "group__name", "role", "deputy_order", "areas", "email", "term_start", "term_end",
    ),
    "corporativa.MunicipalBody": ("slug", "name", "kind", "summary", "description", "order"),
    "corporativa.Session": ("body__slug", "starts_at", "kind", "place", "video_url", "notes"),
    "corporativa.SessionDocument": ("session__body__slug", "session__starts_at", "kind", "title"),
    "corporativa.Office": (
        "slug", "name", "summary", "address", "directions", "phone", "email", "accessibility",
        "order",
    ),
    "corporativa.OpeningHours": ("office__slug", "weekday", "opens", "closes"),
    "corporativa.SpecialPeriod": ("office__slug", "name", "start", "end", "closed", "note"),
    "corporativa.SpecialHours": (
        "period__office__slug", "period__name", "period__start", "weekday", "opens", "closes",
    ),
    "corporativa.Department": (
        "slug", "name", "email", "phone", "summary", "description", "services", "head",
        "councillor__name",
    ),
    "corporativa.Regulation": (
        "slug", "title", "kind", "summary", "approved_on", "published_on",
        "bulletin_reference", "bulletin_url", "repealed_on", "repealed_by__slug", "repeal_note",
        "is_published",
    ),
    "corporativa.RegulationDocument": ("regulation__slug", "order", "title"),
    "corporativa.Page": ("path", "order", "title", "summary", "body", "is_published"),
    "corporativa.FaqTopic": ("name", "order"),
    "corporativa.Faq": ("topic__name", "order", "question", "answer", "is_published"),
    "tramits.Topic": ("slug", "name", "order"),
    "tramits.Procedure": (
        "slug", "title", "summary", "description", "topic__slug", "department__slug",
        "for_citizens", "for_businesses", "for_associations", "who_can_apply", "requirements",
        "documents", "fees", "resolution_deadline", "resolution_deadline_unit",
        "silence_effect", "legal_basis", "available_online", "in_person", "channel_notes",
        "is_permanent", "open_from", "open_until", "is_generic", "is_published",
    ),
    "tramits.ProcedureField": (
        "procedure__slug", "order", "name", "label", "kind", "required", "help_text",
        "choices", "allowed_types", "max_size_mb",
    ),
    "tramits.Submission": (
        "number", "procedure__slug", "applicant__email", "applicant_name",
        "applicant_document", "applicant_email", "answers", "status", "status_changed_at",
        "registered_at", "effective_at", "resolution_due", "requeriment_due",
        "resolution_suspended_since",
    ),
    "tramits.RegistryEntry": (
        "number", "kind", "submission__number", "applicant__email", "registered_at",
        "effective_at", "device_class", "text",
    ),
    "tramits.StatusChange": (
        "submission__number", "from_status", "to_status", "changed_at", "changed_by__email",
        "public_comment", "internal_note", "deadline", "suspends_resolution",
        "suspension_from", "suspension_until", "resolution_due",
    ),
    "tramits.Draft": ("applicant__email", "procedure__slug", "submission__number"),
    "tramits.Attachment": (
        "entry__number", "field_name", "field_label", "original_name", "content_type",
    ),
    "tauler.Category": ("slug", "name", "order"),
    "tauler.Notice": (
        "number", "title", "text", "category__slug", "department__slug", "case_reference",
        "start_at", "period_business_days", "is_permanent", "end_at", "is_pinned",
        "corrects__number", "published_at", "published_by__email", "cancelled_at",
        "cancel_reason", "finished_logged_at",
    ),
    "tauler.NoticeDocument": ("notice__number", "order", "title"),
    "tauler.PublicationLogEntry": ("sequence", "event", "notice_number", "at"),
    "convocatories.Call": (
        "reference", "slug", "kind", "title", "department__slug", "summary", "text",
        "procedure__slug", "position", "job_group", "post_type", "places", "selection_system",
        "total_budget", "max_per_beneficiary", "beneficiaries", "bdns_code", "period_mode",
        "opens_on", "closes_on", "published_on", "period_business_days", "opens_at",
        "closes_at", "published_at", "resolved_at", "cancelled_at", "cancel_reason",
    ),
    "convocatories.Phase": (
        "call__reference", "kind", "title", "date", "ends_on", "time", "place", "text",
        "published_at",
    ),
    "convocatories.CallDocument": ("call__reference", "phase__kind", "phase__date", "order", "title"),
    "convocatories.AlertSubscription": (
        "email", "user__email", "language", "scope", "kinds", "call__slug", "confirmed_at",
        "unsubscribed_at",
    ),
    "documents.IssuedDocument": ("kind", "title", "language"),
    "estadistiques.PageView": (
        "time", "path", "section", "device", "visitor_key", "referrer", "city", "country",
    ),
}  # fmt: skip

# label: (rows, fingerprint), as seed_demo made them on FROZEN_NOW.
EXPECTED = {
    "accounts.User": (2, "3fed5e4f8ed5b1f1"),
    "corporativa.LocalHoliday": (4, "541888bafa729773"),
    "corporativa.Council": (1, "bf2877e0456b2aa8"),
    "corporativa.PoliticalGroup": (5, "12f4ec25c72c6f9d"),
    "corporativa.Person": (21, "9e4c74e9f120f2ff"),
    "corporativa.MunicipalBody": (4, "a7a8efd34d64abd3"),
    "corporativa.Session": (63, "365cd37098e04170"),
    "corporativa.SessionDocument": (103, "803d4eea9582a689"),
    "corporativa.Office": (4, "d38407d363d5bff3"),
    "corporativa.OpeningHours": (21, "d457226d2567a61f"),
    "corporativa.SpecialPeriod": (10, "ee3c578f738ab41d"),
    "corporativa.SpecialHours": (40, "f6633607cd61ad2b"),
    "corporativa.Department": (15, "cc5058c9c78a0b01"),
    "corporativa.Regulation": (15, "188f80d4030cf9cb"),
    "corporativa.RegulationDocument": (15, "42011528a9185bf5"),
    "corporativa.Page": (10, "b2fddfaf202cf167"),
    "corporativa.FaqTopic": (3, "8ade240964931d72"),
    "corporativa.Faq": (8, "4e48ce37cc47015c"),
    "tramits.Topic": (10, "859666fa0fff6bbf"),
    "tramits.Procedure": (29, "1e9c3c15caa87eb9"),
    "tramits.ProcedureField": (146, "067150d1f79f2a67"),
    "tramits.Submission": (6, "c868f66743668e37"),
    "tramits.RegistryEntry": (6, "a674d1b9030a1d29"),
    "tramits.StatusChange": (14, "1dde51e151b21544"),
    "tramits.Draft": (6, "fa71116f2a1c33fe"),
    "tramits.Attachment": (7, "d8dae7a84bdd791c"),
    "tauler.Category": (10, "e8be0f0b2b954555"),
    "tauler.Notice": (63, "d811953b28109d48"),
    "tauler.NoticeDocument": (86, "ca0c239e6ebf0d82"),
    "tauler.PublicationLogEntry": (103, "feb521564be34e48"),
    "convocatories.Call": (20, "f98d41bbd62887a3"),
    "convocatories.Phase": (42, "7b52d0f06fccd9ff"),
    "convocatories.CallDocument": (16, "c193e9e74f2e8805"),
    "convocatories.AlertSubscription": (4, "85fd03240966ad3c"),
    "documents.IssuedDocument": (44, "ffdd2d88f53f43ac"),
    "estadistiques.PageView": (24687, "8954e1493ae9d85e"),
}


def _text(value) -> str:
    if value is None:
        return "∅"
    if isinstance(value, datetime):
        # To the minute: the ticking clock moves a few milliseconds per call.
        return value.astimezone(UTC).replace(second=0, microsecond=0).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def snapshot() -> dict[str, tuple[int, str]]:
    result = {}
    for label, fields in FIELDS.items():
        rows = apps.get_model(label).objects.values_list(*fields)
        lines = sorted("\x1f".join(_text(value) for value in row) for row in rows)
        digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
        result[label] = (len(lines), digest)
    return result


@pytest.fixture
def frozen_clock(monkeypatch):
    """The clock starts at FROZEN_NOW and moves a millisecond per reading, so that
    what seed_demo dates relative to today, and the order of its moments, is fixed."""
    ticks = itertools.count(1)
    monkeypatch.setattr(timezone, "now", lambda: FROZEN_NOW + timedelta(milliseconds=next(ticks)))


@pytest.mark.django_db
def test_seed_demo_makes_the_same_content_every_time(
    frozen_clock, settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    # The receipts are issued once the registry entries are committed.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    assert first == EXPECTED, "\n".join(
        f'    "{label}": ({rows}, "{digest}"),' for label, (rows, digest) in first.items()
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first
    staff = apps.get_model("accounts.User").objects.get(email="personal@mollet.example")
    assert set(staff.groups.values_list("name", flat=True)) == set(
        Group.objects.filter(name__in=SECTION_GROUPS).values_list("name", flat=True)
    )
