"""One of each corporate page, with fixed slugs, for the browser tests."""

from datetime import date, datetime, time, timedelta

from corporativa.business_days import OFFICIAL_TZ, official_today
from corporativa.choices import Role
from tests.corporativa import factories as f


def corporate_pages(procedure=None) -> dict:
    """The council, government, the Ple with a session, the OAC, the Padró department,
    two regulations (one repealed), a page tree and a question. Returns the main ones."""
    f.CouncilFactory()
    ours = f.PoliticalGroupFactory(name="Acord Municipal de Mollet", short_name="AMM", order=1)
    theirs = f.PoliticalGroupFactory(name="Mollet Endavant", short_name="ME", order=2)
    mayor = f.PersonFactory(
        name="Núria Casals Ribera", role=Role.MAYOR, group=ours, areas="Alcaldia"
    )
    deputy = f.PersonFactory(
        name="Jordi Vilaró Pujades",
        role=Role.DEPUTY_MAYOR,
        deputy_order=1,
        group=ours,
        areas="Hisenda\nOrganització",
    )
    opposition = f.PersonFactory(name="Ramon Castells Font", group=theirs)
    ple = f.MunicipalBodyFactory(slug="ple", name="Ple de l'Ajuntament")
    ple.members.set([mayor, deputy, opposition])
    today = official_today()
    session = f.SessionFactory(
        body=ple,
        starts_at=datetime.combine(today - timedelta(days=20), time(19), tzinfo=OFFICIAL_TZ),
        video_url="https://video.mollet.example/ple",
    )
    f.session_document(session, "agenda")
    f.session_document(session, "minutes", content=b"%PDF-1.4 acta")

    oac = f.OfficeFactory(
        slug="oac",
        name="Oficina d'Atenció Ciutadana (OAC)",
        phone="93 571 95 00",
        directions="A la planta baixa de l'Ajuntament.",
        accessibility="Entrada sense graons.",
    )
    f.weekday_hours(oac, (0, 1, 2, 3, 4), time(8, 30), time(14, 30))
    f.weekday_hours(oac, (1, 3), time(16), time(19))
    f.special_period(
        oac,
        date(today.year, 7, 1),
        date(today.year, 8, 31),
        hours=[((0, 1, 2, 3, 4), time(8, 30), time(14))],
    )
    f.special_period(
        oac,
        date(today.year + 1, 7, 1),
        date(today.year + 1, 8, 31),
        hours=[((0, 1, 2, 3, 4), time(8, 30), time(14))],
    )
    from corporativa.models import Department

    padro, _ = Department.objects.update_or_create(
        slug="padro",
        defaults={
            "name": "Padró d'Habitants",
            "summary": "Altes i certificats del padró.",
            "services": "Altes\nCertificats",
            "councillor": deputy,
        },
    )
    padro.offices.add(oac)
    if procedure is not None:
        procedure.department = padro
        procedure.save()

    civisme = f.RegulationFactory(slug="ordenanca-civisme", title="Ordenança de civisme")
    f.regulation_document(civisme)
    f.RegulationFactory(
        slug="ordenanca-convivencia-2008",
        title="Ordenança de convivència (2008)",
        approved_on=date(2008, 6, 26),
        repealed_on=date(2019, 5, 15),
        repealed_by=civisme,
    )
    social = f.PageFactory(slug="serveis-socials", title="Serveis socials")
    f.PageFactory(
        slug="ajudes",
        title="Ajuts socials",
        parent=social,
        body="Text.\n\n| Ajut | Quan |\n|---|---|\n| Lloguer | Cada any |",
    )
    f.FaqFactory(question="Cal cita prèvia per anar a l'OAC?", answer="Per al padró, **sí**.")
    return {"oac": oac, "ple": ple, "session": session, "padro": padro}
