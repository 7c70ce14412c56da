"""The demo calls: every kind and status, with phases and documents, loaded once."""

import pytest

from convocatories.choices import CallKind, CallStatus
from convocatories.demo import DEMO_CALLS, seed_calls
from convocatories.models import Call, CallDocument
from tests.convocatories.factories import publisher_get

pytestmark = pytest.mark.django_db


def test_demo_covers_every_kind_and_status_and_is_idempotent():
    staff = publisher_get()
    assert seed_calls(staff=staff) == len(DEMO_CALLS)
    assert seed_calls(staff=staff) == 0
    calls = list(Call.objects.all())
    assert len(calls) == len(DEMO_CALLS) >= 18
    assert {c.kind for c in calls} == set(CallKind.values)
    statuses = [c.status for c in calls]
    for status in (
        CallStatus.OPEN,
        CallStatus.UPCOMING,
        CallStatus.IN_PROGRESS,
        CallStatus.RESOLVED,
    ):
        assert statuses.count(status) >= 2, status
    assert statuses.count(CallStatus.CANCELLED) == 1
    open_online = [c for c in calls if c.status == CallStatus.OPEN and c.procedure_id]
    assert {c.kind for c in open_online} >= {CallKind.JOB, CallKind.GRANT}
    assert all(c.bases_sha256 and c.bases_size for c in calls)
    assert CallDocument.objects.filter(phase__isnull=False).exists()
    assert all(len(d.sha256) == 64 and d.size > 0 for d in CallDocument.objects.all())
