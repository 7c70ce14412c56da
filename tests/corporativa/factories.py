from datetime import date, datetime, time, timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from corporativa.business_days import OFFICIAL_TZ
from corporativa.choices import Role
from corporativa.models import (
    AccessibilityReport,
    Council,
    Faq,
    FaqTopic,
    LocalHoliday,
    MunicipalBody,
    Office,
    OpeningHours,
    Page,
    Person,
    PoliticalGroup,
    Regulation,
    RegulationDocument,
    Session,
    SessionDocument,
    SpecialHours,
    SpecialPeriod,
)
from documents.uploads import published_pdf_attach


class LocalHolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalHoliday
        django_get_or_create = ("date",)

    # Mondays of 2035, far from the years the tests count deadlines in: a test
    # that wants a local holiday on a given day passes `date` itself.
    date = factory.Sequence(lambda n: date(2035, 1, 8) + timedelta(weeks=n))
    name = factory.Sequence(lambda n: f"Festa local {n}")
    note = ""


# --- Corporate information -------------------------------------------------------------

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="document.pdf", content=MINIMAL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("key",)

    key = Council.SINGLETON_KEY
    name = "Ajuntament de Mollet del Vallès"
    tax_id = "P0812400J"
    address = "Plaça Major, 1"
    postcode = "08100"
    town = "Mollet del Vallès"
    phone = "93 571 95 00"
    email = "oac@mollet.example"
    dpo_email = "dpd@mollet.example"
    website = "https://www.mollet.example/"
    act_title = "Decret d'Alcaldia 2010/0412, de creació de la seu electrònica"
    act_date = date(2010, 4, 19)
    act_bulletin = "BOPB, 06/05/2010"
    act_summary = "Crea la seu electrònica de l'Ajuntament."


class PoliticalGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoliticalGroup
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Grup Municipal {n}")
    short_name = factory.Sequence(lambda n: f"G{n}")
    order = factory.Sequence(lambda n: n)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Regidora Número {n}")
    role = Role.COUNCILLOR
    deputy_order = None
    areas = ""
    group = factory.SubFactory(PoliticalGroupFactory)
    email = factory.Sequence(lambda n: f"regidor{n}@mollet.example")
    term_start = date(2023, 6, 17)
    term_end = None


class MunicipalBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalBody
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Òrgan {n}")
    slug = factory.Sequence(lambda n: f"organ-{n}")
    kind = "plenary"
    summary = "L'òrgan de màxima representació."
    description = "Es reuneix cada mes."


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    body = factory.SubFactory(MunicipalBodyFactory)
    starts_at = factory.Sequence(
        lambda n: (
            datetime.combine(date(2026, 1, 29), time(19, 0), tzinfo=OFFICIAL_TZ)
            + timedelta(days=7 * n)
        )
    )
    kind = "ordinary"
    place = "Sala de Plens"


def session_document(session, kind="agenda", content=MINIMAL_PDF) -> SessionDocument:
    document = SessionDocument(session=session, kind=kind, title=f"{kind} {session}")
    published_pdf_attach(document=document, upload=pdf_upload(f"{kind}.pdf", content))
    document.save()
    return document


def regulation_document(regulation, content=MINIMAL_PDF) -> RegulationDocument:
    document = RegulationDocument(regulation=regulation, title=f"Text: {regulation.title}")
    published_pdf_attach(document=document, upload=pdf_upload("text.pdf", content))
    document.save()
    return document


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Oficina {n}")
    slug = factory.Sequence(lambda n: f"oficina-{n}")
    summary = "Informació i registre."
    address = "Plaça Major, 1, 08100 Mollet del Vallès"
    phone = "93 571 95 00"
    email = "oac@mollet.example"


def weekday_hours(office, weekdays, opens, closes):
    return [
        OpeningHours.objects.create(office=office, weekday=day, opens=opens, closes=closes)
        for day in weekdays
    ]


def special_period(office, start, end, *, closed=False, hours=(), name="Horari d'estiu"):
    """A special period; `hours` is [(weekdays, opens, closes)]."""
    period = SpecialPeriod.objects.create(
        office=office, name=name, start=start, end=end, closed=closed
    )
    for weekdays, opens, closes in hours:
        for day in weekdays:
            SpecialHours.objects.create(period=period, weekday=day, opens=opens, closes=closes)
    return period


class RegulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regulation
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Ordenança de prova {n}")
    slug = factory.Sequence(lambda n: f"ordenanca-de-prova-{n}")
    kind = "ordinance"
    summary = "Regula una matèria de prova."
    approved_on = date(2022, 3, 31)
    published_on = date(2022, 5, 10)
    bulletin_reference = "BOPB, 10/05/2022"
    is_published = True


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Pàgina {n}")
    slug = factory.Sequence(lambda n: f"pagina-{n}")
    summary = "Una pàgina d'informació."
    body = "Un paràgraf.\n\n## Un apartat\n\nUn altre paràgraf."
    is_published = True


class FaqTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqTopic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Tema {n}")


class FaqFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faq

    topic = factory.SubFactory(FaqTopicFactory)
    question = factory.Sequence(lambda n: f"Pregunta {n}?")
    answer = "Una **resposta**."


class AccessibilityReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessibilityReport

    page_url = "https://seu.mollet.example/ca/tramits/"
    description = "El botó de cercar no es pot fer servir amb el teclat."
