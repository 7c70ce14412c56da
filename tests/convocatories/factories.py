"""Factories of the Convocatòries section.

Calls are published through convocatories.services.call_publish (by a
superuser), never by setting `published_at`, so a factory call is what a real
one is:

    CallFactory()                        # a job call, published, open now (opened 5 days ago)
    CallFactory(published=False)         # a draft
    CallFactory(funding=True)            # a grant (kind="subsidy" / "scholarship" too)
    CallFactory(upcoming=True)           # published, opens in 10 days
    CallFactory(closed=True)             # published, period over: "in progress"
    call_resolved() / call_cancelled()   # through call_resolve / call_cancel
    PhaseFactory(call=call)              # a phase of the timeline, public now
    CallDocumentFactory(call=call)       # a small PDF, fingerprinted by the service
"""

from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from convocatories import services
from convocatories.choices import (
    CallKind,
    JobGroup,
    PeriodMode,
    PhaseKind,
    PostType,
    SelectionSystem,
)
from convocatories.models import Call, CallDocument, Phase
from corporativa.business_days import official_today
from tests.accounts.factories import UserFactory
from tests.tauler.factories import pdf_bytes
from tests.tramits.factories import DepartmentFactory


def publisher_get():
    """The superuser factories publish with (one per test database)."""
    from accounts.models import User

    return User.objects.filter(email="convocatories-publisher@mollet.example").first() or (
        UserFactory(
            email="convocatories-publisher@mollet.example",
            full_name="Recursos Humans",
            is_staff=True,
            is_superuser=True,
        )
    )


def _days(n: int):
    return factory.LazyFunction(lambda: official_today() + timedelta(days=n))


class CallFactory(factory.django.DjangoModelFactory):
    """A job call, published and open now, unless told otherwise (see the module)."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    kind = CallKind.JOB
    reference = factory.Sequence(lambda n: f"2026/OP-{n + 100:03d}")
    slug = factory.Sequence(lambda n: f"convocatoria-{n}")
    title = factory.Sequence(lambda n: f"Procés selectiu d'auxiliar administratiu {n}")
    department = factory.SubFactory(DepartmentFactory)
    summary = "Provisió de places per concurs oposició lliure. Cal tenir el graduat en ESO."
    text = "Les bases completes són al document adjunt."
    position = "Auxiliar administratiu/iva"
    job_group = JobGroup.C2
    post_type = PostType.CAREER
    places = 2
    selection_system = SelectionSystem.BOTH
    period_mode = PeriodMode.DATES
    opens_on = _days(-5)
    closes_on = _days(20)

    class Params:
        funding = factory.Trait(
            kind=CallKind.GRANT,
            title=factory.Sequence(lambda n: f"Subvencions a entitats esportives {n}"),
            position="",
            job_group="",
            post_type="",
            places=None,
            selection_system="",
            total_budget=Decimal("60000.00"),
            max_per_beneficiary=Decimal("4000.00"),
            beneficiaries="Entitats sense ànim de lucre amb seu a Mollet del Vallès.",
            bdns_code=factory.Sequence(lambda n: f"{800000 + n}"),
        )
        upcoming = factory.Trait(opens_on=_days(10), closes_on=_days(30))
        closed = factory.Trait(opens_on=_days(-60), closes_on=_days(-30))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Saved as the admin saves a draft: through the service that computes its period."""
        return services.call_draft_save(call=model_class(*args, **kwargs), by=publisher_get())

    @factory.post_generation
    def published(self, create, extracted, **kwargs):
        """Published unless published=False; published__at=moment sets when."""
        if create and extracted is not False:
            services.call_publish(call=self, by=publisher_get(), at=kwargs.get("at"))
            self.refresh_from_db()


def call_resolved(**kwargs) -> Call:
    call = CallFactory(closed=True, **kwargs)
    return services.call_resolve(call=call, by=publisher_get())


def call_cancelled(*, reason: str = "Errors en les bases publicades.", **kwargs) -> Call:
    call = CallFactory(**kwargs)
    return services.call_cancel(call=call, by=publisher_get(), reason=reason)


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    call = factory.SubFactory(CallFactory)
    kind = PhaseKind.PROVISIONAL_LIST
    title = ""
    date = _days(0)
    text = "Es fa pública la llista provisional de persones admeses i excloses."


class CallDocumentFactory(factory.django.DjangoModelFactory):
    """A small PDF of a call (or of one of its phases), fingerprinted by the service."""

    class Meta:
        model = CallDocument
        exclude = ("content",)

    call = factory.SubFactory(CallFactory)
    phase = None
    order = 0
    title = factory.Sequence(lambda n: f"Document {n}")
    content = factory.LazyAttribute(lambda o: pdf_bytes(o.title))

    @classmethod
    def _create(cls, model_class, *args, call, title, phase=None, order=0, content=None, **kw):
        upload = SimpleUploadedFile(
            "document.pdf", content or pdf_bytes(title), content_type="application/pdf"
        )
        return services.call_document_add(
            call=call, phase=phase, title=title, upload=upload, order=order
        )
