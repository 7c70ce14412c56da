"""A notice board of N notices on PostgreSQL, for `bench/run.py --notices N`.

Run by bench/run.py with the benchmark's production environment:

    .venv/bin/python bench/notices.py generate 10000
    .venv/bin/python bench/notices.py inspect

`generate N` fills an empty PostgreSQL database with N published notices of
the last three years (and a few scheduled ones), then runs ANALYZE. They are
written in bulk, as the board's history would have left them, without going
through tauler.services one notice at a time:

- categories and departments (found by slug, or created);
- the notices with their numbers (year/sequence in the order they were
  published), periods and ends computed as tauler.services.end_of_period
  does, some extended, some cancelled with a public reason, a few permanent,
  pinned or still to start;
- one or two documents each, all pointing to one small stored PDF;
- the publication log: published, extended, cancelled and finished events in
  the order they happened, hash-chained with PublicationLogEntry.compute_hash
  exactly as tauler.services.log_append chains them, so `tauler_verify`
  passes;
- the notice counters of each year.

Titles and texts are Catalan, put together from the word lists below, with a
fixed random seed: the same N gives the same board. A database that already
holds exactly N notices is used as it is (generation skipped); any other
non-empty one is refused: the log is append-only, so start from a new
database.

`inspect` prints what the pages list (notices on display, public, matching
the search word of bench/pages.py) and the EXPLAIN ANALYZE of the archive's
search query, as tauler.search builds it, with whether the GIN index
`tauler_notice_search` is used.

Each prints one JSON line on stdout.
"""

import json
import random
import re
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock

import djangoenv
import pages as bench_pages

SEED = 20260
YEARS_BACK = 3
SEARCH_INDEX = "tauler_notice_search_document"
# A word of few notices (about 3 in 100), typed without its accent and middle dot.
RARE_WORD = "reparcellacio"
PAGE_SIZE = 20  # tauler.views.PAGE_SIZE: the archive's first page

# --- Word lists ----------------------------------------------------------------------

CATEGORIES = [
    ("urbanisme", "Urbanisme"),
    ("padro-d-habitants", "Padró d'habitants"),
    ("contractacio", "Contractació"),
    ("recursos-humans", "Recursos humans"),
    ("hisenda-i-tributs", "Hisenda i tributs"),
    ("medi-ambient", "Medi ambient"),
    ("edictes-d-altres-administracions", "Edictes d'altres administracions"),
    ("subvencions", "Subvencions"),
    ("ple-municipal", "Ple municipal"),
    ("notificacions", "Notificacions"),
]

DEPARTMENTS = [
    ("urbanisme", "Urbanisme"),
    ("padro", "Padró d'Habitants"),
    ("hisenda-i-tributs", "Hisenda i Tributs"),
    ("medi-ambient", "Medi Ambient"),
    ("secretaria-general", "Secretaria General"),
    ("serveis-socials", "Serveis Socials"),
    ("via-publica-i-mobilitat", "Via Pública i Mobilitat"),
    ("recursos-humans", "Recursos Humans"),
    ("contractacio", "Contractació"),
    ("cultura", "Cultura"),
    ("educacio", "Educació"),
]

# How often each category comes up, out of 100.
CATEGORY_WEIGHTS = {
    "urbanisme": 14,
    "padro-d-habitants": 12,
    "contractacio": 11,
    "recursos-humans": 10,
    "hisenda-i-tributs": 9,
    "medi-ambient": 7,
    "edictes-d-altres-administracions": 8,
    "subvencions": 8,
    "ple-municipal": 6,
    "notificacions": 15,
}

STREETS = [
    "carrer de Sant Vicenç",
    "Rambla Balmes",
    "carrer de Berenguer III",
    "avinguda de la Llibertat",
    "carrer Major",
    "plaça de Prat de la Riba",
    "carrer de l'Església",
    "carrer de Girona",
    "carrer de Lleida",
    "carrer de Sant Ramon",
    "carrer del Doctor Fleming",
    "carrer de Miquel Servet",
    "carrer de Rafael Casanova",
    "avinguda de Rívoli",
    "carrer de Joan Fuster",
    "plaça de Catalunya",
    "carrer de la Indústria",
    "carrer del Riu Besòs",
    "camí del Pla",
    "carrer de Can Prat",
    "passeig de la Riera",
    "carrer de Jacint Verdaguer",
    "carrer de Santa Teresa",
    "carrer de la Pau",
    "avinguda de Caldes",
]
AREAS = [
    "Can Borrell",
    "Plana Lledó",
    "Lourdes",
    "Riera Seca",
    "Can Pantiquet",
    "l'Estació",
    "Sant Valentí",
    "Can Mulà",
    "Gallecs",
    "la Farinera",
    "Camí Ral",
    "Can Falguera",
]
ACTIVITIES = [
    "un taller de reparació de vehicles",
    "un restaurant amb cuina",
    "una bugaderia industrial",
    "un magatzem de materials de construcció",
    "una fusteria",
    "un gimnàs",
    "una escola de música",
    "un supermercat",
    "una planta de compostatge",
    "un obrador de pastisseria",
    "una nau de logística",
    "una clínica veterinària",
]
SERVICES = [
    "neteja dels edificis municipals",
    "manteniment de l'enllumenat públic",
    "manteniment dels parcs i jardins",
    "menjador de les escoles bressol",
    "recollida de residus i neteja viària",
    "manteniment de les instal·lacions esportives",
    "atenció domiciliària",
    "assegurances municipals",
    "socorrisme a les piscines municipals",
    "transport urbà de viatgers",
    "grua municipal",
]
SUPPLIES = [
    "vestuari de la Policia Local",
    "material d'oficina",
    "energia elèctrica",
    "vehicles elèctrics per a la brigada",
    "equips informàtics",
    "mobiliari urbà",
    "senyalització viària",
    "llibres per a la biblioteca",
]
POSITIONS = [
    "agent de la Policia Local",
    "tècnic d'administració general",
    "auxiliar administratiu",
    "educador social",
    "arquitecte tècnic",
    "treballador social",
    "oficial de la brigada d'obres",
    "tècnic de medi ambient",
    "conserge d'escola",
    "bibliotecari",
    "enginyer de camins",
]
TAXES = [
    "l'impost sobre béns immobles",
    "l'impost sobre vehicles de tracció mecànica",
    "la taxa de recollida d'escombraries",
    "la taxa de guals",
    "l'impost sobre activitats econòmiques",
    "la taxa del mercat municipal",
    "la taxa d'ocupació de la via pública amb terrasses",
]
ENVIRONMENT_TOPICS = [
    "tinença d'animals de companyia",
    "soroll i vibracions",
    "gestió de residus",
    "zona de baixes emissions",
    "ús dels horts urbans",
    "arbrat urbà",
]
PURPOSES = [
    "entitats esportives",
    "entitats culturals i festives",
    "la rehabilitació de façanes",
    "el pagament del lloguer de l'habitatge habitual",
    "l'adquisició de llibres de text",
    "la contractació de persones aturades",
    "projectes de cooperació internacional",
    "la instal·lació de plaques solars",
    "el comerç de proximitat",
]
ORGANISATIONS = [
    "la Generalitat de Catalunya",
    "l'Àrea Metropolitana de Barcelona",
    "la Diputació de Barcelona",
    "el Consell Comarcal del Vallès Oriental",
    "l'Agència Catalana de l'Aigua",
    "la Direcció General de Trànsit",
    "el Jutjat de primera instància núm. 3 de Mollet del Vallès",
    "la Tresoreria General de la Seguretat Social",
]
FOREIGN_SUBJECTS = [
    "la informació pública d'un projecte de línia elèctrica de mitjana tensió",
    "la notificació d'una provisió de constrenyiment",
    "l'aprovació del pla de protecció civil del riu Besòs",
    "l'expropiació de terrenys per a la millora de la carretera C-17",
    "la citació d'una persona en un procediment judicial",
    "la modificació del servei d'autobusos interurbans",
    "l'autorització d'un abocament a la xarxa de clavegueram",
]
MATTERS = [
    "trànsit",
    "convivència ciutadana",
    "tinença d'animals",
    "disciplina urbanística",
    "sorolls",
    "residus",
    "ocupació de la via pública",
]
SIGNATORIES = [
    "L'alcaldessa, Núria Casals i Roig",
    "El secretari general, Jordi Pujadas Ferrer",
    "La regidora delegada de Territori i Habitatge, Montserrat Vilaró Soler",
    "El regidor delegat d'Hisenda, Albert Costa Riera",
    "La tinenta d'alcaldia de Serveis a les Persones, Elena Martí Prats",
]
MONTHS = [
    "de gener",
    "de febrer",
    "de març",
    "d'abril",
    "de maig",
    "de juny",
    "de juliol",
    "d'agost",
    "de setembre",
    "d'octubre",
    "de novembre",
    "de desembre",
]
CANCEL_REASONS = [
    "S'ha publicat per error: l'acord encara no era ferm.",
    "El document adjunt no era la versió aprovada; es publicarà un anunci nou.",
    "L'òrgan competent ha deixat sense efecte l'acord.",
    "La persona interessada ha estat notificada personalment.",
    "Duplicat d'un anunci publicat el mateix dia.",
]

INFO_PUBLICA = (
    "Durant aquest termini l'expedient es pot consultar a la seu electrònica i, amb cita "
    "prèvia, a l'Oficina d'Atenció Ciutadana, i qualsevol persona hi pot presentar "
    "al·legacions pel registre electrònic."
)
RECURSOS = (
    "Contra aquesta resolució, que posa fi a la via administrativa, es pot interposar recurs "
    "potestatiu de reposició davant el mateix òrgan en el termini d'un mes, o bé recurs "
    "contenciós administratiu en el termini de dos mesos, comptats des de l'endemà de la "
    "publicació d'aquest anunci."
)
NOTIFICACIO = (
    "No s'ha pogut practicar la notificació al domicili que consta a l'expedient; per això es "
    "notifica per mitjà d'aquest anunci, d'acord amb l'article 44 de la Llei 39/2015, d'1 "
    "d'octubre, del procediment administratiu comú de les administracions públiques."
)
LLEI_URBANISME = (
    "el Decret legislatiu 1/2010, de 3 d'agost, pel qual s'aprova el text refós de la Llei "
    "d'urbanisme"
)


def long_date(day):
    return f"{day.day} {MONTHS[day.month - 1]} de {day.year}"


def euros(amount):
    """12.500 euros, as Catalan writes thousands."""
    return f"{amount:,} euros".replace(",", ".")


def initials(rng):
    letters = "ABCDEFGJLMNPRSTV"
    return ".".join(rng.choice(letters) for _ in range(rng.choice((3, 4)))) + "."


def masked_document(rng):
    return f"***{rng.randint(1000, 9999)}**"


# --- One notice's words, by category -----------------------------------------------
# Each returns (title, paragraphs, department slug, case code, document titles).


def urbanisme(rng, day):
    street, number, area = rng.choice(STREETS), rng.randint(1, 180), rng.choice(AREAS)
    kind = rng.randrange(5)
    if kind == 0:
        title = f"Aprovació inicial del projecte d'urbanització del {street}"
        body = (
            f"La Junta de Govern Local, en la sessió del {long_date(day)}, va aprovar "
            f"inicialment el projecte d'urbanització del {street}, que amplia les voreres, hi "
            "planta arbrat i renova l'enllumenat i el clavegueram."
        )
        documents = ("Acord d'aprovació inicial", "Plànols del projecte")
    elif kind == 1:
        title = f"Modificació puntual del POUM a l'àmbit de {area}"
        body = (
            "El Ple de l'Ajuntament va aprovar inicialment la modificació puntual del Pla "
            f"d'ordenació urbanística municipal a l'àmbit de {area}, que reordena els usos del "
            "sòl per fer-hi habitatge de protecció oficial i un espai lliure públic."
        )
        documents = ("Acord de Ple", "Memòria de la modificació")
    elif kind == 2:
        title = f"Ordre d'execució de reparació de la façana del {street}, {number}"
        body = (
            f"Els serveis tècnics d'urbanisme han comprovat que la façana de l'edifici del "
            f"{street}, {number}, presenta despreniments que posen en perill la via pública, i "
            "s'ordena a la propietat que faci les obres de reparació en el termini d'un mes."
        )
        documents = ("Resolució",)
    elif kind == 3:
        title = f"Aprovació definitiva del pla de millora urbana del sector {area}"
        body = (
            f"La Comissió Territorial d'Urbanisme va aprovar definitivament el pla de millora "
            f"urbana del sector {area}, que preveu {rng.randint(40, 320)} habitatges i una "
            "reserva de sòl per a equipaments."
        )
        documents = ("Acord d'aprovació definitiva", "Normes urbanístiques")
    else:
        title = f"Projecte de reparcel·lació del polígon d'actuació {area} {rng.randint(1, 9)}"
        body = (
            "S'aprova inicialment el projecte de reparcel·lació, que distribueix els beneficis "
            f"i les càrregues del planejament entre les {rng.randint(4, 40)} finques afectades."
        )
        documents = ("Projecte de reparcel·lació",)
    legal = (
        f"D'acord amb l'article {rng.choice((85, 101, 106, 119))} del {LLEI_URBANISME}, "
        f"l'expedient se sotmet a informació pública durant el termini indicat. {INFO_PUBLICA}"
    )
    return title, [body, legal], "urbanisme", "URB", documents


def padro(rng, day):
    person, street = initials(rng), rng.choice(STREETS)
    kind = rng.randrange(3)
    if kind == 0:
        title = f"Baixa d'ofici del padró d'habitants per inscripció indeguda ({person})"
        body = (
            f"Atès que {person}, amb document {masked_document(rng)}, no resideix al domicili "
            f"del {street}, {rng.randint(1, 180)}, on consta inscrit, s'inicia l'expedient de "
            "baixa d'ofici del padró municipal d'habitants."
        )
    elif kind == 1:
        title = "Caducitat de la inscripció padronal de persones estrangeres no comunitàries"
        body = (
            f"S'ha declarat la caducitat de la inscripció al padró de {rng.randint(3, 60)} "
            "persones estrangeres sense autorització de residència permanent que no l'han "
            "renovat en el termini de dos anys."
        )
    else:
        title = f"Notificació de la resolució de l'alta al padró d'habitants ({person})"
        body = (
            f"S'ha resolt la sol·licitud d'alta al padró d'habitants de {person}, amb document "
            f"{masked_document(rng)}, al domicili del {street}."
        )
    legal = (
        "Article 72 del Reial decret 1690/1986, d'11 de juliol, pel qual s'aprova el Reglament "
        f"de població i demarcació territorial de les entitats locals. {NOTIFICACIO}"
    )
    return title, [body, legal], "padro", "PAD", ("Resolució",)


def contractacio(rng, day):
    service, supply = rng.choice(SERVICES), rng.choice(SUPPLIES)
    amount = euros(rng.randint(12, 2400) * 1000)
    kind = rng.randrange(4)
    if kind == 0:
        title = f"Anunci de licitació del contracte del servei de {service}"
    elif kind == 1:
        title = f"Adjudicació del contracte del servei de {service}"
    elif kind == 2:
        title = f"Formalització del contracte de subministrament de {supply}"
    else:
        title = f"Aprovació de l'expedient de contractació del subministrament de {supply}"
    body = (
        f"Òrgan de contractació: la Junta de Govern Local. Pressupost base de licitació: "
        f"{amount}, IVA exclòs. Durada: {rng.choice((1, 2, 3, 4))} anys, prorrogable. "
        "Procediment obert, amb diversos criteris d'adjudicació."
    )
    legal = (
        "Llei 9/2017, de 8 de novembre, de contractes del sector públic. Els plecs es poden "
        "consultar al perfil de contractant de la Plataforma de Serveis de Contractació Pública."
    )
    return title, [body, legal, RECURSOS], "contractacio", "CTR", ("Anunci", "Plec de clàusules")


def recursos_humans(rng, day):
    position, places = rng.choice(POSITIONS), rng.randint(1, 8)
    kind = rng.randrange(4)
    if kind == 0:
        title = f"Llista provisional de persones admeses i excloses: {places} places de {position}"
    elif kind == 1:
        title = f"Bases de la convocatòria d'una plaça de {position}"
    elif kind == 2:
        title = f"Resultats de la prova de coneixements del procés selectiu de {position}"
    else:
        title = f"Constitució d'una borsa de treball de {position}"
    body = (
        f"Per resolució de l'alcaldia del {long_date(day)} s'aprova aquest acte del procés "
        f"selectiu per cobrir {places} places de {position}, per concurs oposició lliure. Les "
        "persones aspirants disposen de deu dies hàbils per esmenar els defectes o presentar "
        "reclamacions."
    )
    legal = (
        "Reial decret legislatiu 5/2015, de 30 d'octubre, pel qual s'aprova el text refós de la "
        "Llei de l'Estatut bàsic de l'empleat públic, i Decret 214/1990, de 30 de juliol, pel "
        "qual s'aprova el Reglament del personal al servei de les entitats locals."
    )
    return title, [body, legal], "recursos-humans", "RH", ("Resolució", "Llista")


def hisenda(rng, day):
    tax, year = rng.choice(TAXES), day.year
    kind = rng.randrange(4)
    if kind == 0:
        title = f"Exposició pública del padró fiscal de {tax} de l'exercici {year}"
    elif kind == 1:
        title = (
            f"Aprovació provisional de la modificació de les ordenances fiscals per a {year + 1}"
        )
    elif kind == 2:
        title = f"Període de cobrament en voluntària de {tax} de {year}"
    else:
        title = f"Modificació de crèdit {rng.randint(1, 40)}/{year} del pressupost municipal"
    pay_from = day + timedelta(days=rng.randint(10, 40))
    body = (
        f"S'exposa al públic l'expedient relatiu a {tax}. El període de pagament en voluntària "
        f"comença el {long_date(pay_from)} i dura dos mesos; es pot pagar per domiciliació "
        "bancària, a les entitats col·laboradores o amb targeta a la seu electrònica."
    )
    legal = (
        "Reial decret legislatiu 2/2004, de 5 de març, pel qual s'aprova el text refós de la Llei "
        "reguladora de les hisendes locals."
    )
    return title, [body, legal, RECURSOS], "hisenda-i-tributs", "HIS", ("Edicte",)


def medi_ambient(rng, day):
    activity, street, topic = (
        rng.choice(ACTIVITIES),
        rng.choice(STREETS),
        rng.choice(ENVIRONMENT_TOPICS),
    )
    kind = rng.randrange(3)
    if kind == 0:
        title = f"Sol·licitud de llicència ambiental per a {activity} al {street}"
        body = (
            f"S'ha sol·licitat llicència ambiental per a {activity} al {street}, "
            f"{rng.randint(1, 180)}. Els veïns immediats també en reben notificació, i el "
            "projecte s'ha tramès als serveis d'urbanisme per a l'informe de compatibilitat."
        )
    elif kind == 1:
        title = f"Aprovació inicial de l'ordenança municipal de {topic}"
        body = (
            f"El Ple va aprovar inicialment l'ordenança municipal de {topic}, que se sotmet a "
            "informació pública i audiència de les persones interessades durant trenta dies "
            "hàbils."
        )
    else:
        title = f"Pla de tala i replantació d'arbrat al {street}"
        body = (
            f"Es retiraran {rng.randint(3, 40)} arbres malalts o que aixequen el paviment al "
            f"{street} i se'n plantaran de nous d'espècies adaptades a la sequera."
        )
    legal = (
        "Llei 20/2009, del 4 de desembre, de prevenció i control ambiental de les activitats. "
        f"{INFO_PUBLICA}"
    )
    return title, [body, legal], "medi-ambient", "MA", ("Edicte",)


def altres_administracions(rng, day):
    organisation, subject = rng.choice(ORGANISATIONS), rng.choice(FOREIGN_SUBJECTS)
    title = f"Anunci de {organisation} sobre {subject}"
    body = (
        f"A petició de {organisation}, es publica en aquest tauler l'anunci sobre {subject}, "
        "perquè en tinguin coneixement les persones interessades. L'anunci sencer és el "
        "document adjunt."
    )
    return title, [body], "secretaria-general", "SEC", ("Anunci",)


def subvencions(rng, day):
    purpose = rng.choice(PURPOSES)
    kind = rng.randrange(3)
    if kind == 0:
        title = f"Bases específiques de les subvencions per a {purpose} de l'any {day.year}"
    elif kind == 1:
        title = f"Resolució provisional de les subvencions per a {purpose}"
    else:
        title = f"Convocatòria d'ajuts per a {purpose}"
    body = (
        f"L'import total destinat a aquesta convocatòria és de {euros(rng.randint(10, 400) * 1000)}. "
        "Les sol·licituds es presenten per la seu electrònica, amb el tràmit de sol·licitud de "
        "subvencions, en el termini de vint dies hàbils."
    )
    legal = (
        "Llei 38/2003, de 17 de novembre, general de subvencions. L'extracte es publica a la Base "
        "de Dades Nacional de Subvencions."
    )
    department = rng.choice(("serveis-socials", "cultura", "educacio"))
    return title, [body, legal], department, "SUB", ("Bases", "Model de sol·licitud")


def ple(rng, day):
    kind = rng.randrange(3)
    if kind == 0:
        session = rng.choice(("ordinària", "extraordinària"))
        title = f"Convocatòria de la sessió {session} del Ple municipal {MONTHS[day.month - 1]}"
        body = (
            f"Es convoca el Ple municipal a la sessió {session} del {long_date(day)}, a les "
            "19 hores, a la sala de plens de l'Ajuntament, amb l'ordre del dia adjunt."
        )
    elif kind == 1:
        title = f"Aprovació definitiva del pressupost general per a l'exercici {day.year + 1}"
        body = (
            "Havent finalitzat el termini d'exposició pública sense reclamacions, el pressupost "
            "general queda aprovat definitivament; se'n publica el resum per capítols."
        )
    else:
        title = "Delegacions de l'alcaldia en els tinents d'alcaldia i regidors"
        body = (
            "Per decret de l'alcaldia es deleguen les competències de gestió de les àrees de "
            "govern, inclosa la d'urbanisme i habitatge, en els regidors que s'hi indiquen."
        )
    legal = (
        "Decret legislatiu 2/2003, de 28 d'abril, pel qual s'aprova el text refós de la Llei "
        "municipal i de règim local de Catalunya."
    )
    return title, [body, legal], "secretaria-general", "PLE", ("Edicte", "Ordre del dia")


def notificacions(rng, day):
    person, matter = initials(rng), rng.choice(MATTERS)
    kind = rng.randrange(3)
    if kind == 0:
        title = f"Notificació a {person} de la resolució d'un expedient sancionador de {matter}"
        department = "via-publica-i-mobilitat" if matter == "trànsit" else "secretaria-general"
    elif kind == 1:
        title = f"Notificació a {person} de la provisió de constrenyiment de deutes tributaris"
        department = "hisenda-i-tributs"
    else:
        title = f"Tràmit d'audiència a {person} en l'expedient de {matter}"
        department = "urbanisme" if matter == "disciplina urbanística" else "secretaria-general"
    body = (
        f"Persona interessada: {person}, amb document {masked_document(rng)}. Pot consultar el "
        "text íntegre de l'acte a l'Oficina d'Atenció Ciutadana o a la carpeta ciutadana de la "
        "seu electrònica, en el termini de deu dies hàbils."
    )
    return title, [body, NOTIFICACIO, RECURSOS], department, "NOT", ("Notificació",)


WRITERS = {
    "urbanisme": urbanisme,
    "padro-d-habitants": padro,
    "contractacio": contractacio,
    "recursos-humans": recursos_humans,
    "hisenda-i-tributs": hisenda,
    "medi-ambient": medi_ambient,
    "edictes-d-altres-administracions": altres_administracions,
    "subvencions": subvencions,
    "ple-municipal": ple,
    "notificacions": notificacions,
}


# --- Generating ----------------------------------------------------------------------


class Refused(Exception):
    """The database is not one this mode may fill; the message says why."""


def require_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        raise Refused(
            f"the database is {connection.vendor}, not PostgreSQL: the notices mode measures "
            "PostgreSQL's full-text search and its GIN index"
        )


def shared_pdf():
    """(name, sha256, size) of the one small PDF every generated document points to."""
    import hashlib
    from io import BytesIO

    from django.core.files.base import ContentFile
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from documents.storage import private_storage

    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle("Edicte (document de prova del banc de proves)")
    pdf.drawString(72, 770, "Ajuntament de Mollet del Vallès")
    pdf.drawString(72, 740, "Document de prova del banc de proves del tauler d'anuncis")
    pdf.save()
    content = buffer.getvalue()
    name = private_storage().save("tauler/bench/edicte.pdf", ContentFile(content))
    return name, hashlib.sha256(content).hexdigest(), len(content)


def ensure_rows():
    """The categories, departments and publishing user, found or created."""
    from accounts.models import User
    from corporativa.models import Department
    from tauler.models import Category

    categories = {}
    for order, (slug, name) in enumerate(CATEGORIES):
        categories[slug] = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )[0]
    departments = {}
    for slug, name in DEPARTMENTS:
        departments[slug] = (
            Department.objects.filter(slug=slug).first()
            or Department.objects.filter(name=name).first()
            or Department.objects.create(slug=slug, name=name)
        )
    publisher = User.objects.filter(email="tauler-bench@mollet.example").first()
    if publisher is None:
        publisher = User.objects.create_user(
            "tauler-bench@mollet.example", full_name="Banc de proves del tauler", is_staff=True
        )
    return categories, departments, publisher


def business_days_between(calendar, first, last):
    days, day = [], first
    while day <= last:
        if calendar.is_business_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def period_data(start_at, end_at, business_days, permanent):
    """What tauler.services._period_data states about a period."""
    from datetime import UTC

    return {
        "start": start_at.astimezone(UTC).isoformat(),
        "end": end_at.isoformat() if end_at else None,
        "business_days": business_days,
        "permanent": permanent,
    }


def plan_notices(count, rng, now):
    """Plain dicts, one per notice, with what happens to each and when."""
    from django.utils import timezone

    from corporativa.business_days import OFFICIAL_TZ, BusinessCalendar

    calendar = BusinessCalendar()
    today = timezone.localtime(now, OFFICIAL_TZ).date()
    past = business_days_between(calendar, today - timedelta(days=365 * YEARS_BACK), today)
    future = business_days_between(calendar, today + timedelta(days=1), today + timedelta(days=20))
    categories = list(CATEGORY_WEIGHTS)
    weights = list(CATEGORY_WEIGHTS.values())

    def moment(day, hour, minute):
        return datetime.combine(day, clock(hour, minute), tzinfo=OFFICIAL_TZ)

    def end_of(start_day, days):
        # As tauler.services.end_of_period: down at 00:00 after the last business day.
        last = calendar.add_business_days(start_day, days)
        return timezone.make_aware(datetime.combine(last + timedelta(days=1), clock.min))

    plans = []
    for _ in range(count):
        scheduled = rng.random() < 0.003
        start_day = rng.choice(future if scheduled else past)
        start_at = moment(start_day, rng.randint(8, 13), rng.randrange(0, 60, 5))
        if scheduled:
            published_at = now - timedelta(minutes=rng.randint(10, 48 * 60))
        else:
            published_at = start_at - timedelta(minutes=rng.randint(5, 240))
        permanent = rng.random() < 0.005
        days = None if permanent else rng.choice((10, 10, 15, 20, 20, 20, 30, 45, 60))
        end_at = None if permanent else end_of(start_day, days)
        category = rng.choices(categories, weights)[0]
        title, paragraphs, department, code, documents = WRITERS[category](rng, start_day)
        plan = {
            "category": category,
            "department": department,
            "title": title[:300],
            "paragraphs": paragraphs,
            "case_reference": f"{start_day.year}/{rng.randint(1, 4800):04d}-{code}",
            "documents": documents,
            "start_at": start_at,
            "published_at": published_at,
            "permanent": permanent,
            "days": days,
            "end_at": end_at,
            "published_period": period_data(start_at, end_at, days, permanent),
            "extended": None,
            "cancelled": None,
            "finished_at": None,
            "pinned": False,
            "day": start_day,
        }
        draw = rng.random()
        if not scheduled and not permanent and draw < 0.03:
            # Cancelled some business days into its period, at noon, before its end and now.
            index = past.index(start_day) + rng.randint(0, max(0, days - 2))
            if index < len(past):
                cancelled_at = moment(past[index], 12, rng.randrange(0, 60, 5))
                if start_at < cancelled_at < min(end_at, now):
                    plan["cancelled"] = (cancelled_at, rng.choice(CANCEL_REASONS))
        elif not scheduled and not permanent and draw < 0.05:
            # Extended during its period by ten or twenty business days.
            index = past.index(start_day) + rng.randint(1, days - 1)
            if index < len(past):
                extended_at = moment(past[index], 10, rng.randrange(0, 60, 5))
                if start_at < extended_at < min(end_at, now):
                    longer = days + rng.choice((10, 20))
                    plan["extended"] = (extended_at, longer)
                    plan["days"], plan["end_at"] = longer, end_of(start_day, longer)
        if plan["cancelled"] is None and plan["end_at"] is not None and plan["end_at"] <= now:
            # The end recorded by tauler_close, run by cron a few minutes after midnight.
            recorded = plan["end_at"] + timedelta(minutes=rng.randint(1, 30))
            if recorded <= now:
                plan["finished_at"] = recorded
        on_display = (
            start_at <= now
            and plan["cancelled"] is None
            and (plan["end_at"] is None or plan["end_at"] > now)
        )
        plan["pinned"] = on_display and rng.random() < 0.02
        plans.append(plan)
    return plans


def closing(rng, day):
    return f"Mollet del Vallès, {long_date(day)}\n{rng.choice(SIGNATORIES)}"


def generate(count):
    from django.db import connection, transaction
    from django.db.models import F, Value
    from django.utils import timezone

    from corporativa.models import NumberSeries, YearlyCounter
    from tauler.choices import LogEvent
    from tauler.models import Notice, NoticeDocument, PublicationLogEntry
    from tauler.services import GENESIS_HASH

    require_postgresql()
    existing = Notice.objects.count()
    entries = PublicationLogEntry.objects.count()
    if existing == count:
        return {"created": 0, "reused": True, "seconds": 0.0, "log_entries": entries}
    if existing or entries:
        raise Refused(
            f"the database already holds {existing} notices and {entries} log entries, not "
            f"{count}: the publication log is append-only, so give the notices mode a new "
            "database (DROP DATABASE and CREATE DATABASE) or one it filled with the same N"
        )

    started = time.monotonic()
    rng = random.Random(SEED)
    now = timezone.now()
    plans = plan_notices(count, rng, now)
    # Numbers are given in the order of publication, per year of publication.
    plans.sort(key=lambda plan: plan["published_at"])

    with transaction.atomic():
        categories, departments, publisher = ensure_rows()
        document_name, document_sha256, document_size = shared_pdf()
        counters = {}
        notices = []
        for plan in plans:
            year = timezone.localtime(plan["published_at"]).year
            counters[year] = counters.get(year, 0) + 1
            cancelled = plan["cancelled"]
            notices.append(
                Notice(
                    number=f"{year}/{counters[year]:06d}",
                    year=year,
                    sequence=counters[year],
                    title=plan["title"],
                    text="\n".join([*plan["paragraphs"], closing(rng, plan["day"])]),
                    category=categories[plan["category"]],
                    department=departments[plan["department"]],
                    case_reference=plan["case_reference"],
                    start_at=plan["start_at"],
                    period_business_days=plan["days"],
                    is_permanent=plan["permanent"],
                    end_at=plan["end_at"],
                    is_pinned=plan["pinned"],
                    published_at=plan["published_at"],
                    published_by=publisher,
                    cancelled_at=cancelled[0] if cancelled else None,
                    cancel_reason=cancelled[1] if cancelled else "",
                    finished_logged_at=plan["finished_at"],
                )
            )
        Notice.objects.bulk_create(notices, batch_size=1000)
        # created_at is auto_now_add: date each draft a few hours before its publication
        # (the database held no notice before, so all of them are these).
        Notice.objects.update(created_at=F("published_at") - Value(timedelta(hours=3)))

        documents = []
        for notice, plan in zip(notices, plans, strict=True):
            plan["document_data"] = []
            for order, title in enumerate(plan["documents"]):
                documents.append(
                    NoticeDocument(
                        notice=notice,
                        order=order,
                        title=title,
                        file=document_name,
                        sha256=document_sha256,
                        size=document_size,
                    )
                )
                plan["document_data"].append(
                    {"title": title, "sha256": document_sha256, "size": document_size}
                )
        NoticeDocument.objects.bulk_create(documents, batch_size=2000)

        # The events in the order they happened; a tie keeps publication first.
        events = []
        for index, (notice, plan) in enumerate(zip(notices, plans, strict=True)):
            data = {
                **plan["published_period"],
                "title": notice.title,
                "documents": plan["document_data"],
            }
            events.append((plan["published_at"], 0, index, LogEvent.PUBLISHED, notice, data))
            if plan["extended"]:
                extended_at, longer = plan["extended"]
                to = period_data(notice.start_at, notice.end_at, longer, False)
                data = {"from": plan["published_period"], "to": to}
                events.append((extended_at, 1, index, LogEvent.EXTENDED, notice, data))
            if plan["cancelled"]:
                data = {"reason": notice.cancel_reason}
                events.append((notice.cancelled_at, 2, index, LogEvent.CANCELLED, notice, data))
            if plan["finished_at"]:
                data = period_data(
                    notice.start_at, notice.end_at, notice.period_business_days, False
                )
                # Recorded when cron saw it, dated at the end of the period.
                events.append((plan["finished_at"], 3, index, LogEvent.FINISHED, notice, data))
        events.sort(key=lambda event: event[:3])

        entries, previous = [], GENESIS_HASH
        for sequence, (recorded, _kind, _index, event, notice, data) in enumerate(events, 1):
            entry = PublicationLogEntry(
                sequence=sequence,
                event=event,
                notice=notice,
                notice_number=notice.number,
                at=notice.end_at if event == LogEvent.FINISHED else recorded,
                data=data,
                previous_hash=previous,
            )
            entry.hash = entry.compute_hash()
            previous = entry.hash
            entries.append(entry)
        PublicationLogEntry.objects.bulk_create(entries, batch_size=2000)

        for year, last in counters.items():
            YearlyCounter.objects.update_or_create(
                series=NumberSeries.NOTICES, year=year, defaults={"last_number": last}
            )
    written = time.monotonic() - started

    analyze_started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "created": len(notices),
        "reused": False,
        "seconds": round(written, 1),
        "analyze_seconds": round(time.monotonic() - analyze_started, 1),
        "documents": len(documents),
        "log_entries": len(entries),
        "years": dict(sorted(counters.items())),
    }


# --- Inspecting ----------------------------------------------------------------------


def search_query(word, *, at):
    """The archive's search as tauler.views.archive runs it: public notices with their
    category and department, through tauler.search, best first; its first page."""
    from tauler.models import Notice
    from tauler.search import notices_matching

    return notices_matching(Notice.objects.public(at=at).with_list_data(), word)


def execution_ms(plan):
    match = re.search(r"^Execution Time: ([\d.]+) ms", plan, re.MULTILINE)
    return float(match.group(1)) if match else None


def explain_search(word, *, at):
    """EXPLAIN ANALYZE of the first page of a search, and what it shows."""
    from django.db import connection, transaction

    search = search_query(word, at=at)
    first_page = search[:PAGE_SIZE]
    plan = first_page.explain(analyze=True, buffers=True)
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        list(first_page.all())
        timings.append((time.perf_counter() - started) * 1000)
    result = {
        "word": word,
        "matching": search.count(),
        "gin_index_used": SEARCH_INDEX in plan,
        "execution_ms": execution_ms(plan),
        "query_ms": round(min(timings), 1),
        "plan": plan,
    }
    if not result["gin_index_used"]:
        # Could it use the index at all? Ask again with sequential scans priced out.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            forced = first_page.all().explain(analyze=True)
        result["forced"] = {
            "gin_index_used": SEARCH_INDEX in forced,
            "execution_ms": execution_ms(forced),
            "plan": forced,
        }
    return result


def inspect():
    from django.db import connection
    from django.utils import timezone

    from tauler.models import Notice, PublicationLogEntry

    require_postgresql()
    at = timezone.now()
    word = bench_pages.NOTICE_SEARCH_WORD
    searches = [explain_search(word, at=at), explain_search(RARE_WORD, at=at)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s))", [SEARCH_INDEX])
        index_size = cursor.fetchone()[0]
    public = Notice.objects.public(at=at)
    states = {
        "total": Notice.objects.count(),
        "on_display": Notice.objects.on_display(at=at).count(),
        "finished": Notice.objects.finished(at=at).count(),
        "cancelled": Notice.objects.cancelled().count(),
        "scheduled": Notice.objects.scheduled(at=at).count(),
        "public": public.count(),
        "log_entries": PublicationLogEntry.objects.count(),
    }
    return {
        "states": states,
        # How many notices each page of bench/pages.py NOTICE_PAGES lists, all its pages.
        "rows": {
            "notice board": states["on_display"],
            "notice search": searches[0]["matching"],
            "notice archive": states["public"],
            "notice": 1,
            "notices API": states["public"],
        },
        "search_sql": str(search_query(word, at=at)[:PAGE_SIZE].query),
        "searches": searches,
        "index": SEARCH_INDEX,
        "index_size": index_size,
    }


def main(argv):
    if (
        not argv
        or argv[0] not in ("generate", "inspect")
        or (argv[0] == "generate") != (len(argv) == 2)
    ):
        sys.stderr.write("usage: bench/notices.py generate N | bench/notices.py inspect\n")
        return 2
    djangoenv.setup()
    try:
        result = generate(int(argv[1])) if argv[0] == "generate" else inspect()
    except Refused as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    json.dump(result, sys.stdout, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
