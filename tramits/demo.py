"""Demo content for the procedure catalogue: departments, topics and procedures.

The texts are council data, so they are in Catalan, like the council's own
catalogue would be. They describe plausible procedures of a Catalan town: the
laws cited are real, the fees, ordinance numbers and contact details are
examples to be replaced by the council's own.
"""

from datetime import date

from django.db import transaction
from django.db.models import Q

from corporativa.models import Department
from tramits.choices import DeadlineUnit, FieldKind, SilenceEffect
from tramits.models import Procedure, ProcedureField, Topic

DAYS = DeadlineUnit.BUSINESS_DAYS
MONTHS = DeadlineUnit.MONTHS
POSITIVE = SilenceEffect.POSITIVE
NEGATIVE = SilenceEffect.NEGATIVE
NO_SILENCE = SilenceEffect.NONE

# slug, name, email, phone
DEMO_DEPARTMENTS = [
    ("oac", "Oficina d'Atenció Ciutadana", "oac@mollet.example", "93 571 95 00"),
    ("padro", "Padró d'Habitants", "padro@mollet.example", "93 571 95 05"),
    ("urbanisme", "Urbanisme", "urbanisme@mollet.example", "93 571 95 20"),
    ("hisenda-i-tributs", "Hisenda i Tributs", "tributs@mollet.example", "93 571 95 30"),
    ("serveis-socials", "Serveis Socials", "serveissocials@mollet.example", "93 571 95 40"),
    (
        "via-publica-i-mobilitat",
        "Via Pública i Mobilitat",
        "viapublica@mollet.example",
        "93 571 95 50",
    ),
    ("medi-ambient", "Medi Ambient", "mediambient@mollet.example", "93 571 95 60"),
    ("esports", "Esports", "esports@mollet.example", "93 571 95 70"),
    ("educacio", "Educació", "educacio@mollet.example", "93 571 95 75"),
    ("cultura", "Cultura", "cultura@mollet.example", "93 571 95 80"),
    ("secretaria-general", "Secretaria General", "secretaria@mollet.example", "93 571 95 10"),
    (
        "participacio-ciutadana",
        "Participació Ciutadana",
        "participacio@mollet.example",
        "93 571 95 85",
    ),
]

# slug, name (in display order)
DEMO_TOPICS = [
    ("padro-i-poblacio", "Padró i població"),
    ("urbanisme-i-obres", "Urbanisme i obres"),
    ("tributs-i-taxes", "Tributs i taxes"),
    ("via-publica", "Via pública"),
    ("serveis-socials", "Serveis socials"),
    ("medi-ambient", "Medi ambient"),
    ("cultura-i-esports", "Cultura i esports"),
    ("educacio", "Educació"),
    ("queixes-i-suggeriments", "Queixes i suggeriments"),
    ("altres", "Altres"),
]

# Legal texts cited more than once.
LPAC = (
    "Llei 39/2015, d'1 d'octubre, del procediment administratiu comú de les "
    "administracions públiques."
)
LRBRL = "Llei 7/1985, de 2 d'abril, reguladora de les bases del règim local."
PADRO_LAW = (
    f"{LRBRL}\nReial decret 1690/1986, d'11 de juliol, pel qual s'aprova el Reglament de "
    "població i demarcació territorial de les entitats locals."
)
TRLUC = (
    "Decret legislatiu 1/2010, de 3 d'agost, pel qual s'aprova el text refós de la Llei "
    "d'urbanisme (de Catalunya)."
)
TRLRHL = (
    "Reial decret legislatiu 2/2004, de 5 de març, pel qual s'aprova el text refós de la Llei "
    "reguladora de les hisendes locals."
)
LGT = "Llei 58/2003, de 17 de desembre, general tributària."
PATRIMONI = (
    "Decret 336/1988, de 17 d'octubre, pel qual s'aprova el Reglament del patrimoni dels "
    "ens locals."
)
FEE_CERTIFICATE = (
    "Gratuït si el demanes en format electrònic.\n"
    "En paper: taxa de 2,60 € per certificat, segons l'ordenança fiscal 1.4, reguladora de la "
    "taxa per expedició de documents administratius."
)
ID_DOCUMENT = "DNI, NIE o passaport de la persona sol·licitant"


def field(name, label, kind=FieldKind.TEXT, *, required=True, help="", choices=(), **extra):
    """One question of a demo form; `extra` takes allowed_types and max_size_mb."""
    return {
        "name": name,
        "label": label,
        "kind": kind,
        "required": required,
        "help_text": help,
        "choices": "\n".join(choices),
        **extra,
    }


def file_field(name, label, *, types="pdf", size=10, required=True, help=""):
    return field(
        name,
        label,
        FieldKind.FILE,
        required=required,
        help=help,
        allowed_types=types,
        max_size_mb=size,
    )


ADDRESS = field("adreca", "Adreça", help="Carrer, número, pis i porta, tal com consta a la bústia.")
PHONE = field(
    "telefon",
    "Telèfon de contacte",
    FieldKind.PHONE,
    help="Només si vols que et truquem per aclarir algun dubte.",
    required=False,
)
IBAN = field(
    "iban",
    "Compte bancari (IBAN)",
    help="El compte ha d'estar a nom de la persona sol·licitant. Exemple: ES12 3456 7890 ...",
)
DELIVERY = field(
    "lliurament",
    "Com el vols rebre",
    FieldKind.CHOICE,
    choices=(
        "En format electrònic, a La meva carpeta",
        "En paper, per recollir a l'Oficina d'Atenció Ciutadana",
    ),
)


DEMO_PROCEDURES = [
    # --- Padró i població -------------------------------------------------------------
    {
        "slug": "certificat-empadronament",
        "title": "Certificat d'empadronament",
        "summary": (
            "Document oficial que acredita on vius i des de quan hi estàs empadronat o empadronada."
        ),
        "description": (
            "El certificat d'empadronament dona fe de les dades que consten al Padró "
            "municipal d'habitants: el domicili i la data d'alta. El demanen, per exemple, "
            "per a tràmits de nacionalitat, judicials o notarials.\n\n"
            "Si només necessites acreditar el domicili davant d'una altra administració, "
            "sovint n'hi ha prou amb un volant, o bé l'administració el pot consultar "
            "directament amb el teu consentiment."
        ),
        "topic": "padro-i-poblacio",
        "department": "padro",
        "who_can_apply": (
            "La persona empadronada, o el seu representant legal si és menor d'edat o no té "
            "capacitat per fer-ho. Una altra persona pot demanar-lo amb una autorització "
            "signada."
        ),
        "requirements": "Constar inscrit o inscrita al Padró d'habitants de Mollet del Vallès.",
        "documents": (
            "Autorització signada i còpia del document d'identitat de la persona "
            "empadronada, si el demana una altra persona"
        ),
        "fees": FEE_CERTIFICATE,
        "deadline": (5, DAYS),
        "silence": POSITIVE,
        "legal_basis": f"{PADRO_LAW}\nOrdenança fiscal 1.4, reguladora de la taxa per "
        "expedició de documents administratius.",
        "fields": [
            field(
                "motiu",
                "Per a què el necessites",
                FieldKind.CHOICE,
                choices=(
                    "Tràmits de nacionalitat o estrangeria",
                    "Tràmits judicials o notarials",
                    "Ajuts o beques",
                    "Un altre motiu",
                ),
            ),
            field(
                "persones",
                "Qui ha de sortir al certificat",
                FieldKind.CHOICE,
                choices=("Només jo", "Totes les persones empadronades al domicili"),
            ),
            DELIVERY,
        ],
    },
    {
        "slug": "alta-padro",
        "title": "Alta al Padró d'habitants",
        "summary": (
            "Inscripció al Padró quan veniu a viure a Mollet des d'un altre municipi o "
            "des de l'estranger."
        ),
        "description": (
            "Tota persona que viu a Espanya ha d'estar inscrita al padró del municipi on "
            "resideix habitualment. L'empadronament dona accés a serveis com l'assistència "
            "sanitària, l'escolarització o els ajuts municipals, i permet votar a les "
            "eleccions.\n\n"
            "No cal que demanis la baixa al municipi anterior: l'alta a Mollet la tramita "
            "d'ofici."
        ),
        "topic": "padro-i-poblacio",
        "department": "padro",
        "who_can_apply": (
            "Les persones majors d'edat que vénen a viure al municipi. Per als infants, "
            "ho fan el pare, la mare o la persona que en té la tutela."
        ),
        "requirements": (
            "Viure efectivament al domicili que s'indica.\n"
            "Si l'habitatge no és teu ni el tens llogat, la persona titular ha "
            "d'autoritzar l'empadronament."
        ),
        "documents": (
            "Document d'identitat vigent de cada persona que s'empadrona (DNI, NIE o "
            "passaport)\n"
            "Llibre de família o certificat de naixement dels menors\n"
            "Escriptura de propietat, contracte de lloguer o rebut recent d'un "
            "subministrament de l'habitatge\n"
            "Autorització de la persona titular de l'habitatge, si escau"
        ),
        "fees": "",
        "deadline": (3, MONTHS),
        "silence": POSITIVE,
        "legal_basis": PADRO_LAW,
        "fields": [
            ADDRESS,
            field(
                "procedencia",
                "D'on veniu",
                FieldKind.CHOICE,
                choices=(
                    "D'un altre municipi de Catalunya",
                    "D'un altre municipi de l'Estat",
                    "De l'estranger",
                ),
            ),
            field(
                "municipi-anterior",
                "Municipi i país on vivies abans",
                required=False,
            ),
            field(
                "nombre-persones",
                "Nombre de persones que s'empadronen",
                FieldKind.NUMBER,
                help="Inclou-t'hi tu també.",
            ),
            file_field(
                "documents-identitat",
                "Documents d'identitat de totes les persones",
                types="pdf,jpeg,png",
                help="Pots ajuntar-los en un sol PDF o fer-ne una foto.",
            ),
            file_field(
                "document-habitatge",
                "Document que acredita l'ús de l'habitatge",
                types="pdf,jpeg,png",
            ),
        ],
    },
    {
        "slug": "canvi-domicili-padro",
        "title": "Canvi de domicili dins de Mollet",
        "summary": "Actualització del Padró quan et traslladis a un altre habitatge del municipi.",
        "description": (
            "Si canvies de domicili sense sortir de Mollet del Vallès, has de comunicar-ho "
            "perquè el Padró reflecteixi on viviu. El canvi s'aplica també a les dades del "
            "cens electoral i a les comunicacions que t'envia l'Ajuntament.\n\n"
            "El canvi de domicili al Padró no actualitza el del permís de conduir ni el del "
            "vehicle: cal comunicar-lo a la Direcció General de Trànsit."
        ),
        "topic": "padro-i-poblacio",
        "department": "padro",
        "who_can_apply": (
            "Qualsevol persona empadronada a Mollet que canviï de domicili dins del municipi, "
            "per a ella mateixa i per als menors al seu càrrec."
        ),
        "requirements": "Estar empadronat o empadronada a Mollet del Vallès.",
        "documents": (
            "Escriptura, contracte de lloguer o rebut d'un subministrament del nou habitatge\n"
            "Autorització de la persona titular de l'habitatge, si escau"
        ),
        "fees": "",
        "deadline": (3, MONTHS),
        "silence": POSITIVE,
        "legal_basis": PADRO_LAW,
        "fields": [
            field("adreca-anterior", "Adreça on vivies fins ara"),
            field("adreca-nova", "Nova adreça"),
            field("data-canvi", "Data del trasllat", FieldKind.DATE),
            field(
                "tots-els-membres",
                "Es traslladen totes les persones que vivien amb tu?",
                FieldKind.YES_NO,
            ),
            file_field(
                "document-habitatge",
                "Document que acredita l'ús del nou habitatge",
                types="pdf,jpeg,png",
            ),
        ],
    },
    {
        "slug": "certificat-convivencia",
        "title": "Certificat de convivència",
        "summary": (
            "Document que acredita quines persones estan empadronades en un mateix domicili."
        ),
        "description": (
            "El certificat de convivència indica totes les persones inscrites al Padró en "
            "un domicili concret i des de quan hi consten. Se sol demanar per a ajuts, "
            "beques, prestacions o per acreditar una parella estable."
        ),
        "topic": "padro-i-poblacio",
        "department": "padro",
        "who_can_apply": (
            "Qualsevol persona major d'edat empadronada al domicili. Una altra persona el pot "
            "demanar amb una autorització signada."
        ),
        "requirements": "Constar inscrit o inscrita al Padró en el domicili del certificat.",
        "documents": "Autorització signada, si el demana una persona que no hi viu",
        "fees": FEE_CERTIFICATE,
        "deadline": (5, DAYS),
        "silence": POSITIVE,
        "legal_basis": PADRO_LAW,
        "fields": [
            ADDRESS,
            field(
                "motiu",
                "Per a què el necessites",
                FieldKind.LONG_TEXT,
                required=False,
                help="Ens ajuda a saber si et cal un certificat o n'hi ha prou amb un volant.",
            ),
            DELIVERY,
        ],
    },
    {
        "slug": "volant-empadronament-historic",
        "title": "Volant d'empadronament històric",
        "summary": (
            "Informe de tots els domicilis on has estat empadronat o empadronada a Mollet "
            "al llarg del temps."
        ),
        "description": (
            "El volant històric recull els domicilis successius que has tingut al municipi "
            "amb les dates d'alta i de baixa. És útil, per exemple, per acreditar anys de "
            "residència en una convocatòria d'habitatge protegit o en tràmits d'arrelament."
        ),
        "topic": "padro-i-poblacio",
        "department": "padro",
        "who_can_apply": "La persona interessada o qui la representi amb una autorització.",
        "requirements": "Haver estat empadronat o empadronada a Mollet en algun moment.",
        "documents": "",
        "fees": (
            "Taxa de 3,90 € per volant, segons l'ordenança fiscal 1.4, reguladora de la taxa "
            "per expedició de documents administratius."
        ),
        "deadline": (10, DAYS),
        "silence": POSITIVE,
        "legal_basis": PADRO_LAW,
        "fields": [
            field(
                "des-de",
                "Des de quina data et cal",
                FieldKind.DATE,
                required=False,
                help="Deixa-ho en blanc per obtenir tot l'historial.",
            ),
            field("motiu", "Per a què el necessites", required=False),
            DELIVERY,
        ],
    },
    # --- Urbanisme i obres ------------------------------------------------------------
    {
        "slug": "comunicacio-previa-obres-menors",
        "title": "Comunicació prèvia d'obres menors",
        "summary": (
            "Avís a l'Ajuntament abans de fer obres petites a casa o al local: reformes "
            "interiors, canvi de rajoles, pintar la façana."
        ),
        "description": (
            "Les obres que no afecten l'estructura, la distribució ni l'aspecte general de "
            "l'edifici no necessiten llicència: n'hi ha prou de comunicar-les abans de "
            "començar. Un cop presentada la comunicació amb tota la documentació, pots "
            "iniciar les obres.\n\n"
            "Són obres menors, per exemple, canviar el paviment o la cuina, arrebossar o "
            "pintar la façana sense canviar-ne els colors, o substituir finestres amb les "
            "mateixes mides.\n\n"
            "L'Ajuntament pot revisar després les obres i, si no s'ajusten al que s'ha "
            "comunicat, ordenar-ne l'aturada."
        ),
        "topic": "urbanisme-i-obres",
        "department": "urbanisme",
        "businesses": True,
        "who_can_apply": (
            "La persona propietària o llogatera de l'habitatge o del local, o l'empresa que "
            "farà les obres en nom seu."
        ),
        "requirements": (
            "Que les obres no afectin elements estructurals, la façana principal ni elements "
            "protegits del Catàleg de patrimoni.\n"
            "Si cal ocupar la via pública amb bastides o contenidors, demana-ho a part."
        ),
        "documents": (
            "Pressupost detallat de les obres, signat per l'empresa o la persona que les farà\n"
            "Fotografies de l'estat actual\n"
            "Croquis de les obres, si canvien algun element visible des de l'exterior"
        ),
        "fees": (
            "Impost sobre construccions, instal·lacions i obres (ICIO): 4 % del pressupost "
            "d'execució material (ordenança fiscal 1.5).\n"
            "Taxa per la tramitació de la comunicació: 45,00 € (ordenança fiscal 1.4)."
        ),
        "deadline": (1, MONTHS),
        "silence": NO_SILENCE,
        "legal_basis": (
            f"{TRLUC} Article 187 bis.\n{LPAC} Article 69.\n"
            "Decret 64/2014, de 13 de maig, pel qual s'aprova el Reglament sobre protecció de "
            "la legalitat urbanística.\n"
            "Ordenança municipal reguladora de la intervenció administrativa en les obres."
        ),
        "fields": [
            field("adreca-obra", "Adreça de l'obra"),
            field(
                "referencia-cadastral",
                "Referència cadastral",
                required=False,
                help="Són 20 caràcters i la trobaràs al rebut de l'IBI.",
            ),
            field("descripcio-obres", "Descripció de les obres", FieldKind.LONG_TEXT),
            field("pressupost", "Pressupost d'execució material (€)", FieldKind.NUMBER),
            field("data-inici", "Data prevista d'inici", FieldKind.DATE),
            file_field(
                "pressupost-document",
                "Pressupost i fotografies",
                types="pdf,jpeg,png",
                size=20,
            ),
        ],
    },
    {
        "slug": "llicencia-obres-majors",
        "title": "Llicència d'obres majors",
        "summary": (
            "Permís per construir, ampliar, enderrocar o fer reformes que afecten "
            "l'estructura d'un edifici."
        ),
        "description": (
            "Cal llicència d'obres majors per a les obres de nova planta, les ampliacions, "
            "els enderrocs, les reformes que afecten l'estructura o la distribució i les "
            "que modifiquen l'aspecte exterior de l'edifici.\n\n"
            "La sol·licitud ha d'anar acompanyada d'un projecte tècnic signat per una "
            "persona tècnica competent. Els serveis tècnics municipals comproven que el "
            "projecte compleix el planejament urbanístic i les ordenances d'edificació."
        ),
        "topic": "urbanisme-i-obres",
        "department": "urbanisme",
        "businesses": True,
        "associations": True,
        "who_can_apply": (
            "La persona o l'entitat promotora de les obres, directament o per mitjà de la "
            "persona tècnica que redacta el projecte."
        ),
        "requirements": (
            "Disposar d'un projecte bàsic o executiu signat per personal tècnic competent.\n"
            "Les obres han de complir el Pla d'ordenació urbanística municipal."
        ),
        "documents": (
            "Projecte tècnic en format PDF signat electrònicament\n"
            "Full d'estadística de construcció i habitatge\n"
            "Estudi de gestió de residus de la construcció\n"
            "Assumeix de la direcció facultativa"
        ),
        "fees": (
            "ICIO: 4 % del pressupost d'execució material (ordenança fiscal 1.5).\n"
            "Taxa per llicència urbanística: 1 % del pressupost, amb un mínim de 150,00 € "
            "(ordenança fiscal 1.4)."
        ),
        "deadline": (2, MONTHS),
        "silence": POSITIVE,
        "legal_basis": (
            f"{TRLUC} Articles 187 i 188.\n"
            "Decret 64/2014, de 13 de maig, pel qual s'aprova el Reglament sobre protecció de "
            "la legalitat urbanística.\nPla d'ordenació urbanística municipal de Mollet del "
            "Vallès."
        ),
        "channel_notes": (
            "Els serveis tècnics d'Urbanisme atenen consultes prèvies sobre projectes amb "
            "cita prèvia, els dimarts i els dijous al matí."
        ),
        "fields": [
            field("adreca-obra", "Adreça de l'obra"),
            field("referencia-cadastral", "Referència cadastral"),
            field(
                "tipus-obra",
                "Tipus d'obra",
                FieldKind.CHOICE,
                choices=(
                    "Obra nova",
                    "Ampliació",
                    "Reforma que afecta l'estructura",
                    "Enderroc",
                    "Canvi d'ús",
                ),
            ),
            field("pressupost", "Pressupost d'execució material (€)", FieldKind.NUMBER),
            file_field(
                "projecte",
                "Projecte tècnic",
                size=50,
                help="Un sol PDF amb memòria, plànols i pressupost.",
            ),
            file_field("documentacio-complementaria", "Altra documentació", required=False),
        ],
    },
    # --- Via pública ------------------------------------------------------------------
    {
        "slug": "ocupacio-via-publica-obres",
        "title": "Ocupació de la via pública amb bastides, contenidors o materials d'obra",
        "summary": (
            "Permís per ocupar la vorera o la calçada mentre fas obres: bastides, "
            "contenidors, sacs de runa o plataformes."
        ),
        "description": (
            "Qualsevol element d'obra que ocupi espai públic necessita autorització prèvia. "
            "L'autorització fixa la superfície, els dies i les condicions de seguretat "
            "perquè els vianants puguin passar.\n\n"
            "Si l'ocupació obliga a tallar un carrer al trànsit, cal demanar-ho amb almenys "
            "deu dies d'antelació."
        ),
        "topic": "via-publica",
        "department": "via-publica-i-mobilitat",
        "businesses": True,
        "who_can_apply": (
            "La persona que fa les obres o l'empresa constructora que n'és responsable."
        ),
        "requirements": (
            "Tenir la llicència o haver presentat la comunicació prèvia de les obres.\n"
            "Deixar un pas lliure per als vianants d'almenys 1,20 metres."
        ),
        "documents": (
            "Croquis de la zona ocupada amb les mides\n"
            "Pòlissa d'assegurança de responsabilitat civil de l'empresa, per a bastides"
        ),
        "fees": (
            "Taxa per ocupació de la via pública amb materials de construcció: 0,45 € per "
            "metre quadrat i dia, amb un mínim de 15,00 € (ordenança fiscal 3.1)."
        ),
        "deadline": (15, DAYS),
        "silence": NEGATIVE,
        "legal_basis": (
            f"{PATRIMONI}\n{TRLRHL} Article 20.\n"
            "Ordenança municipal de civisme i ús de la via pública."
        ),
        "fields": [
            ADDRESS,
            field(
                "elements",
                "Què hi instal·laràs",
                FieldKind.MULTIPLE_CHOICE,
                choices=(
                    "Bastida",
                    "Contenidor",
                    "Sac de runa",
                    "Plataforma elevadora",
                    "Tanca d'obra",
                ),
            ),
            field("superficie", "Superfície ocupada (m²)", FieldKind.NUMBER),
            field("data-inici", "Primer dia d'ocupació", FieldKind.DATE),
            field("data-fi", "Últim dia d'ocupació", FieldKind.DATE),
            file_field("croquis", "Croquis de l'ocupació", types="pdf,jpeg,png"),
        ],
    },
    {
        "slug": "terrassa-via-publica",
        "title": "Llicència de terrassa a la via pública",
        "summary": (
            "Autorització perquè un bar, cafeteria o restaurant posi taules i cadires a "
            "l'espai públic."
        ),
        "description": (
            "La llicència de terrassa autoritza un establiment a ocupar una part de la "
            "vorera o de la plaça amb taules, cadires, para-sols i jardineres. Fixa el "
            "nombre de taules, l'horari i el període, que pot ser anual o de temporada.\n\n"
            "L'espai ocupat ha de respectar els passos de vianants, les entrades dels "
            "edificis i les sortides d'emergència."
        ),
        "topic": "via-publica",
        "department": "via-publica-i-mobilitat",
        "citizens": False,
        "businesses": True,
        "who_can_apply": (
            "La persona o l'empresa titular de l'activitat de restauració, amb la llicència "
            "o la comunicació d'activitat en vigor."
        ),
        "requirements": (
            "Tenir l'establiment legalitzat i al corrent de pagament dels tributs municipals.\n"
            "La terrassa ha d'estar davant de l'establiment o en un espai que l'Ajuntament "
            "consideri adequat."
        ),
        "documents": (
            "Plànol de la terrassa amb la distribució de taules i cadires\n"
            "Pòlissa d'assegurança de responsabilitat civil que cobreixi la terrassa"
        ),
        "fees": (
            "Taxa per ocupació amb taules i cadires, segons la categoria del carrer i els "
            "metres quadrats (ordenança fiscal 3.1). S'emet la liquidació quan s'atorga la "
            "llicència."
        ),
        "deadline": (1, MONTHS),
        "silence": NEGATIVE,
        "legal_basis": f"{PATRIMONI}\nOrdenança municipal reguladora de les terrasses.",
        "fields": [
            field("nom-establiment", "Nom de l'establiment"),
            ADDRESS,
            field("nombre-taules", "Nombre de taules", FieldKind.NUMBER),
            field(
                "periode",
                "Període",
                FieldKind.CHOICE,
                choices=("Tot l'any", "Temporada d'estiu (de l'1 d'abril al 31 d'octubre)"),
            ),
            file_field("plano", "Plànol de la terrassa", types="pdf,jpeg,png"),
            file_field("asseguranca", "Pòlissa d'assegurança"),
        ],
    },
    {
        "slug": "gual",
        "title": "Gual: reserva d'espai per a l'entrada i sortida de vehicles",
        "summary": (
            "Llicència per entrar amb el vehicle a un garatge travessant la vorera, amb la "
            "prohibició d'aparcar-hi al davant."
        ),
        "description": (
            "El gual et permet entrar i sortir del garatge i prohibeix aparcar davant de la "
            "porta. Un cop atorgada la llicència, l'Ajuntament et lliura la placa "
            "numerada, que s'ha de col·locar en un lloc visible.\n\n"
            "Si cal rebaixar la vorera, l'obra l'ha de fer una empresa seguint les "
            "indicacions dels serveis tècnics."
        ),
        "topic": "via-publica",
        "department": "via-publica-i-mobilitat",
        "businesses": True,
        "associations": True,
        "who_can_apply": (
            "La persona propietària o llogatera del garatge, o la comunitat de propietaris "
            "en els aparcaments comunitaris."
        ),
        "requirements": (
            "El local ha de tenir la llicència o el permís que en permet l'ús com a garatge.\n"
            "Estar al corrent de pagament dels tributs municipals."
        ),
        "documents": (
            "Fotografia de la façana amb la porta del garatge\n"
            "Escriptura o contracte de lloguer del local"
        ),
        "fees": (
            "Taxa anual per l'entrada de vehicles a través de les voreres, segons la categoria "
            "del carrer i els metres lineals (ordenança fiscal 3.2).\n"
            "Placa de gual: 25,00 €."
        ),
        "deadline": (3, MONTHS),
        "silence": NEGATIVE,
        "legal_basis": (
            f"{PATRIMONI}\n{TRLRHL} Article 20.3.h.\n"
            "Ordenança municipal de circulació de vianants i vehicles."
        ),
        "fields": [
            ADDRESS,
            field("amplada-porta", "Amplada de la porta (metres)", FieldKind.NUMBER),
            field("places", "Nombre de places d'aparcament", FieldKind.NUMBER),
            field(
                "horari",
                "Tipus de gual",
                FieldKind.CHOICE,
                choices=(
                    "Permanent (24 hores)",
                    "Horari laboral (de 8 a 20 h, de dilluns a divendres)",
                ),
            ),
            file_field("fotografia", "Fotografia de la façana", types="jpeg,png", size=5),
        ],
    },
    # --- Tributs i taxes --------------------------------------------------------------
    {
        "slug": "bonificacio-ibi-families-nombroses",
        "title": "Bonificació de l'IBI per a famílies nombroses",
        "summary": (
            "Reducció de l'impost sobre béns immobles de l'habitatge habitual de les "
            "famílies amb títol de família nombrosa."
        ),
        "description": (
            "Les famílies nombroses poden obtenir una bonificació a la quota de l'IBI de "
            "l'habitatge on viuen. El percentatge depèn del valor cadastral i de la "
            "categoria del títol, tal com fixa l'ordenança fiscal.\n\n"
            "La bonificació s'aplica a partir de l'exercici següent al de la sol·licitud i "
            "es manté mentre el títol sigui vigent. Quan el renovis, envia'n una còpia."
        ),
        "topic": "tributs-i-taxes",
        "department": "hisenda-i-tributs",
        "who_can_apply": (
            "La persona titular del rebut de l'IBI que tingui el títol de família nombrosa vigent."
        ),
        "requirements": (
            "L'immoble ha de ser l'habitatge habitual de la família i tots els membres hi han "
            "d'estar empadronats.\n"
            "El valor cadastral no pot superar el límit de l'ordenança fiscal.\n"
            "Presentar la sol·licitud abans del 31 de desembre per aplicar-la l'any següent."
        ),
        "documents": "Títol de família nombrosa vigent",
        "fees": "",
        "deadline": (6, MONTHS),
        "silence": NEGATIVE,
        "legal_basis": (
            f"{TRLRHL} Article 74.4.\n"
            "Llei 40/2003, de 18 de novembre, de protecció a les famílies nombroses.\n"
            "Ordenança fiscal 1.1, reguladora de l'impost sobre béns immobles."
        ),
        "fields": [
            field(
                "referencia-cadastral",
                "Referència cadastral de l'habitatge",
                help="Són 20 caràcters i la trobaràs al rebut de l'IBI.",
            ),
            field(
                "categoria",
                "Categoria del títol",
                FieldKind.CHOICE,
                choices=("General", "Especial"),
            ),
            field("data-caducitat", "Data de caducitat del títol", FieldKind.DATE),
            file_field("titol", "Títol de família nombrosa", types="pdf,jpeg,png", size=5),
        ],
    },
    {
        "slug": "fraccionament-deutes",
        "title": "Ajornament o fraccionament de deutes tributaris",
        "summary": (
            "Pagar un impost, una taxa o una sanció més endavant o en diversos terminis "
            "quan no pots fer-ho d'una sola vegada."
        ),
        "description": (
            "Si passes un moment econòmic difícil, pots demanar que el pagament d'un deute "
            "amb l'Ajuntament s'ajorni o es divideixi en quotes mensuals. Mentre es resol la "
            "sol·licitud no es reclama el deute per la via de constrenyiment.\n\n"
            "Les quotes es carreguen al compte bancari que indiquis."
        ),
        "topic": "tributs-i-taxes",
        "department": "hisenda-i-tributs",
        "businesses": True,
        "associations": True,
        "who_can_apply": "La persona o l'entitat obligada al pagament del deute.",
        "requirements": (
            "El deute ha de ser superior a 100,00 €.\n"
            "Per a deutes de més de 30.000,00 € cal aportar una garantia."
        ),
        "documents": (
            "Document que justifiqui la dificultat econòmica (nòmines, prestacions o "
            "declaració de la renda)"
        ),
        "fees": (
            "El tràmit és gratuït. Els imports ajornats o fraccionats meriten interessos de "
            "demora, llevat dels casos que preveu l'ordenança general de recaptació."
        ),
        "deadline": (6, MONTHS),
        "silence": NEGATIVE,
        "legal_basis": (
            f"{LGT} Article 65.\n"
            "Reial decret 939/2005, de 29 de juliol, pel qual s'aprova el Reglament general "
            "de recaptació. Articles 44 a 54.\n"
            "Ordenança general de gestió, inspecció i recaptació dels tributs municipals."
        ),
        "fields": [
            field("concepte", "Deute que vols ajornar o fraccionar", help="Per exemple: IBI 2026."),
            field("import", "Import total (€)", FieldKind.NUMBER),
            field(
                "modalitat",
                "Què demanes",
                FieldKind.CHOICE,
                choices=("Ajornament", "Fraccionament"),
            ),
            field(
                "terminis",
                "Nombre de quotes mensuals",
                FieldKind.NUMBER,
                required=False,
                help="Només per als fraccionaments. Un màxim de 12.",
            ),
            IBAN,
            file_field(
                "justificacio",
                "Justificació de la dificultat econòmica",
                types="pdf,jpeg,png",
                required=False,
            ),
        ],
    },
    {
        "slug": "devolucio-ingressos-indeguts",
        "title": "Devolució d'ingressos indeguts",
        "summary": (
            "Recuperar els diners d'un impost o d'una taxa que has pagat dues vegades, de "
            "més o sense haver-ho de fer."
        ),
        "description": (
            "Si has pagat un rebut duplicat, un import superior al que corresponia o un "
            "tribut que no et tocava pagar, pots demanar-ne la devolució amb els "
            "interessos de demora que corresponguin.\n\n"
            "El dret a la devolució prescriu als quatre anys des del pagament."
        ),
        "topic": "tributs-i-taxes",
        "department": "hisenda-i-tributs",
        "businesses": True,
        "associations": True,
        "who_can_apply": "La persona o l'entitat que va fer el pagament, o els seus hereus.",
        "requirements": "Que no hagin passat més de quatre anys des del pagament.",
        "documents": "Justificant del pagament",
        "fees": "",
        "deadline": (6, MONTHS),
        "silence": NEGATIVE,
        "legal_basis": (
            f"{LGT} Articles 32 i 221.\n"
            "Reial decret 520/2005, de 13 de maig, pel qual s'aprova el Reglament general de "
            "desenvolupament de la Llei general tributària en matèria de revisió en via "
            "administrativa."
        ),
        "fields": [
            field("concepte", "Tribut i any", help="Per exemple: taxa de residus 2025."),
            field("import", "Import que reclames (€)", FieldKind.NUMBER),
            field("data-pagament", "Data del pagament", FieldKind.DATE),
            field("motiu", "Per què consideres que no s'havia de pagar", FieldKind.LONG_TEXT),
            IBAN,
            file_field("justificant", "Justificant del pagament", types="pdf,jpeg,png"),
        ],
    },
    {
        "slug": "baixa-taxa-residus-comercials",
        "title": "Baixa de la taxa de residus comercials per cessament d'activitat",
        "summary": (
            "Deixar de pagar la taxa de recollida de residus d'un comerç o d'una activitat "
            "que ha tancat."
        ),
        "description": (
            "Quan tanquis un establiment, comunica-ho perquè no es generin més rebuts de "
            "la taxa de residus comercials. La baixa té efectes a partir del trimestre "
            "següent al del tancament.\n\n"
            "Si l'activitat la continua una altra persona, cal comunicar el canvi de "
            "titularitat en lloc de la baixa."
        ),
        "topic": "tributs-i-taxes",
        "department": "hisenda-i-tributs",
        "citizens": False,
        "businesses": True,
        "associations": True,
        "who_can_apply": "La persona o l'empresa titular de l'activitat que ha tancat.",
        "requirements": "Haver cessat l'activitat a l'establiment.",
        "documents": (
            "Declaració censal de baixa a l'Agència Tributària (models 036 o 037)\n"
            "Comunicació de baixa de l'activitat, si no l'has fet abans"
        ),
        "fees": "",
        "deadline": (3, MONTHS),
        "silence": POSITIVE,
        "legal_basis": (
            f"{TRLRHL} Articles 20 a 27.\n"
            "Ordenança fiscal 2.1, reguladora de la taxa per la recollida de residus "
            "comercials."
        ),
        "fields": [
            field("nom-activitat", "Nom comercial de l'activitat"),
            ADDRESS,
            field("data-cessament", "Data de tancament", FieldKind.DATE),
            file_field("baixa-censal", "Declaració censal de baixa"),
        ],
    },
    # --- Serveis socials --------------------------------------------------------------
    {
        "slug": "targeta-aparcament-mobilitat-reduida",
        "title": "Targeta d'aparcament per a persones amb mobilitat reduïda",
        "summary": (
            "Targeta que permet aparcar a les places reservades i en altres llocs "
            "autoritzats a les persones amb discapacitat i mobilitat reduïda."
        ),
        "description": (
            "La targeta és personal i vàlida a tot l'Estat i a la Unió Europea. Hi ha dues "
            "modalitats: per a la persona que condueix el seu vehicle i per a la persona "
            "que és transportada per una altra.\n\n"
            "Quan s'atorga, rebràs un avís per recollir-la a l'Oficina d'Atenció Ciutadana, "
            "on cal signar-la."
        ),
        "topic": "serveis-socials",
        "department": "serveis-socials",
        "who_can_apply": (
            "Les persones empadronades a Mollet amb un certificat de discapacitat que "
            "reconegui dificultats de mobilitat, o la persona que les representa."
        ),
        "requirements": (
            "Estar empadronat o empadronada a Mollet del Vallès.\n"
            "Tenir el dictamen de mobilitat reduïda de l'equip de valoració de la "
            "Generalitat, o una agudesa visual molt reduïda."
        ),
        "documents": (
            "Certificat de discapacitat amb el dictamen de mobilitat reduïda\n"
            "Fotografia recent de mida carnet\n"
            "Permís de conduir, si ets la persona conductora"
        ),
        "fees": "",
        "deadline": (3, MONTHS),
        "silence": NEGATIVE,
        "legal_basis": (
            "Decret 97/2002, de 5 de març, sobre la targeta d'aparcament de vehicles per a "
            "persones amb disminució i altres mesures adreçades a facilitar el desplaçament "
            "de les persones amb disminució que presenten mobilitat reduïda.\n"
            "Reial decret 1056/2014, de 12 de desembre, pel qual es regulen les condicions "
            "bàsiques d'emissió i ús de la targeta d'estacionament per a persones amb "
            "discapacitat."
        ),
        "fields": [
            field(
                "modalitat",
                "Modalitat",
                FieldKind.CHOICE,
                choices=("Persona titular conductora", "Persona titular no conductora"),
            ),
            field(
                "matricula",
                "Matrícula del vehicle",
                required=False,
                help="Només si ets la persona conductora.",
            ),
            file_field("certificat", "Certificat de discapacitat", types="pdf,jpeg,png"),
            file_field(
                "fotografia",
                "Fotografia de mida carnet",
                types="jpeg,png",
                size=2,
                help="Fons clar, de cara i sense ulleres de sol.",
            ),
            PHONE,
        ],
    },
    {
        "slug": "ajuts-urgencia-social",
        "title": "Ajuts d'urgència social",
        "summary": (
            "Ajuda econòmica puntual per cobrir necessitats bàsiques urgents: alimentació, "
            "subministraments o habitatge."
        ),
        "description": (
            "Els ajuts d'urgència social són prestacions econòmiques de caràcter puntual "
            "per a persones i famílies que no poden afrontar una despesa bàsica. Els "
            "professionals dels Serveis Socials Bàsics valoren cada situació i, si cal, "
            "proposen un pla de treball.\n\n"
            "Si no tens un professional de referència, et trucarem per concertar una "
            "entrevista."
        ),
        "topic": "serveis-socials",
        "department": "serveis-socials",
        "who_can_apply": (
            "Les persones empadronades a Mollet que es troben en una situació de necessitat, "
            "per a elles mateixes o per a la seva unitat de convivència."
        ),
        "requirements": (
            "Estar empadronat o empadronada a Mollet del Vallès.\n"
            "Que els ingressos de la unitat de convivència no superin els límits de les "
            "bases reguladores.\n"
            "Tenir un informe favorable dels Serveis Socials Bàsics."
        ),
        "documents": (
            "Justificants dels ingressos de tots els membres de la unitat de convivència\n"
            "Factura, pressupost o rebut de la despesa per a la qual demanes l'ajut"
        ),
        "fees": "",
        "deadline": (1, MONTHS),
        "silence": NEGATIVE,
        "legal_basis": (
            "Llei 12/2007, d'11 d'octubre, de serveis socials.\n"
            "Bases reguladores municipals de les prestacions econòmiques d'urgència social."
        ),
        "fields": [
            field(
                "necessitat",
                "Per a què demanes l'ajut",
                FieldKind.MULTIPLE_CHOICE,
                choices=(
                    "Alimentació i higiene",
                    "Subministraments (llum, aigua, gas)",
                    "Lloguer o hipoteca",
                    "Material escolar",
                    "Medicaments o productes sanitaris",
                    "Una altra necessitat",
                ),
            ),
            field("situacio", "Explica breument la teva situació", FieldKind.LONG_TEXT),
            field("membres", "Persones que viuen al domicili", FieldKind.NUMBER),
            field(
                "ingressos",
                "Ingressos mensuals de tota la unitat de convivència (€)",
                FieldKind.NUMBER,
            ),
            field(
                "telefon",
                "Telèfon de contacte",
                FieldKind.PHONE,
                help="Us trucarem per concertar l'entrevista.",
            ),
            file_field(
                "justificants",
                "Justificants d'ingressos i de la despesa",
                types="pdf,jpeg,png",
                required=False,
                size=15,
            ),
        ],
    },
    # --- Medi ambient -----------------------------------------------------------------
    {
        "slug": "recollida-voluminosos",
        "title": "Recollida de mobles i trastos vells (voluminosos)",
        "summary": (
            "Servei gratuït per recollir davant de casa els mobles, matalassos i "
            "electrodomèstics que ja no fas servir."
        ),
        "description": (
            "El servei municipal de recollida passa a recollir els objectes voluminosos el "
            "dia que t'indiquem. Deixa'ls a la vorera, davant del portal, la nit abans "
            "a partir de les 20 h, sense obstruir el pas.\n\n"
            "No es recullen runes, restes de poda en grans quantitats ni residus perillosos: "
            "porta'ls a la deixalleria."
        ),
        "topic": "medi-ambient",
        "department": "medi-ambient",
        "businesses": True,
        "who_can_apply": "Qualsevol veí o veïna de Mollet i els comerços del municipi.",
        "requirements": "Un màxim de cinc objectes per servei.",
        "documents": "",
        "fees": "",
        "deadline": (10, DAYS),
        "silence": NO_SILENCE,
        "legal_basis": (
            "Decret legislatiu 1/2009, de 21 de juliol, pel qual s'aprova el text refós de la "
            "Llei reguladora dels residus.\n"
            "Llei 7/2022, de 8 d'abril, de residus i sòls contaminats per a una economia "
            "circular.\nOrdenança municipal de neteja i gestió de residus."
        ),
        "fields": [
            ADDRESS,
            field(
                "objectes",
                "Quins objectes s'han de recollir",
                FieldKind.LONG_TEXT,
                help="Per exemple: un sofà de tres places i una rentadora.",
            ),
            field("nombre-objectes", "Nombre d'objectes", FieldKind.NUMBER),
            field(
                "data-preferida",
                "Dia que t'aniria bé",
                FieldKind.DATE,
                required=False,
                help="Ho intentarem, però et confirmarem el dia per correu.",
            ),
            PHONE,
        ],
    },
    {
        "slug": "llicencia-animals-potencialment-perillosos",
        "title": "Llicència per a la tinença de gossos potencialment perillosos",
        "summary": (
            "Llicència obligatòria per tenir un gos de raça o característiques "
            "considerades potencialment perilloses."
        ),
        "description": (
            "Qui tingui un gos potencialment perillós ha de tenir aquesta llicència i "
            "inscriure l'animal al registre municipal. La llicència és vàlida cinc anys i "
            "s'ha de renovar abans que caduqui.\n\n"
            "A la via pública, el gos ha d'anar lligat amb una corretja de menys de dos "
            "metres i amb morrió."
        ),
        "topic": "medi-ambient",
        "department": "medi-ambient",
        "who_can_apply": "Les persones majors d'edat que tenen o volen tenir el gos.",
        "requirements": (
            "Ser major d'edat.\n"
            "No tenir antecedents penals per delictes contra les persones ni sancions per "
            "infraccions greus en matèria de tinença d'animals.\n"
            "Tenir la capacitat física i l'aptitud psicològica, acreditades per un centre "
            "autoritzat.\n"
            "Tenir una assegurança de responsabilitat civil amb una cobertura mínima de "
            "150.000,00 €."
        ),
        "documents": (
            f"{ID_DOCUMENT}\n"
            "Certificat d'antecedents penals\n"
            "Certificat de capacitat física i d'aptitud psicològica\n"
            "Pòlissa i rebut de l'assegurança de responsabilitat civil\n"
            "Cartilla sanitària del gos i número del xip"
        ),
        "fees": "Taxa de 30,00 € per l'expedició o la renovació (ordenança fiscal 1.4).",
        "deadline": (3, MONTHS),
        "silence": NEGATIVE,
        "legal_basis": (
            "Llei 50/1999, de 23 de desembre, sobre el règim jurídic de la tinença d'animals "
            "potencialment perillosos.\n"
            "Reial decret 287/2002, de 22 de març, que desenvolupa la Llei 50/1999.\n"
            "Decret legislatiu 2/2008, de 15 d'abril, pel qual s'aprova el text refós de la "
            "Llei de protecció dels animals.\n"
            "Ordenança municipal de tinença d'animals."
        ),
        "online": False,
        "channel_notes": (
            "Aquest tràmit es fa només presencialment, amb cita prèvia, perquè cal "
            "comprovar els certificats originals i identificar el xip de l'animal."
        ),
        "fields": [
            field("nom-gos", "Nom del gos"),
            field("raca", "Raça o encreuament"),
            field("xip", "Número del xip", help="Té 15 xifres."),
            field(
                "renovacio",
                "És una renovació d'una llicència anterior?",
                FieldKind.YES_NO,
            ),
            file_field("asseguranca", "Pòlissa d'assegurança"),
        ],
    },
    # --- Cultura i esports ------------------------------------------------------------
    {
        "slug": "cessio-espais-municipals",
        "title": "Cessió d'espais municipals",
        "summary": (
            "Reserva d'una sala o d'un espai municipal per a una activitat oberta, una "
            "reunió o un acte."
        ),
        "description": (
            "Les entitats, les empreses i la ciutadania poden fer servir sales d'actes, "
            "sales polivalents i espais exteriors dels equipaments municipals per a "
            "activitats culturals, socials o formatives.\n\n"
            "Les reserves s'atenen per ordre d'entrada, amb preferència per a les activitats "
            "obertes a tothom i gratuïtes."
        ),
        "topic": "cultura-i-esports",
        "department": "cultura",
        "businesses": True,
        "associations": True,
        "who_can_apply": (
            "Entitats inscrites al Registre municipal d'entitats, empreses i persones "
            "majors d'edat."
        ),
        "requirements": (
            "Presentar la sol·licitud almenys quinze dies abans de l'activitat.\n"
            "Fer-se responsable de l'espai i deixar-lo en el mateix estat."
        ),
        "documents": "Programa o descripció de l'activitat",
        "fees": (
            "Preu públic segons l'espai i les hores d'ús (ordenança de preus públics). Les "
            "entitats inscrites al Registre municipal d'entitats no paguen per a activitats "
            "obertes i gratuïtes."
        ),
        "deadline": (15, DAYS),
        "silence": NEGATIVE,
        "legal_basis": (
            f"{PATRIMONI}\nReglament municipal d'ús dels equipaments cívics i culturals."
        ),
        "fields": [
            field(
                "espai",
                "Espai que vols reservar",
                FieldKind.CHOICE,
                choices=(
                    "Sala d'actes (150 places)",
                    "Sala polivalent del centre cívic (60 places)",
                    "Sala de reunions (20 places)",
                    "Sala d'exposicions",
                    "Pati exterior",
                ),
            ),
            field("data-activitat", "Data de l'activitat", FieldKind.DATE),
            field("horari", "Horari", help="Per exemple: de 18 a 20.30 h."),
            field("descripcio", "Descripció de l'activitat", FieldKind.LONG_TEXT),
            field("assistents", "Nombre previst d'assistents", FieldKind.NUMBER),
            field(
                "material",
                "Material que necessites",
                FieldKind.MULTIPLE_CHOICE,
                required=False,
                choices=("Equip de so", "Projector i pantalla", "Cadires addicionals", "Escenari"),
            ),
        ],
    },
    {
        "slug": "reserva-installacions-esportives",
        "title": "Reserva d'instal·lacions esportives municipals",
        "summary": (
            "Lloguer de pistes, camps i sales dels equipaments esportius municipals per "
            "hores o per a tota la temporada."
        ),
        "description": (
            "Pots reservar instal·lacions esportives municipals per a entrenaments, "
            "partits o activitats puntuals. Les entitats esportives poden demanar-les per "
            "a tota la temporada, del setembre al juny.\n\n"
            "Rebràs la confirmació amb l'horari assignat i les instruccions de pagament."
        ),
        "topic": "cultura-i-esports",
        "department": "esports",
        "businesses": True,
        "associations": True,
        "who_can_apply": (
            "Persones majors d'edat, entitats esportives, centres educatius i empreses."
        ),
        "requirements": (
            "Estar al corrent de pagament de les reserves anteriors.\n"
            "Respectar les normes d'ús de cada instal·lació."
        ),
        "documents": "",
        "fees": (
            "Preu públic per hora segons la instal·lació (ordenança de preus públics). Les "
            "entitats esportives inscrites al Registre municipal d'entitats tenen un 50 % de "
            "descompte."
        ),
        "deadline": (10, DAYS),
        "silence": NEGATIVE,
        "legal_basis": f"{PATRIMONI}\nReglament d'ús de les instal·lacions esportives municipals.",
        "fields": [
            field(
                "installacio",
                "Instal·lació",
                FieldKind.CHOICE,
                choices=(
                    "Pavelló: pista poliesportiva",
                    "Camp de futbol 7",
                    "Pista de pàdel",
                    "Sala de gimnàstica",
                    "Piscina coberta: un carril",
                ),
            ),
            field("data", "Dia", FieldKind.DATE),
            field("hora-inici", "Hora d'inici", help="Per exemple: 19:30."),
            field("hores", "Nombre d'hores", FieldKind.NUMBER),
            field(
                "temporada",
                "La vols cada setmana durant tota la temporada?",
                FieldKind.YES_NO,
            ),
            field("entitat", "Entitat o centre", required=False),
        ],
    },
    {
        "slug": "registre-entitats",
        "title": "Inscripció al Registre municipal d'entitats",
        "summary": (
            "Inscripció d'una associació o entitat sense ànim de lucre per participar en la "
            "vida municipal i optar a subvencions i espais."
        ),
        "description": (
            "Estar inscrita al Registre municipal d'entitats permet a una associació rebre "
            "informació municipal, participar en els òrgans de participació ciutadana, "
            "demanar subvencions i fer servir els equipaments municipals amb condicions "
            "avantatjoses.\n\n"
            "Les entitats inscrites han de comunicar cada any els canvis a la junta i el "
            "pressupost."
        ),
        "topic": "cultura-i-esports",
        "department": "participacio-ciutadana",
        "citizens": False,
        "associations": True,
        "who_can_apply": (
            "Associacions, fundacions i altres entitats sense ànim de lucre amb domicili "
            "social o activitat a Mollet del Vallès."
        ),
        "requirements": (
            "Estar inscrita al Registre d'entitats de la Generalitat de Catalunya.\n"
            "Tenir domicili social o activitat al municipi."
        ),
        "documents": (
            "Estatuts de l'entitat\n"
            "Resolució d'inscripció al Registre d'entitats de la Generalitat\n"
            "Targeta del NIF de l'entitat\n"
            "Composició de la junta directiva"
        ),
        "fees": "",
        "deadline": (15, DAYS),
        "silence": POSITIVE,
        "legal_basis": (
            f"{LRBRL} Article 72.\n"
            "Reial decret 2568/1986, de 28 de novembre, pel qual s'aprova el Reglament "
            "d'organització, funcionament i règim jurídic de les entitats locals. Articles "
            "236 i 237.\nReglament municipal de participació ciutadana."
        ),
        "fields": [
            field("nom-entitat", "Nom de l'entitat"),
            field("nif", "NIF de l'entitat"),
            field(
                "ambit",
                "Àmbit principal",
                FieldKind.CHOICE,
                choices=(
                    "Cultural",
                    "Esportiu",
                    "Veïnal",
                    "Educatiu",
                    "Social i de salut",
                    "Juvenil",
                    "Medi ambient",
                    "Altres",
                ),
            ),
            field("correu", "Correu electrònic de l'entitat", FieldKind.EMAIL),
            file_field("estatuts", "Estatuts de l'entitat", size=20),
            file_field(
                "inscripcio-generalitat",
                "Resolució d'inscripció a la Generalitat",
                types="pdf,jpeg,png",
            ),
        ],
    },
    # --- Educació ---------------------------------------------------------------------
    {
        "slug": "preinscripcio-escola-bressol",
        "title": "Preinscripció a les escoles bressol municipals (curs 2027-2028)",
        "summary": (
            "Sol·licitud de plaça a les escoles bressol municipals per a infants de 0 a 3 anys."
        ),
        "description": (
            "Les escoles bressol municipals acullen infants nascuts entre el 2025 i el 2027. "
            "Si hi ha més sol·licituds que places, s'ordenen amb els criteris de prioritat "
            "de la normativa (germans al centre, proximitat del domicili, renda) i, si cal, "
            "per sorteig.\n\n"
            "Les llistes provisionals i definitives es publiquen al tauler d'anuncis de la "
            "seu electrònica."
        ),
        "topic": "educacio",
        "department": "educacio",
        "who_can_apply": "El pare, la mare o la persona que té la tutela de l'infant.",
        "requirements": (
            "Que l'infant hagi nascut l'any 2025, el 2026 o abans del setembre del 2027.\n"
            "Presentar una sola sol·licitud per infant."
        ),
        "documents": (
            "Llibre de família o document que acrediti la filiació\n"
            "Targeta sanitària de l'infant\n"
            "Documentació dels criteris de prioritat que al·leguis, si escau"
        ),
        "fees": (
            "La preinscripció és gratuïta. La quota mensual depèn de l'horari i de la renda "
            "familiar (ordenança de preus públics, amb tarifació social)."
        ),
        "deadline": (3, MONTHS),
        "silence": NEGATIVE,
        "legal_basis": (
            "Llei 12/2009, del 10 de juliol, d'educació.\n"
            "Decret 282/2006, de 4 de juliol, pel qual es regulen el primer cicle de "
            "l'educació infantil i els requisits dels centres.\n"
            "Decret 11/2014, de 28 de gener, pel qual es regula la preinscripció i admissió "
            "d'alumnes."
        ),
        "window": (date(2027, 5, 3), date(2027, 5, 14)),
        "fields": [
            field("nom-infant", "Nom i cognoms de l'infant"),
            field("data-naixement", "Data de naixement", FieldKind.DATE),
            field(
                "escola",
                "Escola bressol que demanes en primer lloc",
                FieldKind.CHOICE,
                choices=("EBM L'Esquirol", "EBM El Niu", "EBM La Lluna", "EBM Els Pinyons"),
            ),
            field(
                "horari",
                "Horari",
                FieldKind.CHOICE,
                choices=("Matí (de 9 a 13 h)", "Matí i tarda (de 9 a 17 h)"),
            ),
            field(
                "germans",
                "Té germans o germanes a l'escola que demanes?",
                FieldKind.YES_NO,
            ),
            file_field("llibre-familia", "Llibre de família", types="pdf,jpeg,png"),
        ],
    },
    {
        "slug": "casals-estiu",
        "title": "Inscripció als casals d'estiu municipals 2027",
        "summary": (
            "Casals de lleure per a infants i adolescents de 3 a 16 anys durant les "
            "vacances d'estiu."
        ),
        "description": (
            "Els casals d'estiu ofereixen jocs, tallers, piscina i sortides, organitzats per "
            "setmanes en tres torns de dues setmanes. Hi ha servei d'acollida a partir de les "
            "8 h i de menjador.\n\n"
            "Les places s'adjudiquen per ordre d'inscripció; els infants amb necessitats "
            "educatives específiques tenen suport d'un monitor o monitora de reforç."
        ),
        "topic": "educacio",
        "department": "educacio",
        "who_can_apply": (
            "El pare, la mare o la persona que té la tutela d'infants i adolescents nascuts "
            "entre el 2011 i el 2024."
        ),
        "requirements": "Estar al corrent de pagament dels casals d'anys anteriors.",
        "documents": "Targeta sanitària de l'infant\nCarnet de vacunes",
        "fees": (
            "Preu públic de 65,00 € per torn de matí i de 95,00 € per torn de matí i tarda. "
            "Hi ha tarifació social i descomptes per a germans (ordenança de preus públics)."
        ),
        "deadline": (1, MONTHS),
        "silence": NEGATIVE,
        "legal_basis": (
            "Decret 267/2016, de 5 de juliol, de les activitats d'educació en el lleure en "
            "què participen menors de 18 anys.\nOrdenança de preus públics."
        ),
        "window": (date(2027, 4, 12), date(2027, 4, 30)),
        "fields": [
            field("nom-infant", "Nom i cognoms de l'infant"),
            field("data-naixement", "Data de naixement", FieldKind.DATE),
            field(
                "torns",
                "Torns",
                FieldKind.MULTIPLE_CHOICE,
                choices=(
                    "Torn 1: del 28 de juny al 9 de juliol",
                    "Torn 2: del 12 al 23 de juliol",
                    "Torn 3: del 26 de juliol al 6 d'agost",
                ),
            ),
            field("acollida", "Necessites el servei d'acollida?", FieldKind.YES_NO),
            field(
                "observacions",
                "Al·lèrgies, medicació o necessitats específiques",
                FieldKind.LONG_TEXT,
                required=False,
            ),
            file_field("targeta-sanitaria", "Targeta sanitària", types="pdf,jpeg,png", size=5),
        ],
    },
    # --- Queixes i suggeriments -------------------------------------------------------
    {
        "slug": "queixes-suggeriments",
        "title": "Queixes, suggeriments i agraïments",
        "summary": (
            "Fes-nos saber què no funciona, què podríem millorar o què t'ha agradat dels "
            "serveis municipals."
        ),
        "description": (
            "Pots adreçar a l'Ajuntament una queixa sobre un servei municipal, un "
            "suggeriment per millorar-lo o un agraïment. Cada comunicació s'envia al servei "
            "responsable, que et respondrà per escrit.\n\n"
            "Per avisar d'una incidència a la via pública (un fanal espatllat, un forat a la "
            "vorera), indica'n l'adreça exacta i, si pots, adjunta-hi una fotografia."
        ),
        "topic": "queixes-i-suggeriments",
        "department": "oac",
        "businesses": True,
        "associations": True,
        "who_can_apply": "Qualsevol persona, entitat o empresa.",
        "requirements": "",
        "documents": "",
        "fees": "",
        "deadline": (1, MONTHS),
        "silence": NO_SILENCE,
        "legal_basis": (
            f"{LPAC}\n"
            "Llei 26/2010, del 3 d'agost, de règim jurídic i de procediment de les "
            "administracions públiques de Catalunya.\n"
            "Reglament municipal de participació ciutadana."
        ),
        "fields": [
            field(
                "tipus",
                "Què ens vols fer arribar",
                FieldKind.CHOICE,
                choices=("Una queixa", "Un suggeriment", "Un agraïment"),
            ),
            field("descripcio", "Explicació", FieldKind.LONG_TEXT),
            field(
                "lloc",
                "Adreça o lloc",
                required=False,
                help="Si es refereix a un lloc concret del municipi.",
            ),
            file_field(
                "fotografia",
                "Fotografia",
                types="jpeg,png",
                size=5,
                required=False,
            ),
        ],
    },
    # --- Altres -----------------------------------------------------------------------
    {
        "slug": "instancia-generica",
        "title": "Instància genèrica",
        "summary": (
            "Qualsevol sol·licitud, escrit o comunicació a l'Ajuntament que no tingui un "
            "tràmit específic."
        ),
        "description": (
            "Fes servir la instància genèrica quan el que vols demanar o comunicar no "
            "apareix al catàleg de tràmits. Explica els fets a l'apartat «Exposo» i el que "
            "demanes a l'apartat «Sol·licito», i adjunta-hi els documents que calguin.\n\n"
            "La instància queda registrada amb número, data i hora, i es tramet al "
            "departament competent."
        ),
        "topic": "altres",
        "department": "oac",
        "businesses": True,
        "associations": True,
        "who_can_apply": "Qualsevol persona, empresa o entitat.",
        "requirements": "",
        "documents": "Els que siguin necessaris per a la teva sol·licitud",
        "fees": "",
        "deadline": (3, MONTHS),
        "silence": NO_SILENCE,
        "legal_basis": f"{LPAC} Articles 16 i 66.",
        "generic": True,
        "fields": [
            field(
                "exposo",
                "Exposo",
                FieldKind.LONG_TEXT,
                help="Explica els fets i els motius de la teva sol·licitud.",
            ),
            field(
                "sollicito",
                "Sol·licito",
                FieldKind.LONG_TEXT,
                help="Digues concretament què demanes a l'Ajuntament.",
            ),
            file_field(
                "documents",
                "Documents adjunts",
                types="pdf,jpeg,png,odt,docx",
                size=20,
                required=False,
            ),
        ],
    },
    {
        "slug": "acces-informacio-publica",
        "title": "Sol·licitud d'accés a la informació pública",
        "summary": (
            "Dret de qualsevol persona a obtenir informació i documents que té l'Ajuntament, "
            "sense haver d'explicar per què."
        ),
        "description": (
            "Pots demanar qualsevol informació que l'Ajuntament tingui a les seves mans: "
            "contractes, informes, expedients, dades. No cal que justifiquis la teva "
            "sol·licitud.\n\n"
            "L'accés només es pot limitar en els casos que preveu la llei, per exemple per "
            "protegir dades personals d'altres persones, i la denegació s'ha de motivar. "
            "Contra la resolució pots reclamar a la Comissió de Garantia del Dret d'Accés a "
            "la Informació Pública (GAIP)."
        ),
        "topic": "altres",
        "department": "secretaria-general",
        "businesses": True,
        "associations": True,
        "who_can_apply": "Qualsevol persona major de 16 anys, empresa o entitat.",
        "requirements": "Identificar amb prou detall la informació que demanes.",
        "documents": "",
        "fees": (
            "L'accés és gratuït. Les còpies en paper o en un suport físic poden estar "
            "subjectes a la taxa de l'ordenança fiscal 1.4."
        ),
        "deadline": (1, MONTHS),
        "silence": POSITIVE,
        "legal_basis": (
            "Llei 19/2014, del 29 de desembre, de transparència, accés a la informació "
            "pública i bon govern. Articles 18 a 40.\n"
            "Llei 19/2013, de 9 de desembre, de transparència, accés a la informació pública "
            "i bon govern."
        ),
        "fields": [
            field("informacio", "Informació que demanes", FieldKind.LONG_TEXT),
            field(
                "format",
                "Com la vols rebre",
                FieldKind.CHOICE,
                choices=(
                    "Còpia electrònica",
                    "Consulta presencial dels documents",
                    "Còpia en paper",
                ),
            ),
            field(
                "motiu",
                "Motiu",
                FieldKind.LONG_TEXT,
                required=False,
                help="No és obligatori. Pot ajudar a trobar la informació que t'interessa.",
            ),
        ],
    },
    {
        "slug": "casament-civil",
        "title": "Celebració de casaments civils a l'Ajuntament",
        "summary": (
            "Reserva de data i sala per celebrar un casament civil oficiat per l'alcaldia o "
            "un regidor o regidora."
        ),
        "description": (
            "Els casaments civils se celebren a la sala de plens de l'Ajuntament els "
            "divendres a la tarda i els dissabtes al matí. Abans cal haver tramitat "
            "l'expedient matrimonial al Registre Civil.\n\n"
            "Les dues persones contraents han de venir juntes a l'Oficina d'Atenció "
            "Ciutadana per reservar la data i signar la sol·licitud."
        ),
        "topic": "altres",
        "department": "secretaria-general",
        "who_can_apply": "Les dues persones que es volen casar, conjuntament.",
        "requirements": (
            "Tenir l'expedient matrimonial aprovat pel Registre Civil.\n"
            "Dues persones testimonis majors d'edat."
        ),
        "documents": (
            "Resolució de l'expedient matrimonial del Registre Civil\n"
            "Document d'identitat de les persones contraents i dels testimonis"
        ),
        "fees": (
            "Taxa de 120,00 € en divendres i de 200,00 € en dissabte (ordenança fiscal 1.4). "
            "Si una de les persones contraents està empadronada a Mollet, hi ha una reducció "
            "del 50 %."
        ),
        "deadline": (1, MONTHS),
        "silence": NEGATIVE,
        "legal_basis": (
            "Llei 20/2011, de 21 de juliol, del Registre Civil. Article 58.\n"
            "Codi civil, article 51.\nOrdenança fiscal 1.4."
        ),
        "online": False,
        "channel_notes": (
            "Només presencialment, amb cita prèvia a l'Oficina d'Atenció Ciutadana, perquè "
            "les dues persones contraents han de signar la sol·licitud."
        ),
        "fields": [
            field("data-preferida", "Data que vols", FieldKind.DATE),
            field(
                "franja",
                "Franja horària",
                FieldKind.CHOICE,
                choices=("Divendres a la tarda", "Dissabte al matí"),
            ),
            field("convidats", "Nombre aproximat de convidats", FieldKind.NUMBER),
            field(
                "idioma",
                "Llengua de la cerimònia",
                FieldKind.CHOICE,
                choices=("Català", "Castellà", "Català i castellà"),
            ),
            file_field("expedient", "Resolució de l'expedient matrimonial"),
        ],
    },
]


def _department(slug, name, email, phone):
    # Another section's demo may have made the same department first, under
    # the same name: reuse it rather than clash on the unique name.
    department = Department.objects.filter(Q(slug=slug) | Q(name=name)).first() or Department(
        slug=slug
    )
    department.name, department.email, department.phone = name, email, phone
    department.full_clean()
    department.save()
    return department


def _topic(slug, name, order):
    topic = Topic.objects.filter(Q(slug=slug) | Q(name=name)).first() or Topic(slug=slug)
    topic.name, topic.order = name, order
    topic.full_clean()
    topic.save()
    return topic


def _procedure(spec, topics, departments):
    window = spec.get("window")
    values = {
        "title": spec["title"],
        "summary": spec["summary"],
        "description": spec["description"],
        "topic": topics[spec["topic"]],
        "department": departments[spec["department"]],
        "for_citizens": spec.get("citizens", True),
        "for_businesses": spec.get("businesses", False),
        "for_associations": spec.get("associations", False),
        "who_can_apply": spec["who_can_apply"],
        "requirements": spec["requirements"],
        "documents": spec["documents"],
        "fees": spec["fees"],
        "resolution_deadline": spec["deadline"][0],
        "resolution_deadline_unit": spec["deadline"][1],
        "silence_effect": spec["silence"],
        "legal_basis": spec["legal_basis"],
        "available_online": spec.get("online", True),
        "in_person": True,
        "channel_notes": spec.get("channel_notes", ""),
        "is_permanent": window is None,
        "open_from": window[0] if window else None,
        "open_until": window[1] if window else None,
        "is_generic": spec.get("generic", False),
        "is_published": True,
    }
    procedure = Procedure.objects.filter(slug=spec["slug"]).first()
    if procedure is None and values["is_generic"]:
        # There can be only one generic request: refresh the one staff made.
        procedure = Procedure.objects.filter(is_generic=True).first()
    procedure = procedure or Procedure(slug=spec["slug"])
    for name, value in values.items():
        setattr(procedure, name, value)
    procedure.full_clean()
    procedure.save()

    # The form is replaced by the listed fields: a field dropped from the list
    # goes, and the rest are updated in place (drafts keep their answers).
    names = [f["name"] for f in spec["fields"]]
    procedure.fields.exclude(name__in=names).delete()
    for order, field_spec in enumerate(spec["fields"], start=1):
        form_field = procedure.fields.filter(name=field_spec["name"]).first() or ProcedureField(
            procedure=procedure, name=field_spec["name"]
        )
        defaults = {"allowed_types": "pdf", "max_size_mb": 10}
        for name, value in {**defaults, **field_spec, "order": order * 10}.items():
            setattr(form_field, name, value)
        form_field.full_clean()
        form_field.save()
    return procedure


@transaction.atomic
def seed_procedures() -> int:
    """Create or refresh the demo catalogue; returns how many procedures it holds."""
    departments = {slug: _department(slug, *rest) for slug, *rest in DEMO_DEPARTMENTS}
    topics = {
        slug: _topic(slug, name, order) for order, (slug, name) in enumerate(DEMO_TOPICS, start=1)
    }
    for spec in DEMO_PROCEDURES:
        _procedure(spec, topics, departments)
    return len(DEMO_PROCEDURES)
