"""The texts of the corporate information demo (Mollet del Vallès; fictional people).

Written for this demo: the people, groups, acts and references are invented,
though the kinds of thing and the way a Catalan council words them are real.
"""

from datetime import date

DEMO_NOTE = "Dades de demostració de la seu electrònica."

COUNCIL = {
    "name": "Ajuntament de Mollet del Vallès",
    "tax_id": "P0812400J",
    "address": "Plaça Major, 1",
    "postcode": "08100",
    "town": "Mollet del Vallès",
    "phone": "93 571 95 00",
    "email": "oac@mollet.example",
    "dpo_email": "dpd@mollet.example",
    "website": "https://www.mollet.example/",
    "act_title": "Decret d'Alcaldia 2010/0412, de creació de la seu electrònica de l'Ajuntament",
    "act_date": date(2010, 4, 19),
    "act_bulletin": "BOPB, 6 de maig de 2010 (dades de demostració)",
    "act_url": "",
    "act_summary": (
        "El decret crea la seu electrònica de l'Ajuntament de Mollet del Vallès com a adreça "
        "electrònica oficial on l'Ajuntament es relaciona amb la ciutadania i publica els "
        "actes que s'han de fer públics per mitjans electrònics.\n"
        "En fixa la titularitat a l'Ajuntament, n'assigna la gestió a la Secretaria General, "
        "amb el suport tècnic del servei d'Organització i Sistemes, i estableix que la data i "
        "l'hora oficials de la seu són les de la zona horària peninsular.\n"
        "També disposa que la seu contingui el registre electrònic, el tauler d'anuncis, el "
        "catàleg de tràmits, el calendari de dies inhàbils i la relació de sistemes "
        "d'identificació i signatura admesos."
    ),
}

# key, name, short name, order
GROUPS = [
    ("amm", "Acord Municipal de Mollet", "AMM", 1),
    ("me", "Mollet Endavant", "ME", 2),
    ("gdm", "Gent de Mollet", "GdM", 3),
    ("av", "Alternativa Verda", "AV", 4),
    ("vim", "Veïns Independents de Mollet", "VIM", 5),
]

TERM_START = date(2023, 6, 17)

# name, group key, role, deputy order, areas (one per line), email user
PEOPLE = [
    ("Núria Casals Ribera", "amm", "mayor", None, "Alcaldia\nSeguretat Ciutadana", "alcaldia"),
    ("Jordi Vilaró Pujades", "amm", "deputy_mayor", 1, "Hisenda\nOrganització", "jvilaro"),
    ("Montserrat Ferrer Oliva", "amm", "deputy_mayor", 2, "Serveis Socials\nGent Gran", "mferrer"),
    ("Arnau Sabaté Costa", "vim", "deputy_mayor", 3, "Urbanisme\nHabitatge", "asabate"),
    ("Laia Domènech Bosch", "amm", "deputy_mayor", 4, "Educació\nInfància", "ldomenech"),
    ("Pere Miralles Soler", "amm", "deputy_mayor", 5, "Via Pública\nMobilitat", "pmiralles"),
    ("Clara Vidal Roca", "vim", "deputy_mayor", 6, "Medi Ambient\nSostenibilitat", "cvidal"),
    ("Oriol Grau Martí", "amm", "councillor", None, "Esports", "ograu"),
    ("Marina Puigdollers Camps", "amm", "councillor", None, "Cultura\nFestes", "mpuigdollers"),
    ("Xavier Bertran Ros", "amm", "councillor", None, "Promoció Econòmica\nComerç", "xbertran"),
    ("Sílvia Ortega Llobet", "amm", "councillor", None, "Participació Ciutadana", "sortega"),
    ("Ramon Castells Font", "me", "councillor", None, "", "rcastells"),
    ("Elena Segura Prat", "me", "councillor", None, "", "esegura"),
    ("David Rovira Sala", "me", "councillor", None, "", "drovira"),
    ("Judit Cervera Mas", "me", "councillor", None, "", "jcervera"),
    ("Albert Noguera Pons", "me", "councillor", None, "", "anoguera"),
    ("Gemma Planas Riera", "gdm", "councillor", None, "", "gplanas"),
    ("Marc Torrents Gil", "gdm", "councillor", None, "", "mtorrents"),
    ("Anna Coll Serra", "gdm", "councillor", None, "", "acoll"),
    ("Toni Esteve Parera", "av", "councillor", None, "", "testeve"),
    ("Irene Mateu Badia", "av", "councillor", None, "", "imateu"),
]

# slug, name, kind, summary, description, order, members ("all", "government" or names)
BODIES = [
    (
        "ple",
        "Ple de l'Ajuntament",
        "plenary",
        "L'òrgan de màxima representació: totes les regidores i regidors, presidits per "
        "l'alcaldessa.",
        "El Ple aprova les ordenances i els reglaments, el pressupost, el planejament "
        "urbanístic i les grans decisions del municipi, i controla l'acció del govern.\n"
        "Es reuneix en sessió ordinària l'últim dijous de cada mes a les set de la tarda, a "
        "la sala de plens, i les sessions són públiques: es poden seguir en directe.",
        1,
        "all",
    ),
    (
        "junta-de-govern-local",
        "Junta de Govern Local",
        "governing_board",
        "L'alcaldessa i els tinents i tinentes d'alcalde: assisteix l'Alcaldia i resol els "
        "assumptes que aquesta o el Ple li deleguen.",
        "La Junta de Govern Local aprova, per delegació, llicències d'obres majors, "
        "contractes, subvencions i convenis, i els projectes d'obres.\n"
        "Es reuneix en sessió ordinària dimarts alterns al matí. Les sessions no són "
        "públiques, però se'n publiquen l'ordre del dia i l'acta, sense dades personals.",
        2,
        "government",
    ),
    (
        "comissio-serveis-persones",
        "Comissió Informativa de Serveis a les Persones",
        "commission",
        "Estudia i dictamina els assumptes de serveis socials, educació, cultura, esports i "
        "salut abans que vagin al Ple.",
        "Hi són representats tots els grups municipals en proporció als seus regidors. Es "
        "reuneix la setmana abans de cada Ple ordinari.",
        3,
        [
            "Montserrat Ferrer Oliva",
            "Laia Domènech Bosch",
            "Oriol Grau Martí",
            "Marina Puigdollers Camps",
            "Elena Segura Prat",
            "Judit Cervera Mas",
            "Anna Coll Serra",
            "Irene Mateu Badia",
        ],
    ),
    (
        "comissio-territori-economia",
        "Comissió Informativa de Territori i Economia",
        "commission",
        "Estudia i dictamina els assumptes d'urbanisme, via pública, medi ambient, hisenda i "
        "promoció econòmica abans que vagin al Ple.",
        "Hi són representats tots els grups municipals en proporció als seus regidors. Es "
        "reuneix la setmana abans de cada Ple ordinari.",
        4,
        [
            "Jordi Vilaró Pujades",
            "Arnau Sabaté Costa",
            "Pere Miralles Soler",
            "Clara Vidal Roca",
            "Ramon Castells Font",
            "David Rovira Sala",
            "Marc Torrents Gil",
            "Toni Esteve Parera",
        ],
    ),
]

# Agenda items the demo draws from, per kind of body.
AGENDA_ITEMS = {
    "plenary": [
        "Aprovació de l'acta de la sessió anterior.",
        "Donar compte dels decrets de l'Alcaldia.",
        "Aprovació inicial de la modificació de l'Ordenança fiscal de la taxa de residus.",
        "Aprovació del reconeixement extrajudicial de crèdits.",
        "Moció dels grups municipals sobre el manteniment dels parcs infantils.",
        "Aprovació del conveni amb el Consell Comarcal per al transport escolar.",
        "Dictamen sobre el compte general de l'exercici anterior.",
        "Precs i preguntes.",
    ],
    "governing_board": [
        "Aprovació de l'acta de la sessió anterior.",
        "Concessió de llicències d'obres majors.",
        "Adjudicació del contracte de manteniment de l'enllumenat públic.",
        "Aprovació de les bases de subvencions a entitats esportives.",
        "Aprovació de certificacions d'obra.",
        "Assumptes sobrevinguts.",
    ],
    "commission": [
        "Aprovació de l'acta de la sessió anterior.",
        "Dictamen de les propostes que s'elevaran al Ple.",
        "Informació de l'àrea sobre l'estat dels projectes en curs.",
        "Precs i preguntes.",
    ],
}

# Departments: slug -> name, summary, description, services, head, councillor, offices
DEPARTMENTS = {
    "oac": (
        "Oficina d'Atenció Ciutadana",
        "La porta d'entrada a l'Ajuntament: informació, registre i tràmits en un sol lloc.",
        "L'OAC informa sobre qualsevol servei municipal, registra escrits i sol·licituds, fa "
        "els tràmits del padró i ajuda a fer tràmits en línia a qui ho necessita.",
        "Informació general\nRegistre d'entrada\nPadró d'habitants\nAjuda per fer tràmits "
        "en línia\nCita prèvia",
        "Cap de l'OAC",
        "Sílvia Ortega Llobet",
        ["oac"],
    ),
    "padro": (
        "Padró d'Habitants",
        "Altes, canvis de domicili i certificats del padró municipal.",
        "Gestiona el padró municipal d'habitants, el registre on consten les persones que "
        "viuen al municipi, i n'emet els certificats i volants.",
        "Altes i canvis de domicili\nCertificats i volants d'empadronament\nRenovació de "
        "l'inscripció de persones estrangeres",
        "",
        "Jordi Vilaró Pujades",
        ["oac"],
    ),
    "urbanisme": (
        "Urbanisme",
        "Llicències d'obres, planejament i disciplina urbanística.",
        "Tramita les llicències i comunicacions d'obres, informa sobre el planejament vigent "
        "i vetlla perquè les obres s'ajustin a la llei.",
        "Llicències d'obres majors\nComunicacions prèvies d'obres\nInformació urbanística\n"
        "Cèdules d'habitabilitat (informes municipals)",
        "Arquitecta municipal en cap",
        "Arnau Sabaté Costa",
        ["oficina-habitatge"],
    ),
    "hisenda-i-tributs": (
        "Hisenda i Tributs",
        "Impostos, taxes, bonificacions i pagaments a l'Ajuntament.",
        "Gestiona els tributs municipals, el calendari fiscal, les bonificacions i els "
        "fraccionaments de pagament.",
        "Calendari fiscal\nBonificacions de l'IBI\nFraccionament i ajornament de deutes\n"
        "Domiciliacions",
        "Tresorer municipal",
        "Jordi Vilaró Pujades",
        ["oac"],
    ),
    "serveis-socials": (
        "Serveis Socials",
        "Atenció a persones i famílies en situació de vulnerabilitat.",
        "Els serveis socials bàsics acompanyen persones i famílies, tramiten ajuts i "
        "coordinen l'atenció a la dependència i a la gent gran.",
        "Primera acollida i orientació\nAjuts d'urgència social\nServei d'atenció domiciliària"
        "\nTeleassistència",
        "Directora de Serveis Socials",
        "Montserrat Ferrer Oliva",
        ["serveis-socials"],
    ),
    "via-publica-i-mobilitat": (
        "Via Pública i Mobilitat",
        "Ocupació de la via pública, guals, aparcament i mobilitat.",
        "Autoritza l'ús de carrers i places, gestiona els guals i les zones d'aparcament i "
        "planifica la mobilitat del municipi.",
        "Guals\nOcupació de la via pública\nTargetes d'aparcament\nSenyalització",
        "",
        "Pere Miralles Soler",
        ["oac"],
    ),
    "medi-ambient": (
        "Medi Ambient",
        "Residus, espais verds, soroll i animals de companyia.",
        "Organitza la recollida de residus, cuida els parcs i els espais naturals com la "
        "Riera de Caldes i el riu Besòs, i vetlla per la qualitat ambiental.",
        "Recollida de voluminosos\nDeixalleria\nCens d'animals de companyia\nQueixes per soroll",
        "",
        "Clara Vidal Roca",
        ["oac"],
    ),
    "educacio": (
        "Educació",
        "Escoles bressol, preinscripcions i activitats educatives.",
        "Coordina la preinscripció escolar, gestiona les escoles bressol municipals i "
        "impulsa activitats educatives a la ciutat.",
        "Escoles bressol municipals\nOficina municipal d'escolarització\nBeques de menjador",
        "",
        "Laia Domènech Bosch",
        ["oac"],
    ),
    "cultura": (
        "Cultura",
        "Equipaments culturals, festes i suport a les entitats.",
        "Programa les activitats culturals, organitza la Festa Major i dona suport a les "
        "entitats culturals del municipi.",
        "Festa Major\nCessió d'espais\nSubvencions a entitats culturals",
        "",
        "Marina Puigdollers Camps",
        [],
    ),
    "secretaria-general": (
        "Secretaria General",
        "Fe pública, òrgans de govern i registre general.",
        "Dona fe dels acords, prepara les sessions del Ple i de la Junta de Govern Local, i "
        "custodia les actes i els llibres de resolucions.",
        "Actes i certificats d'acords\nRegistre d'interessos\nGestió de la seu electrònica",
        "Secretària general",
        "Núria Casals Ribera",
        ["oac"],
    ),
}

# slug, name, summary, address, directions, phone, email, accessibility, order,
# regular hours [(weekdays, opens, closes)], special periods
OFFICES = [
    {
        "slug": "oac",
        "name": "Oficina d'Atenció Ciutadana (OAC)",
        "summary": "Informació, registre, padró i ajuda amb els tràmits en línia.",
        "address": "Plaça Major, 1, 08100 Mollet del Vallès",
        "directions": (
            "A la planta baixa de l'edifici de l'Ajuntament, amb entrada per la plaça Major.\n"
            "Tren: estació de Mollet-Sant Fost (R2 Nord), a deu minuts a peu. Autobús: línies "
            "urbanes 1 i 2, parada Plaça Major."
        ),
        "phone": "93 571 95 00",
        "email": "oac@mollet.example",
        "accessibility": (
            "Entrada sense graons i porta automàtica. Taulell baix per a persones en cadira "
            "de rodes i bucle magnètic al taulell 3. Lavabo adaptat a la planta baixa."
        ),
        "order": 1,
        "hours": [
            ((0, 1, 2, 3, 4), "08:30", "14:30"),
            ((1, 3), "16:00", "19:00"),
        ],
        "special": [
            ("Horari d'estiu", (7, 1), (8, 31), False, [((0, 1, 2, 3, 4), "08:30", "14:00")]),
            ("Horari de Nadal", (12, 24), (12, 24), False, [((0, 1, 2, 3, 4), "09:00", "13:00")]),
            ("Horari de Nadal", (12, 31), (12, 31), False, [((0, 1, 2, 3, 4), "09:00", "13:00")]),
        ],
    },
    {
        "slug": "serveis-socials",
        "name": "Centre de Serveis Socials",
        "summary": "Atenció social bàsica, amb cita prèvia.",
        "address": "Carrer de Sant Vicenç, 28, 08100 Mollet del Vallès",
        "directions": "Al costat del mercat municipal. Autobús: línia urbana 2, parada Mercat.",
        "phone": "93 571 95 40",
        "email": "serveissocials@mollet.example",
        "accessibility": "Accés a peu pla i ascensor a totes les plantes.",
        "order": 2,
        "hours": [((0, 1, 2, 3, 4), "09:00", "14:00"), ((0,), "16:00", "18:30")],
        "special": [
            ("Horari d'estiu", (7, 15), (8, 31), False, [((0, 1, 2, 3, 4), "09:00", "13:30")])
        ],
    },
    {
        "slug": "oficina-habitatge",
        "name": "Oficina Local d'Habitatge",
        "summary": "Ajuts al lloguer, borsa d'habitatge i informació urbanística.",
        "address": "Carrer de Berenguer III, 60, 08100 Mollet del Vallès",
        "directions": "A l'edifici de serveis tècnics, primera planta.",
        "phone": "93 571 95 25",
        "email": "habitatge@mollet.example",
        "accessibility": "Ascensor des del vestíbul. No hi ha lavabo adaptat.",
        "order": 3,
        "hours": [((0, 2, 4), "09:00", "13:30")],
        "special": [("Tancada per vacances", (8, 1), (8, 21), True, [])],
    },
    {
        "slug": "oficina-empresa",
        "name": "Oficina d'Atenció a l'Empresa",
        "summary": "Activitats econòmiques, comerç i suport a les persones emprenedores.",
        "address": "Carrer de Gallecs, 1, 08100 Mollet del Vallès",
        "directions": "Al centre d'empreses municipal, planta baixa.",
        "phone": "93 571 95 90",
        "email": "empresa@mollet.example",
        "accessibility": "Accés a peu pla. Aparcament reservat davant de l'entrada.",
        "order": 4,
        "hours": [((0, 1, 2, 3), "09:00", "14:00"), ((4,), "09:00", "13:00")],
        "special": [],
    },
]

# slug, title, kind, summary, approved, published, bulletin, repealed (date, by slug or note)
REGULATIONS = [
    ("ordenanca-civisme", "Ordenança de civisme i convivència", "ordinance",
     "Regula l'ús dels espais públics, el soroll als carrers, la brutícia i les conductes que "
     "pertorben la convivència, i en fixa les sancions.",
     date(2019, 3, 28), date(2019, 5, 14), "BOPB, 14/05/2019", None),
    ("ordenanca-civisme-2008", "Ordenança de convivència ciutadana (2008)", "ordinance",
     "Primera ordenança de convivència del municipi, substituïda per l'ordenança de civisme "
     "vigent.",
     date(2008, 6, 26), date(2008, 9, 3), "BOPB, 03/09/2008", (date(2019, 5, 15), "ordenanca-civisme")),
    ("ordenanca-fiscal-ibi", "Ordenança fiscal núm. 1. Impost sobre béns immobles", "tax_ordinance",
     "Fixa el tipus de gravamen de l'IBI, les bonificacions per a famílies nombroses i per "
     "instal·lacions d'energia solar, i el calendari de pagament.",
     date(2024, 10, 31), date(2024, 12, 23), "BOPB, 23/12/2024", None),
    ("ordenanca-fiscal-residus", "Ordenança fiscal núm. 12. Taxa de recollida de residus", "tax_ordinance",
     "Regula la taxa de recollida i tractament de residus domèstics i les reduccions per a "
     "qui fa servir la deixalleria.",
     date(2024, 10, 31), date(2024, 12, 23), "BOPB, 23/12/2024", None),
    ("ordenanca-fiscal-residus-2019", "Ordenança fiscal de la taxa de residus (2019)", "tax_ordinance",
     "Versió anterior de la taxa de residus, derogada per la nova ordenança fiscal núm. 12.",
     date(2018, 10, 25), date(2018, 12, 20), "BOPB, 20/12/2018", (date(2025, 1, 1), "ordenanca-fiscal-residus")),
    ("ordenanca-terrasses", "Ordenança reguladora de les terrasses", "ordinance",
     "Estableix on i com es poden instal·lar terrasses de bars i restaurants a la via pública, "
     "els horaris i el mobiliari permès.",
     date(2021, 2, 25), date(2021, 4, 7), "BOPB, 07/04/2021", None),
    ("ordenanca-animals", "Ordenança de tinença d'animals de companyia", "ordinance",
     "Regula el cens d'animals, les zones d'esbarjo per a gossos, la identificació amb "
     "microxip i les obligacions de les persones propietàries.",
     date(2022, 5, 26), date(2022, 7, 12), "BOPB, 12/07/2022", None),
    ("ordenanca-administracio-electronica", "Ordenança d'administració electrònica", "ordinance",
     "Regula la seu electrònica, el registre electrònic, les notificacions i els sistemes "
     "d'identificació que l'Ajuntament accepta.",
     date(2017, 1, 26), date(2017, 3, 2), "BOPB, 02/03/2017", None),
    ("reglament-organic-municipal", "Reglament orgànic municipal", "regulation",
     "Organitza el funcionament del Ple, la Junta de Govern Local, les comissions "
     "informatives i els grups municipals.",
     date(2020, 7, 30), date(2020, 10, 6), "BOPB, 06/10/2020", None),
    ("reglament-participacio", "Reglament de participació ciutadana", "regulation",
     "Regula els consells de barri, les consultes i els pressupostos participatius.",
     date(2023, 3, 30), date(2023, 5, 18), "BOPB, 18/05/2023", None),
    ("reglament-participacio-2005", "Reglament de participació ciutadana (2005)", "regulation",
     "Reglament anterior de participació, derogat pel reglament del 2023.",
     date(2005, 11, 24), date(2006, 2, 8), "BOPB, 08/02/2006", (date(2023, 5, 19), "reglament-participacio")),
    ("reglament-escoles-bressol", "Reglament de les escoles bressol municipals", "regulation",
     "Fixa els criteris d'admissió, el calendari, les quotes i el funcionament de les escoles "
     "bressol municipals.",
     date(2021, 12, 16), date(2022, 2, 10), "BOPB, 10/02/2022", None),
    ("pla-mobilitat-urbana", "Pla de mobilitat urbana 2022-2028", "plan",
     "Defineix la xarxa de carrils bici, les zones de vianants, l'aparcament i les mesures "
     "per reduir el trànsit i les emissions.",
     date(2022, 9, 29), date(2022, 11, 15), "BOPB, 15/11/2022", None),
    ("pla-accio-energia", "Pla d'acció per l'energia sostenible i el clima", "plan",
     "Recull les accions municipals per reduir les emissions i adaptar la ciutat a la calor "
     "i a la sequera.",
     date(2020, 11, 26), None, "", None),
    ("ordenanca-via-publica-2010", "Ordenança d'ocupació de la via pública (2010)", "ordinance",
     "Regulava les ocupacions de la via pública per obres i mudances; derogada per una "
     "disposició general de la Generalitat que regula la matèria.",
     date(2010, 5, 27), date(2010, 7, 21), "BOPB, 21/07/2010", (date(2024, 3, 1), "Derogada per l'Ordenança general de via pública aprovada pel Ple el 29/02/2024")),
]  # fmt: skip

# path (slash-separated), title, summary, body (Markdown), order
PAGES = [
    ("serveis-socials", "Serveis socials", "Com et poden ajudar els serveis socials municipals.",
     "Els serveis socials bàsics són la porta d'entrada a l'atenció social. Hi pots anar si "
     "travesses un moment difícil, si tens cura d'una persona gran o amb dependència, o si "
     "necessites orientació.\n\n## Com s'hi accedeix\n\nDemana cita prèvia per telèfon o a "
     "l'OAC. La primera entrevista serveix per entendre la teva situació i veure quins "
     "recursos hi ha.\n\n## Què cal portar\n\n- Document d'identitat\n- Volant "
     "d'empadronament\n- Documents sobre els ingressos de la llar, si en tens", 1),
    ("serveis-socials/ajudes", "Ajuts socials", "Ajuts d'urgència, de lloguer i de menjador.",
     "L'Ajuntament té diverses línies d'ajut. Les convocatòries obertes es publiquen a la "
     "secció de convocatòries.\n\n| Ajut | Per a qui | Quan |\n|---|---|---|\n| Urgència "
     "social | Famílies amb una necessitat immediata | Tot l'any |\n| Lloguer | Llars amb "
     "ingressos baixos | Convocatòria anual |\n| Menjador escolar | Alumnes de primària i ESO "
     "| Abans de començar el curs |", 1),
    ("serveis-socials/gent-gran", "Gent gran", "Teleassistència, casals i atenció domiciliària.",
     "Per a les persones grans que viuen soles o necessiten suport hi ha el servei de "
     "**teleassistència**, el **servei d'atenció domiciliària** i els casals de gent gran "
     "dels barris.", 2),
    ("habitatge", "Habitatge", "Borsa de lloguer, ajuts i informació.",
     "L'Oficina Local d'Habitatge informa sobre ajuts al lloguer, la borsa d'habitatge "
     "assequible i els drets de les persones llogateres.", 2),
    ("habitatge/borsa-lloguer", "Borsa de lloguer social", "Com oferir o trobar un pis de lloguer assequible.",
     "La borsa posa en contacte propietaris i llogaters amb garanties per a totes dues parts: "
     "assegurança de cobrament i mediació en cas de conflicte.", 1),
    ("medi-ambient", "Medi ambient i residus", "Recollida, deixalleria i espais verds.",
     "## Recollida de residus\n\nLa recollida es fa cada dia excepte el 25 de desembre. "
     "Els voluminosos es recullen el primer dimarts de cada mes: truca a l'OAC el dia "
     "abans.\n\n## Deixalleria\n\nLa deixalleria municipal és al polígon Can Prat.", 3),
    ("medi-ambient/gallecs", "L'espai rural de Gallecs", "Un espai agrari protegit a tocar de la ciutat.",
     "Gallecs és un espai rural protegit amb camins per caminar i anar amb bicicleta, "
     "masies i conreus ecològics. Respecta els camps i porta el gos lligat.", 1),
    ("participacio", "Participació ciutadana", "Consells de barri i pressupostos participatius.",
     "Cada any una part del pressupost d'inversions la decideix la ciutadania. Les "
     "propostes es presenten a la primavera i es voten a la tardor.", 4),
    ("transparencia", "Transparència", "On trobar la informació pública de l'Ajuntament.",
     "L'Ajuntament publica la informació que exigeix la Llei 19/2014 de transparència. "
     "També pots demanar informació pública mitjançant el tràmit de dret d'accés.", 5),
    ("transparencia/pressupost", "Pressupost municipal", "Ingressos i despeses de l'any.",
     "El pressupost s'aprova al Ple cada any, abans de l'1 de gener. Aquí en trobaràs un "
     "resum per àrees i l'enllaç al document complet.", 1),
]  # fmt: skip

# topic, order, [(question, answer)]
FAQS = [
    ("La seu electrònica", 1, [
        ("Què puc fer a la seu electrònica?",
         "Consultar com es fa cada tràmit i començar-lo en línia, seguir els teus tràmits, "
         "llegir el tauler d'anuncis oficial i consultar les convocatòries de feina i de "
         "subvencions."),
        ("La seu està oberta els caps de setmana?",
         "Sí. El registre electrònic està obert cada dia a qualsevol hora. El que presentes "
         "un dissabte, un diumenge o un festiu compta com a presentat a les 00.00 del dia "
         "hàbil següent."),
        ("Com comprovo que un document de l'Ajuntament és autèntic?",
         "Entra el codi segur de verificació (CSV) que porta el document a la pàgina "
         "**Verificar un document**: obtindràs l'original."),
    ]),
    ("Compte i identificació", 2, [
        ("Necessito un compte?",
         "Per llegir no. Per presentar un tràmit sí: un compte amb el teu correu verificat."),
        ("He oblidat la contrasenya",
         "A la pàgina d'entrada, tria «He oblidat la contrasenya» i t'enviarem un enllaç per "
         "triar-ne una de nova."),
        ("Puc entrar amb idCAT Mòbil o Cl@ve?",
         "Encara no. De moment la seu accepta comptes amb correu i contrasenya; idCAT i "
         "Cl@ve arribaran més endavant."),
    ]),
    ("Atenció presencial", 3, [
        ("Cal cita prèvia per anar a l'OAC?",
         "Per al padró i el registre, sí: la pots demanar per telèfon al 93 571 95 00. Per "
         "a informació general no cal."),
        ("L'OAC obre a l'estiu?",
         "Sí, de juliol a agost obre de dilluns a divendres de 8.30 a 14.00, sense horari de "
         "tarda."),
    ]),
]  # fmt: skip
