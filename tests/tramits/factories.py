from datetime import date

import factory

from corporativa.models import Department
from tramits.choices import DeadlineUnit, FieldKind, SilenceEffect
from tramits.models import Procedure, ProcedureField, Topic


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Departament {n}")
    slug = factory.Sequence(lambda n: f"departament-{n}")
    email = factory.LazyAttribute(lambda o: f"{o.slug}@mollet.example")
    phone = "93 571 95 00"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.Sequence(lambda n: f"tema-{n}")
    order = 0


class ProcedureFactory(factory.django.DjangoModelFactory):
    """A published, permanent procedure that can be done online.

    ProcedureFactory(seasonal=True) gives one with an application window in
    2035 (pass open_from / open_until for others); ProcedureFactory(generic=True)
    the generic request, of which there can be only one.
    """

    class Meta:
        model = Procedure

    title = factory.Sequence(lambda n: f"Tràmit de prova {n}")
    slug = factory.Sequence(lambda n: f"tramit-de-prova-{n}")
    summary = factory.LazyAttribute(lambda o: f"Per demanar {o.title.lower()}.")
    description = "Descripció del tràmit.\nSegon paràgraf."
    topic = factory.SubFactory(TopicFactory)
    department = factory.SubFactory(DepartmentFactory)
    for_citizens = True
    for_businesses = False
    for_associations = False
    who_can_apply = "Qualsevol persona interessada."
    requirements = ""
    documents = "Document d'identitat\nJustificant de pagament"
    fees = ""
    resolution_deadline = 3
    resolution_deadline_unit = DeadlineUnit.MONTHS
    silence_effect = SilenceEffect.POSITIVE
    legal_basis = "Llei 39/2015, d'1 d'octubre, del procediment administratiu comú."
    available_online = True
    in_person = True
    channel_notes = ""
    is_permanent = True
    open_from = None
    open_until = None
    is_generic = False
    is_published = True

    class Params:
        seasonal = factory.Trait(
            is_permanent=False,
            open_from=date(2035, 3, 1),
            open_until=date(2035, 3, 31),
        )
        generic = factory.Trait(
            is_generic=True,
            title="Instància genèrica",
            slug="instancia-generica",
            summary="Per a qualsevol sol·licitud que no tingui un tràmit propi.",
        )
        unpublished = factory.Trait(is_published=False)
        in_person_only = factory.Trait(available_online=False)


class ProcedureFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureField

    procedure = factory.SubFactory(ProcedureFactory)
    order = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"camp-{n}")
    label = factory.Sequence(lambda n: f"Pregunta {n}")
    kind = FieldKind.TEXT
    required = True
    help_text = ""
    choices = ""
    max_size_mb = 10
    allowed_types = "pdf"

    class Params:
        # ProcedureFieldFactory(file=True): a PDF or image attachment up to 5 MB.
        file = factory.Trait(kind=FieldKind.FILE, allowed_types="pdf,jpeg,png", max_size_mb=5)
        choice = factory.Trait(kind=FieldKind.CHOICE, choices="Opció A\nOpció B\nOpció C")
