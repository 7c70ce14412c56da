"""Tràmits' periodic job, run by hand as cron runs it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tramits import services
from tramits.models import RegistryEntry


@pytest.mark.django_db
def test_running_a_job_by_hand_issues_a_missing_receipt(make_draft, citizen, monkeypatch):
    # Registered, but its receipt task never ran (the test's commit never comes).
    submission = services.submission_register(draft=make_draft(citizen), device_class="desktop")
    entry = RegistryEntry.objects.get(submission=submission)
    assert entry.receipt_id is None
    later = timezone.now() + services.RECEIPT_GRACE + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    out = StringIO()
    call_command("seu_jobs", "run", "tramits.receipts_missing", stdout=out)

    assert "tramits.receipts_missing: done" in out.getvalue()
    entry.refresh_from_db()
    assert entry.receipt_id is not None
