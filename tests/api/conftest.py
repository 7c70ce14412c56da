"""A small notice board and catalogue for the API tests.

Notices are published through tauler.services, at fixed moments where the
test reads dates, so numbers, periods and states are those a real board has.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from corporativa.models import Department
from tauler import services
from tauler.models import Category, Notice
from tests.accounts.factories import UserFactory
from tests.tramits.factories import ProcedureFactory, TopicFactory

MADRID = ZoneInfo("Europe/Madrid")
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def madrid(*args) -> datetime:
    return datetime(*args, tzinfo=MADRID)


@pytest.fixture
def publisher(db):
    return UserFactory(email="secretaria@mollet.example", is_staff=True, is_superuser=True)


@pytest.fixture
def make_notice(publisher):
    """make_notice(start=..., published=True, cancelled=..., documents=2, ...) -> Notice.

    A published notice is published at its start (or now, for one that starts
    later); `cancelled=(moment, reason)` cancels it afterwards.
    """
    counter = iter(range(1, 10_000))

    def make(
        *,
        start: datetime,
        title: str | None = None,
        text: str = "Es fa públic per a general coneixement.",
        category: str = "edictes",
        department: str = "secretaria",
        case_reference: str = "",
        business_days: int | None = 20,
        pinned: bool = False,
        documents: int = 0,
        published: bool = True,
        cancelled: tuple[datetime, str] | None = None,
        corrects: Notice | None = None,
    ) -> Notice:
        n = next(counter)
        category_obj, _ = Category.objects.get_or_create(
            slug=category, defaults={"name": category.capitalize()}
        )
        department_obj, _ = Department.objects.get_or_create(
            slug=department, defaults={"name": department.capitalize()}
        )
        notice = Notice.objects.create(
            title=title or f"Anunci de prova {n}",
            text=text,
            category=category_obj,
            department=department_obj,
            case_reference=case_reference,
            start_at=start,
            period_business_days=business_days,
            is_permanent=business_days is None,
            is_pinned=pinned,
            corrects=corrects,
        )
        for i in range(documents):
            services.document_add(
                notice=notice,
                title=f"Document {i + 1}",
                upload=SimpleUploadedFile(f"document-{n}-{i}.pdf", PDF_BYTES),
                order=i,
            )
        if published:
            notice = services.notice_publish(
                notice=notice, by=publisher, at=min(start, timezone.now())
            )
        if cancelled:
            at, reason = cancelled
            notice = services.notice_cancel(notice=notice, by=publisher, reason=reason, at=at)
        return notice

    return make


@pytest.fixture
def board(make_notice):
    """One notice in each state, by name."""
    now = timezone.now()
    return {
        "permanent": make_notice(
            start=madrid(2025, 6, 2, 9, 0),
            title="Ordenança de circulació",
            text="Aprovació inicial de l'ordenança municipal de circulació.",
            category="urbanisme",
            department="urbanisme",
            case_reference="2025/0042-URB",
            business_days=None,
            pinned=True,
            documents=2,
        ),
        "on_display": make_notice(
            start=now - timedelta(days=2),
            title="Convocatòria d'una plaça d'auxiliar administratiu",
            category="personal",
            department="recursos-humans",
            business_days=20,
        ),
        "finished": make_notice(
            start=madrid(2025, 3, 3, 9, 0),
            title="Informació pública del pressupost",
            text="Exposició pública del pressupost general.",
            category="urbanisme",
            business_days=10,
        ),
        "cancelled": make_notice(
            start=madrid(2025, 6, 10, 9, 0),
            title="Licitació del servei de neteja",
            business_days=20,
            cancelled=(madrid(2025, 6, 12, 10, 0), "Error en el plec de condicions."),
        ),
        "scheduled": make_notice(start=now + timedelta(days=3), title="Anunci programat"),
        "draft": make_notice(start=now - timedelta(days=1), title="Esborrany", published=False),
    }


@pytest.fixture
def catalogue(db):
    """Four published procedures and one unpublished, by slug."""
    activitats = TopicFactory(slug="activitats", name="Activitats econòmiques")
    habitatge = TopicFactory(slug="habitatge", name="Habitatge")
    return {
        p.slug: p
        for p in [
            ProcedureFactory(
                slug="llicencia-obres",
                title="Llicència d'obres majors",
                summary="Per construir o reformar un edifici.",
                topic=habitatge,
                fees="Taxa segons el pressupost de l'obra.",
            ),
            ProcedureFactory(
                slug="comunicacio-activitat",
                title="Comunicació prèvia d'activitat",
                summary="Per obrir un establiment.",
                topic=activitats,
                for_citizens=False,
                for_businesses=True,
            ),
            ProcedureFactory(
                slug="subvencio-entitats",
                title="Subvencions a entitats",
                summary="Ajuts per a activitats de les associacions.",
                topic=activitats,
                for_citizens=False,
                for_associations=True,
                available_online=False,
            ),
            ProcedureFactory(slug="empadronament", title="Alta al padró", topic=habitatge),
            ProcedureFactory(slug="tramit-ocult", title="Tràmit retirat", unpublished=True),
        ]
    }
