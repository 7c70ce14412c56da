"""The Catalan titles and texts of the notices that bench/notices.py generates.

Word lists, and one writer per category that puts a notice together from them
with the generator's random numbers: (title, paragraphs, department,
case-reference suffix, document titles). The same seed gives the same texts.
"""

from datetime import timedelta

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
