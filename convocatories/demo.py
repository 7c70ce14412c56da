"""Demo content for Convocatòries: about twenty calls of Mollet del Vallès.

Council data, so in Catalan. The calls are plausible ones for a town of
Mollet's size; names of people do not appear, figures and codes are examples.
Dates are relative to the day the demo is loaded, so there are always calls
open, upcoming, under way, resolved and one cancelled. Everything goes
through convocatories.services, as staff would do it.

Idempotent: a call whose reference exists is left as it is (a published call
never changes), so running it again adds nothing.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from convocatories import services
from convocatories.choices import (
    CallKind,
    JobGroup,
    PeriodMode,
    PhaseKind,
    PostType,
    SelectionSystem,
)
from convocatories.models import Call
from corporativa.business_days import OFFICIAL_TZ, official_today
from corporativa.models import Department
from tramits.choices import DeadlineUnit, FieldKind, SilenceEffect
from tramits.models import Procedure, ProcedureField, Topic

JOB_PROCEDURE = "participacio-processos-selectius"
FUNDING_PROCEDURE = "sollicitud-subvencions-ajuts"

DEPARTMENTS = {
    "recursos-humans": ("Recursos Humans", "rrhh@mollet.example", "93 571 95 15"),
    "promocio-economica": ("Promoció Econòmica", "empresa@mollet.example", "93 571 95 90"),
    "esports": ("Esports", "esports@mollet.example", "93 571 95 70"),
    "educacio": ("Educació", "educacio@mollet.example", "93 571 95 75"),
    "cultura": ("Cultura", "cultura@mollet.example", "93 571 95 80"),
    "urbanisme": ("Urbanisme", "urbanisme@mollet.example", "93 571 95 20"),
    "serveis-socials": ("Serveis Socials", "serveissocials@mollet.example", "93 571 95 40"),
    "participacio-ciutadana": (
        "Participació Ciutadana",
        "participacio@mollet.example",
        "93 571 95 85",
    ),
}

EBEP = (
    "Reial decret legislatiu 5/2015, de 30 d'octubre, pel qual s'aprova el text refós de la "
    "Llei de l'Estatut bàsic de l'empleat públic."
)
LGS = "Llei 38/2003, de 17 de novembre, general de subvencions."


# --- The procedures to apply through ---------------------------------------------


def _field(name, label, kind=FieldKind.TEXT, *, required=True, help_text="", **extra):
    return {
        "name": name,
        "label": label,
        "kind": kind,
        "required": required,
        "help_text": help_text,
        **extra,
    }


PROCEDURES = [
    {
        "slug": JOB_PROCEDURE,
        "title": "Sol·licitud de participació en processos selectius",
        "summary": (
            "Per presentar-te a una convocatòria de places o borses de treball de l'Ajuntament."
        ),
        "description": (
            "Amb aquest formulari et presentes al procés selectiu que triïs des de la pàgina "
            "de la convocatòria, amb el botó «Sol·licita-ho en línia». La sol·licitud queda "
            "lligada a aquella convocatòria.\n\n"
            "Revisa abans les bases: hi trobaràs els requisits, les proves i com s'avaluen "
            "els mèrits."
        ),
        "who_can_apply": (
            "Persones que compleixin els requisits de les bases de cada convocatòria, dins "
            "del termini de presentació de sol·licituds."
        ),
        "requirements": (
            "Complir els requisits de les bases l'últim dia del termini.\n"
            "Haver pagat la taxa per drets d'examen, si les bases en preveuen."
        ),
        "documents": (
            "Document d'identitat\nTítol acadèmic exigit\nCurrículum i acreditació dels mèrits"
        ),
        "fees": (
            "Taxa per drets d'examen segons el grup de la plaça (ordenança fiscal 1.4): "
            "de 15 € a 35 €. Exemptes les persones en situació d'atur."
        ),
        "deadline": (6, DeadlineUnit.MONTHS),
        "silence": SilenceEffect.NEGATIVE,
        "legal_basis": EBEP,
        "fields": [
            _field("titulacio", "Titulació que acredites"),
            _field(
                "catala",
                "Coneixements de català",
                FieldKind.CHOICE,
                choices="Tinc el certificat del nivell exigit\nFaré la prova de català",
            ),
            _field(
                "adaptacio",
                "Necessites alguna adaptació per fer les proves?",
                FieldKind.LONG_TEXT,
                required=False,
                help_text="Només si tens una discapacitat reconeguda: explica quina adaptació.",
            ),
            _field(
                "requisits",
                "Declaro que compleixo tots els requisits de les bases",
                FieldKind.YES_NO,
            ),
            _field("titol", "Còpia del títol", FieldKind.FILE, allowed_types="pdf", max_size_mb=5),
            _field(
                "merits",
                "Currículum i acreditació dels mèrits",
                FieldKind.FILE,
                required=False,
                allowed_types="pdf",
                max_size_mb=10,
            ),
        ],
    },
    {
        "slug": FUNDING_PROCEDURE,
        "title": "Sol·licitud de subvencions, ajuts i beques municipals",
        "summary": "Per demanar una subvenció, un ajut o una beca d'una convocatòria oberta.",
        "description": (
            "Tria la convocatòria a la seva pàgina i fes servir el botó «Sol·licita-ho en "
            "línia»: la sol·licitud queda lligada a aquella convocatòria.\n\n"
            "Les bases de cada convocatòria diuen qui pot demanar-la, quins documents cal "
            "adjuntar i com es valoren les sol·licituds."
        ),
        "who_can_apply": "Les persones i entitats que diguin les bases de cada convocatòria.",
        "requirements": (
            "Estar al corrent de les obligacions tributàries i amb la Seguretat Social.\n"
            "Haver justificat les subvencions municipals anteriors."
        ),
        "documents": "Projecte o memòria\nPressupost\nCertificat de titularitat del compte",
        "fees": "",
        "deadline": (3, DeadlineUnit.MONTHS),
        "silence": SilenceEffect.NEGATIVE,
        "legal_basis": LGS,
        "fields": [
            _field("sollicitant", "Persona o entitat sol·licitant"),
            _field("projecte", "Nom del projecte o activitat"),
            _field("import", "Import que demanes (€)", FieldKind.NUMBER),
            _field("iban", "Compte bancari (IBAN)"),
            _field(
                "memoria",
                "Memòria i pressupost",
                FieldKind.FILE,
                allowed_types="pdf",
                max_size_mb=10,
            ),
        ],
    },
]


def _department(slug: str) -> Department:
    name, email, phone = DEPARTMENTS[slug]
    department = Department.objects.filter(Q(slug=slug) | Q(name=name)).first()
    if department is None:
        department = Department.objects.create(slug=slug, name=name, email=email, phone=phone)
    return department


def _procedures() -> dict[str, Procedure]:
    topic = Topic.objects.filter(Q(slug="altres") | Q(name="Altres")).first()
    if topic is None:
        topic = Topic.objects.create(slug="altres", name="Altres", order=99)
    result = {}
    for spec in PROCEDURES:
        procedure = Procedure.objects.filter(slug=spec["slug"]).first()
        if procedure is None:
            procedure = Procedure(slug=spec["slug"])
        values = {
            "title": spec["title"],
            "summary": spec["summary"],
            "description": spec["description"],
            "topic": topic,
            "department": _department(
                "recursos-humans" if spec["slug"] == JOB_PROCEDURE else "promocio-economica"
            ),
            "for_citizens": True,
            "for_businesses": spec["slug"] == FUNDING_PROCEDURE,
            "for_associations": spec["slug"] == FUNDING_PROCEDURE,
            "who_can_apply": spec["who_can_apply"],
            "requirements": spec["requirements"],
            "documents": spec["documents"],
            "fees": spec["fees"],
            "resolution_deadline": spec["deadline"][0],
            "resolution_deadline_unit": spec["deadline"][1],
            "silence_effect": spec["silence"],
            "legal_basis": spec["legal_basis"],
            "available_online": True,
            "in_person": True,
            "is_permanent": True,
            "is_published": True,
        }
        for name, value in values.items():
            setattr(procedure, name, value)
        procedure.full_clean()
        procedure.save()
        for order, field_spec in enumerate(spec["fields"], start=1):
            form_field = procedure.fields.filter(name=field_spec["name"]).first()
            form_field = form_field or ProcedureField(procedure=procedure)
            for name, value in {"order": order * 10, **field_spec}.items():
                setattr(form_field, name, value)
            form_field.full_clean()
            form_field.save()
        result[spec["slug"]] = procedure
    return result


# --- The calls ------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPhase:
    kind: str
    day: int  # days from today
    text: str = ""
    title: str = ""
    ends: int | None = None
    starts: time | None = None
    place: str = ""
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoCall:
    reference: str
    slug: str
    kind: str
    title: str
    department: str
    summary: str
    text: str
    # (first day, last day) from today, or ("bd", publication day, business days).
    period: tuple
    job: tuple = ()  # position, group, post type, places, system
    funding: tuple = ()  # budget, maximum, beneficiaries, BDNS code
    resolved: int | None = None  # day it was resolved, from today
    cancelled: tuple | None = None  # (day, public reason)
    phases: tuple[DemoPhase, ...] = field(default_factory=tuple)
    documents: tuple[str, ...] = ()
    online: bool = True


def _job_phases(*, closed: int, steps: int) -> tuple[DemoPhase, ...]:
    """The usual steps of a selection after its period closed `closed` days ago (negative)."""
    all_steps = (
        DemoPhase(
            PhaseKind.PROVISIONAL_LIST,
            closed + 12,
            "Es fa pública la llista provisional de persones admeses i excloses, amb el motiu "
            "d'exclusió de cada una.",
            documents=("Llista provisional de persones admeses i excloses",),
        ),
        DemoPhase(
            PhaseKind.CLAIMS,
            closed + 13,
            "Les persones excloses disposen de 10 dies hàbils per esmenar la sol·licitud o "
            "presentar-hi al·legacions.",
            ends=closed + 26,
        ),
        DemoPhase(
            PhaseKind.FINAL_LIST,
            closed + 33,
            "Llista definitiva de persones admeses, composició del tribunal i data de la "
            "primera prova.",
            documents=("Llista definitiva i composició del tribunal",),
        ),
        DemoPhase(
            PhaseKind.EXAM,
            closed + 47,
            "Primer exercici: prova teòrica tipus test de 50 preguntes sobre el temari de les "
            "bases. Cal portar el DNI i bolígraf blau.",
            title="Primer exercici: prova de coneixements",
            starts=time(9, 30),
            place="Escola Municipal d'Adults, carrer de Sant Vicenç, 52",
        ),
        DemoPhase(
            PhaseKind.RESULTS,
            closed + 60,
            "Qualificacions del primer exercici i convocatòria de l'entrevista.",
            documents=("Qualificacions del primer exercici",),
        ),
        DemoPhase(
            PhaseKind.AWARD,
            closed + 80,
            "Proposta de nomenament de les persones aspirants que han obtingut més puntuació.",
            documents=("Resolució de nomenament",),
        ),
    )
    return all_steps[:steps]


def _bases(day: int) -> DemoPhase:
    return DemoPhase(
        PhaseKind.BASES,
        day,
        "Aprovació de les bases per decret d'alcaldia i publicació al Butlletí Oficial de la "
        "Província de Barcelona.",
    )


def _application(first: int, last: int) -> DemoPhase:
    return DemoPhase(
        PhaseKind.APPLICATION,
        first,
        "Període per presentar sol·licituds, en línia o a l'Oficina d'Atenció Ciutadana.",
        ends=last,
    )


HR = "recursos-humans"

DEMO_CALLS = [
    # --- Public jobs -------------------------------------------------------------
    DemoCall(
        "2026/OP-012",
        "agent-policia-local-2026",
        CallKind.JOB,
        "Sis places d'agent de la Policia Local",
        HR,
        "Concurs oposició lliure per cobrir sis places d'agent de la Policia Local, escala "
        "bàsica, com a personal funcionari de carrera.",
        "Cal tenir el títol de graduat en ESO, el permís de conduir B i el nivell B2 de "
        "català. Les proves inclouen un exercici físic, un de coneixements, un psicotècnic i "
        "una entrevista, i el curs de formació bàsica a l'Institut de Seguretat de Catalunya.",
        ("bd", -16, 20),
        job=("Agent de la Policia Local", JobGroup.C2, PostType.CAREER, 6, SelectionSystem.BOTH),
        phases=(_bases(-16),),
        documents=("Temari de l'oposició",),
    ),
    DemoCall(
        "2026/OP-015",
        "tecnic-gestio-rrhh-interi",
        CallKind.JOB,
        "Tècnic/a de gestió de Recursos Humans (interinatge)",
        HR,
        "Provisió interina d'una plaça de tècnic/a de gestió adscrita a Recursos Humans, per "
        "substituir una persona amb reserva de lloc de treball.",
        "Cal tenir un grau universitari. El procés consta d'una prova pràctica de gestió de "
        "nòmines i Seguretat Social i d'una entrevista.",
        (-6, 9),
        job=("Tècnic/a de gestió", JobGroup.A2, PostType.INTERIM, 1, SelectionSystem.EXAM),
        phases=(_bases(-10), _application(-6, 9)),
    ),
    DemoCall(
        "2026/OP-016",
        "educador-social-laboral",
        CallKind.JOB,
        "Dues places d'educador/a social",
        HR,
        "Concurs de mèrits per contractar dues persones educadores socials com a personal "
        "laboral fix dels Serveis Socials bàsics.",
        "Es valoren l'experiència en serveis socials municipals, la formació complementària i "
        "el coneixement del territori. Cal el grau en Educació Social o la diplomatura.",
        (-2, 1),
        job=("Educador/a social", JobGroup.A2, PostType.LABOUR, 2, SelectionSystem.COMPETITION),
        phases=(_bases(-9),),
    ),
    DemoCall(
        "2026/OP-018",
        "borsa-auxiliars-administratius",
        CallKind.JOB,
        "Borsa de treball d'auxiliars administratius/ives",
        HR,
        "Creació d'una borsa de treball per cobrir vacants i substitucions temporals "
        "d'auxiliar administratiu/iva.",
        "Cal tenir el graduat en ESO i el nivell C1 de català. Hi haurà una prova "
        "d'ofimàtica i una de redacció.",
        (12, 33),
        job=("Auxiliar administratiu/iva", JobGroup.C2, PostType.INTERIM, 1, SelectionSystem.EXAM),
        phases=(_bases(-3),),
    ),
    DemoCall(
        "2026/OP-019",
        "enginyer-tecnic-municipal",
        CallKind.JOB,
        "Enginyer/a tècnic/a municipal",
        HR,
        "Concurs oposició lliure per a una plaça d'enginyer/a tècnic/a industrial adscrita a "
        "Urbanisme, com a personal funcionari de carrera.",
        "Les funcions inclouen l'informe de llicències d'activitats i la supervisió "
        "d'instal·lacions dels edificis municipals.",
        (25, 45),
        job=("Enginyer/a tècnic/a", JobGroup.A2, PostType.CAREER, 1, SelectionSystem.BOTH),
    ),
    DemoCall(
        "2026/OP-008",
        "conserges-escoles-2026",
        CallKind.JOB,
        "Tres places de conserge d'escola",
        HR,
        "Concurs oposició per a tres places de conserge de les escoles públiques de Mollet, "
        "com a personal laboral fix.",
        "No cal titulació. El procés consta d'una prova pràctica de manteniment bàsic i "
        "d'una valoració de mèrits.",
        (-65, -40),
        job=("Conserge d'escola", JobGroup.AP, PostType.LABOUR, 3, SelectionSystem.BOTH),
        phases=(_bases(-70), _application(-65, -40), *_job_phases(closed=-40, steps=4)),
    ),
    DemoCall(
        "2026/OP-005",
        "arquitecte-superior",
        CallKind.JOB,
        "Arquitecte/a superior",
        HR,
        "Concurs oposició lliure per a una plaça d'arquitecte/a superior dels serveis "
        "tècnics d'Urbanisme.",
        "Cal el títol d'arquitectura o el màster habilitant. Tres exercicis: teòric, pràctic "
        "i de català, si no s'acredita el nivell C1.",
        ("bd", -70, 20),
        job=("Arquitecte/a", JobGroup.A1, PostType.CAREER, 1, SelectionSystem.BOTH),
        phases=(_bases(-70), *_job_phases(closed=-42, steps=2)),
    ),
    DemoCall(
        "2025/OP-021",
        "administratius-carrera-2025",
        CallKind.JOB,
        "Dues places d'administratiu/iva",
        HR,
        "Concurs oposició per promoció interna i torn lliure de dues places d'administratiu/iva "
        "de l'escala d'administració general.",
        "El procés ha acabat amb el nomenament de les dues persones aspirants amb més puntuació.",
        (-190, -170),
        job=("Administratiu/iva", JobGroup.C1, PostType.CAREER, 2, SelectionSystem.EXAM),
        resolved=-80,
        phases=(_bases(-195), *_job_phases(closed=-170, steps=6)),
    ),
    DemoCall(
        "2025/OP-017",
        "tecnic-joventut-interi",
        CallKind.JOB,
        "Tècnic/a de joventut (interinatge per programa)",
        HR,
        "Nomenament interí per a l'execució del Pla local de joventut durant tres anys.",
        "Es va valorar l'experiència en dinamització juvenil i un projecte d'intervenció.",
        (-140, -125),
        job=("Tècnic/a de joventut", JobGroup.A2, PostType.INTERIM, 1, SelectionSystem.BOTH),
        resolved=-40,
        phases=(_bases(-145), *_job_phases(closed=-125, steps=6)),
    ),
    DemoCall(
        "2026/OP-011",
        "oficials-brigada-obres",
        CallKind.JOB,
        "Dues places d'oficial de la brigada d'obres",
        HR,
        "Concurs oposició per a dues places d'oficial de paleta de la brigada municipal "
        "d'obres, com a personal laboral fix.",
        "Convocatòria anul·lada: se'n publicarà una de nova amb les bases corregides.",
        (-20, 4),
        job=("Oficial de paleta", JobGroup.C2, PostType.LABOUR, 2, SelectionSystem.BOTH),
        cancelled=(
            -8,
            "Les bases publicades exigien una titulació que no correspon al grup C2. "
            "L'Ajuntament n'aprovarà unes de noves i obrirà un termini nou; les sol·licituds "
            "presentades no caldrà tornar-les a presentar.",
        ),
        phases=(_bases(-24),),
    ),
    # --- Grants, scholarships and subsidies -------------------------------------------
    DemoCall(
        "2026/SUB-003",
        "subvencions-entitats-esportives-2027",
        CallKind.SUBSIDY,
        "Subvencions a entitats esportives per a la temporada 2026-2027",
        "esports",
        "Subvencions en règim de concurrència competitiva per a les activitats regulars i "
        "les competicions de les entitats esportives de Mollet.",
        "Es valoren el nombre d'esportistes en edat escolar, l'esport femení, la inclusió de "
        "persones amb discapacitat i la participació en activitats de ciutat.",
        (-12, 12),
        funding=(
            Decimal("180000"),
            Decimal("12000"),
            "Entitats esportives sense ànim de lucre inscrites al Registre municipal d'entitats.",
            "842117",
        ),
        phases=(_bases(-15),),
    ),
    DemoCall(
        "2026/SUB-005",
        "ajuts-rehabilitacio-facanes",
        CallKind.GRANT,
        "Ajuts per a la rehabilitació de façanes i la millora de l'accessibilitat",
        "urbanisme",
        "Ajuts per a comunitats de propietaris que rehabilitin la façana o instal·lin un "
        "ascensor en edificis de més de 40 anys.",
        "L'ajut cobreix fins al 30 % del pressupost protegible de l'obra. Cal tenir la "
        "llicència o la comunicació prèvia d'obres.",
        (-30, 20),
        funding=(
            Decimal("250000"),
            Decimal("15000"),
            "Comunitats de propietaris i persones propietàries d'edificis d'habitatges de "
            "Mollet del Vallès.",
            "839004",
        ),
        phases=(_bases(-33),),
    ),
    DemoCall(
        "2026/SUB-007",
        "beques-menjador-complementaries",
        CallKind.SCHOLARSHIP,
        "Beques complementàries de menjador escolar",
        "educacio",
        "Beques municipals per a l'alumnat d'escoles públiques que no ha obtingut l'ajut del "
        "Consell Comarcal i viu en una família amb ingressos baixos.",
        "La beca cobreix el 50 % o el 100 % del preu del menjador segons la renda familiar.",
        (-4, 3),
        funding=(
            Decimal("95000"),
            Decimal("1400"),
            "Famílies empadronades a Mollet amb infants matriculats en escoles públiques del "
            "municipi.",
            "845210",
        ),
    ),
    DemoCall(
        "2026/SUB-009",
        "subvencions-entitats-culturals-2027",
        CallKind.SUBSIDY,
        "Subvencions a projectes culturals 2027",
        "cultura",
        "Subvencions per a projectes culturals d'entitats i col·lectius de la ciutat: "
        "festivals, cicles, publicacions i cultura popular.",
        "Es prioritzen els projectes oberts a tota la ciutadania i els que es fan als barris.",
        (8, 38),
        funding=(
            Decimal("120000"),
            Decimal("8000"),
            "Entitats culturals sense ànim de lucre i col·lectius artístics de Mollet.",
            "",
        ),
        phases=(_bases(-2),),
    ),
    DemoCall(
        "2026/SUB-010",
        "ajuts-digitalitzacio-comerc",
        CallKind.GRANT,
        "Ajuts a la digitalització del comerç local",
        "promocio-economica",
        "Ajuts per a botigues i serveis de proximitat que facin la seva primera botiga en "
        "línia o millorin el sistema de cobrament i de gestió.",
        "L'ajut cobreix fins al 70 % de la despesa, amb un màxim de 2.500 € per establiment.",
        (18, 48),
        funding=(
            Decimal("60000"),
            Decimal("2500"),
            "Persones autònomes i petites empreses amb establiment obert al públic a Mollet.",
            "",
        ),
    ),
    DemoCall(
        "2026/SUB-002",
        "ajuts-lloguer-joves",
        CallKind.GRANT,
        "Ajuts al pagament del lloguer per a persones joves",
        "serveis-socials",
        "Ajuts de fins a 200 € al mes per a persones de 18 a 35 anys que viuen de lloguer a "
        "Mollet.",
        "El termini ha acabat. Les sol·licituds s'estan revisant per ordre d'entrada.",
        (-60, -25),
        funding=(
            Decimal("150000"),
            Decimal("2400"),
            "Persones de 18 a 35 anys, titulars d'un contracte de lloguer d'habitatge habitual "
            "a Mollet, amb ingressos inferiors a 2,5 vegades l'IRSC.",
            "826553",
        ),
        phases=(
            _bases(-64),
            _application(-60, -25),
            DemoPhase(
                PhaseKind.PROVISIONAL_LIST,
                -6,
                "Llista provisional de sol·licituds admeses i requeriments de documentació.",
                documents=("Llista provisional de sol·licituds",),
            ),
        ),
    ),
    DemoCall(
        "2026/SUB-004",
        "beques-escola-musica",
        CallKind.SCHOLARSHIP,
        "Beques d'estudis a l'Escola Municipal de Música",
        "cultura",
        "Beques per a l'alumnat de l'Escola Municipal de Música per al curs 2026-2027, segons "
        "la renda familiar i l'aprofitament acadèmic.",
        "Les beques redueixen la quota mensual entre un 25 % i un 90 %.",
        (-45, -16),
        funding=(
            Decimal("40000"),
            Decimal("1600"),
            "Alumnat matriculat a l'Escola Municipal de Música, o les seves famílies.",
            "",
        ),
        phases=(
            _bases(-48),
            DemoPhase(
                PhaseKind.OTHER,
                14,
                "La comissió de valoració es reunirà per estudiar les sol·licituds.",
                title="Reunió de la comissió de valoració",
                starts=time(12, 0),
                place="Can Lledó, sala de reunions",
            ),
        ),
    ),
    DemoCall(
        "2025/SUB-011",
        "cooperacio-internacional-2025",
        CallKind.SUBSIDY,
        "Subvencions a projectes de cooperació internacional 2025",
        "participacio-ciutadana",
        "Subvencions per a projectes de cooperació al desenvolupament i d'educació per a la "
        "justícia global d'entitats de Mollet.",
        "Resolta: s'han subvencionat set projectes a l'Amèrica Llatina i l'Àfrica occidental.",
        (-220, -190),
        funding=(
            Decimal("85000"),
            Decimal("15000"),
            "ONG i entitats de cooperació amb seu o delegació a Mollet del Vallès.",
            "801876",
        ),
        resolved=-120,
        phases=(
            _bases(-225),
            DemoPhase(
                PhaseKind.PROVISIONAL_LIST,
                -160,
                "Proposta provisional de resolució amb la puntuació de cada projecte.",
                documents=("Proposta provisional de resolució",),
            ),
            DemoPhase(
                PhaseKind.AWARD,
                -125,
                "Resolució definitiva d'atorgament de les subvencions.",
                documents=("Resolució d'atorgament",),
            ),
        ),
    ),
    DemoCall(
        "2025/SUB-008",
        "ajuts-emprenedoria-2025",
        CallKind.GRANT,
        "Ajuts a l'emprenedoria i la creació d'empreses",
        "promocio-economica",
        "Ajuts per a persones que han iniciat una activitat econòmica a Mollet en els dotze "
        "mesos anteriors.",
        "Resolta: 34 persones emprenedores han rebut l'ajut.",
        (-250, -200),
        funding=(
            Decimal("70000"),
            Decimal("3000"),
            "Persones autònomes i societats de nova creació amb domicili fiscal a Mollet.",
            "795331",
        ),
        resolved=-150,
        phases=(
            _bases(-255),
            DemoPhase(
                PhaseKind.AWARD,
                -152,
                "Resolució d'atorgament dels ajuts i llista de sol·licituds desestimades.",
                documents=("Resolució d'atorgament",),
            ),
        ),
    ),
    DemoCall(
        "2026/SUB-006",
        "ajuts-activitats-estiu-infants",
        CallKind.SCHOLARSHIP,
        "Beques per a casals i activitats d'estiu",
        "educacio",
        "Beques per a infants i adolescents de 3 a 16 anys perquè puguin anar als casals i "
        "activitats d'estiu de la ciutat.",
        "Es presenten a l'Oficina d'Atenció Ciutadana amb l'informe dels Serveis Socials.",
        (-3, 14),
        funding=(
            Decimal("45000"),
            Decimal("450"),
            "Famílies empadronades a Mollet amb informe favorable dels Serveis Socials.",
            "",
        ),
        online=False,
    ),
]


# --- The PDFs --------------------------------------------------------------------------


def call_pdf(*, title: str, call: DemoCall, department: str, day: date) -> bytes:
    """A one-page PDF for a document of a call, laid out like the council's own."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2.5 * cm,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
        title=title,
        author=settings.SEU_COUNCIL_NAME,
        invariant=1,  # the same input gives the same bytes, so the same SHA-256
    )
    story = [
        Paragraph(escape(settings.SEU_COUNCIL_NAME), styles["Heading2"]),
        Paragraph(escape(department), styles["Normal"]),
        Paragraph(escape(f"Expedient {call.reference}"), styles["Normal"]),
        Spacer(1, 0.8 * cm),
        Paragraph(escape(title), styles["Heading1"]),
        Paragraph(escape(call.title), styles["Heading3"]),
        Paragraph(escape(call.summary), styles["BodyText"]),
        Spacer(1, 0.3 * cm),
        Paragraph(escape(call.text), styles["BodyText"]),
        Spacer(1, 0.8 * cm),
        Paragraph(
            escape(f"Mollet del Vallès, {day.day:d}/{day.month:02d}/{day.year}"), styles["Normal"]
        ),
        Paragraph("Document de demostració de la seu electrònica", styles["Italic"]),
    ]
    document.build(story)
    return buffer.getvalue()


def _upload(title: str, call: DemoCall, department: Department, day: date):
    content = call_pdf(title=title, call=call, department=department.name, day=day)
    return SimpleUploadedFile(f"{call.slug}.pdf", content, content_type="application/pdf")


# --- Loading -----------------------------------------------------------------------------


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=OFFICIAL_TZ)


def _load(spec: DemoCall, *, staff, today: date, now: datetime, procedures) -> Call:
    department = _department(spec.department)
    call = Call(
        reference=spec.reference,
        slug=spec.slug,
        kind=spec.kind,
        title=spec.title,
        department=department,
        summary=spec.summary,
        text=spec.text,
    )
    if spec.period[0] == "bd":
        _mode, published, business_days = spec.period
        call.period_mode = PeriodMode.BUSINESS_DAYS
        call.published_on = today + timedelta(days=published)
        call.period_business_days = business_days
        published_at = _at(call.published_on)
    else:
        first, last = spec.period
        call.period_mode = PeriodMode.DATES
        call.opens_on = today + timedelta(days=first)
        call.closes_on = today + timedelta(days=last)
        published_at = _at(call.opens_on - timedelta(days=5))
    published_at = min(published_at, now - timedelta(hours=1))
    if spec.job:
        call.position, call.job_group, call.post_type, call.places, call.selection_system = spec.job
    else:
        call.total_budget, call.max_per_beneficiary, call.beneficiaries, call.bdns_code = (
            spec.funding
        )
    if spec.online:
        call.procedure = procedures[JOB_PROCEDURE if spec.job else FUNDING_PROCEDURE]
    call.full_clean()
    call.save()
    services.call_bases_set(
        call=call, upload=_upload("Bases de la convocatòria", spec, department, published_at.date())
    )
    services.call_publish(call=call, by=staff, at=published_at)
    for order, title in enumerate(spec.documents):
        services.call_document_add(
            call=call,
            title=title,
            upload=_upload(title, spec, department, published_at.date()),
            order=order,
        )
    for phase in spec.phases:
        day = today + timedelta(days=phase.day)
        # A phase is made public on its day; a planned one (an exam date) is announced now.
        at = max(min(_at(day, 10), now - timedelta(minutes=30)), published_at)
        services.call_phase_add(
            call=call,
            by=staff,
            kind=phase.kind,
            date=day,
            title=phase.title,
            ends_on=today + timedelta(days=phase.ends) if phase.ends is not None else None,
            time=phase.starts,
            place=phase.place,
            text=phase.text,
            documents=[(title, _upload(title, spec, department, day)) for title in phase.documents],
            at=at,
        )
    if spec.resolved is not None:
        services.call_resolve(call=call, by=staff, at=_at(today + timedelta(days=spec.resolved)))
    if spec.cancelled is not None:
        day, reason = spec.cancelled
        services.call_cancel(
            call=call, by=staff, reason=reason, at=_at(today + timedelta(days=day), 12)
        )
    return call


def seed_calls(*, staff) -> int:
    """Load the demo calls that are not there yet; returns how many were added.

    `staff` publishes them: a user with the permission convocatories.publish_call.
    """
    today, now = official_today(), timezone.now()
    with transaction.atomic():
        procedures = _procedures()
        existing = set(
            Call.objects.filter(reference__in=[c.reference for c in DEMO_CALLS]).values_list(
                "reference", flat=True
            )
        )
        added = 0
        for spec in DEMO_CALLS:
            if spec.reference in existing:
                continue
            _load(spec, staff=staff, today=today, now=now, procedures=procedures)
            added += 1
    return added
