"""Demo content for the notice board: about sixty notices of a Catalan town.

The texts are council data, so they are in Catalan, as the council's own
board would be. The laws cited are real; the case numbers, streets of the
projects, amounts and dates are examples.

The board's history is made the way a real one is: each notice is drafted,
gets a one-page PDF, and is published through tauler.services at a moment in
the past (09:00 of a business day, a little before its start), and the events
that follow (an extension, a cancellation, a correction, the ends of the
periods) are replayed in the order they happened. So the numbers follow the
dates, the publication log is in chronological order and verifies, and the
finished notices have their certificates.

Times are relative to the day the demo is loaded: some notices finished long
ago, most are on display now, two start in the coming days.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from corporativa.business_days import OFFICIAL_TZ, BusinessCalendar, official_today
from corporativa.models import Department
from tauler import services
from tauler.certificates import certificate_issue, notices_needing_certificate
from tauler.models import Category, Notice

# slug, name (in display order)
DEMO_CATEGORIES = [
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

# slug, name: the same slugs as the procedure catalogue's demo, so both share them.
DEMO_DEPARTMENTS = [
    ("urbanisme", "Urbanisme"),
    ("padro", "Padró d'Habitants"),
    ("hisenda-i-tributs", "Hisenda i Tributs"),
    ("medi-ambient", "Medi Ambient"),
    ("secretaria-general", "Secretaria General"),
    ("serveis-socials", "Serveis Socials"),
    ("educacio", "Educació"),
    ("cultura", "Cultura"),
    ("via-publica-i-mobilitat", "Via Pública i Mobilitat"),
    ("recursos-humans", "Recursos Humans"),
    ("contractacio", "Contractació"),
]

INFO_PUBLICA = (
    "Durant aquest termini l'expedient es pot consultar a la seu electrònica i, amb cita "
    "prèvia, a les dependències municipals de la plaça Major, 1, i qualsevol persona hi pot "
    "presentar al·legacions pel registre electrònic."
)
RECURSOS = (
    "Contra aquest acte, que posa fi a la via administrativa, es pot interposar recurs "
    "potestatiu de reposició davant el mateix òrgan en el termini d'un mes, o recurs "
    "contenciós administratiu davant els jutjats de Barcelona en el termini de dos mesos, "
    "comptats des de l'endemà de la publicació."
)
EDICTE_NOTIFICACIO = (
    "Atès que no s'ha pogut practicar la notificació personal, es fa aquesta notificació per "
    "mitjà d'anunci, d'acord amb l'article 44 de la Llei 39/2015, d'1 d'octubre, del "
    "procediment administratiu comú de les administracions públiques."
)


@dataclass(frozen=True)
class DemoNotice:
    """One notice of the demo and what happens to it.

    `start` counts business days from today: negative in the past, positive in
    the future. `days` is the period in business days, None for a permanent
    notice. `extend` and `cancel` happen that many business days after the
    start; `corrects` names the `key` of the notice it corrects, whose number
    replaces {corrects} in the text.
    """

    key: str
    category: str
    department: str
    case: str
    title: str
    text: str
    start: int
    days: int | None = 20
    documents: tuple[str, ...] = ("Edicte",)
    pinned: bool = False
    extend: tuple[int, int] | None = None
    cancel: tuple[int, str] | None = None
    corrects: str | None = None


N = DemoNotice

DEMO_NOTICES = [
    # --- Urbanisme ---------------------------------------------------------------
    N(
        "poum-can-borrell",
        "urbanisme",
        "urbanisme",
        "1187-URB",
        "Aprovació inicial de la modificació puntual del POUM a l'àmbit de Can Borrell",
        "El Ple de l'Ajuntament, en sessió ordinària, va aprovar inicialment la modificació "
        "puntual del Pla d'ordenació urbanística municipal a l'àmbit de Can Borrell, que "
        "reordena els usos del sòl per fer-hi habitatge de protecció oficial i un nou parc "
        "urbà.\nD'acord amb l'article 85 del Decret legislatiu 1/2010, de 3 d'agost, pel qual "
        f"s'aprova el text refós de la Llei d'urbanisme, l'expedient se sotmet a informació "
        f"pública durant un mes. {INFO_PUBLICA}",
        start=-6,
        days=22,
        documents=("Acord de Ple d'aprovació inicial", "Memòria de la modificació puntual"),
        pinned=True,
    ),
    N(
        "urbanitzacio-sant-vicenc",
        "urbanisme",
        "urbanisme",
        "0642-URB",
        "Informació pública del projecte d'urbanització del carrer de Sant Vicenç",
        "La Junta de Govern Local va aprovar inicialment el projecte d'urbanització del carrer "
        "de Sant Vicenç, entre la Rambla Balmes i el carrer de Berenguer III, que amplia les "
        "voreres, hi planta arbrat i renova l'enllumenat.\nEl projecte se sotmet a informació "
        f"pública durant vint dies hàbils. {INFO_PUBLICA}",
        start=-160,
        days=20,
        documents=("Acord d'aprovació inicial", "Plànols del projecte"),
    ),
    N(
        "gallecs-pla-especial",
        "urbanisme",
        "urbanisme",
        "0218-URB",
        "Aprovació definitiva del Pla especial de l'Espai Rural de Gallecs",
        "La Comissió Territorial d'Urbanisme de l'Àmbit Metropolità de Barcelona va aprovar "
        "definitivament el Pla especial urbanístic de protecció de l'Espai Rural de Gallecs en "
        "el terme municipal de Mollet del Vallès.\nEs publica per a general coneixement. "
        + RECURSOS,
        start=-215,
        days=20,
    ),
    N(
        "suspensio-riera-seca",
        "urbanisme",
        "urbanisme",
        "1203-URB",
        "Suspensió de llicències a l'àmbit de la Riera Seca",
        "Amb l'aprovació inicial del Pla de millora urbana de la Riera Seca, queda suspesa la "
        "tramitació i l'atorgament de llicències de parcel·lació, edificació, reforma i "
        "enderroc en el seu àmbit, per un termini màxim de dos anys, d'acord amb l'article 73 "
        "del text refós de la Llei d'urbanisme.\nEl plànol annex delimita les finques "
        "afectades.",
        start=-3,
        days=20,
        documents=("Acord de suspensió", "Plànol de l'àmbit afectat"),
    ),
    N(
        "reparcellacio-plana-llado",
        "urbanisme",
        "urbanisme",
        "0477-URB",
        "Aprovació inicial del projecte de reparcel·lació del sector Plana Lladó",
        "La Junta de Govern Local va aprovar inicialment el projecte de reparcel·lació del "
        "sector Plana Lladó, per modalitat de cooperació.\nL'expedient se sotmet a informació "
        f"pública durant un mes. {INFO_PUBLICA} Les persones titulars de béns i drets "
        "afectats també en reben notificació individual.",
        start=-120,
        days=22,
    ),
    N(
        "pmu-balmes",
        "urbanisme",
        "urbanisme",
        "1150-URB",
        "Informació pública del Pla de millora urbana de l'illa Rambla Balmes - Anselm Clavé",
        "La Junta de Govern Local va aprovar inicialment el Pla de millora urbana de l'illa "
        "delimitada per la Rambla Balmes i els carrers d'Anselm Clavé, de Gaietà Vínzia i de "
        "l'Estació.\nEl pla se sotmet a informació pública durant vint dies hàbils. "
        + INFO_PUBLICA,
        start=-12,
        days=22,
        documents=("Acord d'aprovació inicial", "Document del Pla de millora urbana"),
    ),
    N(
        "pmu-balmes-correccio",
        "urbanisme",
        "urbanisme",
        "1150-URB",
        "Correcció d'errors: informació pública del Pla de millora urbana de l'illa Rambla "
        "Balmes - Anselm Clavé",
        "S'ha advertit un error en l'anunci {corrects}: on diu «durant vint dies hàbils» ha de "
        "dir «durant un mes», que és el termini que fixa l'article 85 del text refós de la Llei "
        "d'urbanisme per als plans de millora urbana.\nEl termini d'informació pública es "
        "compta de nou a partir de l'endemà de la publicació d'aquesta correcció. " + INFO_PUBLICA,
        start=-4,
        days=22,
        documents=("Resolució de correcció d'errors",),
        corrects="pmu-balmes",
    ),
    # --- Padró d'habitants -------------------------------------------------------------
    N(
        "baixes-ofici-1",
        "padro-d-habitants",
        "padro",
        "0388-PAD",
        "Inici d'expedients de baixa d'ofici per inscripció indeguda al Padró",
        "S'han iniciat expedients de baixa d'ofici del Padró municipal d'habitants de les "
        "persones que figuren a l'annex, perquè s'ha comprovat que no resideixen al domicili "
        "on consten inscrites.\nDe conformitat amb l'article 72 del Reglament de població i "
        "demarcació territorial de les entitats locals, disposen de deu dies hàbils per "
        "manifestar-hi la seva conformitat o disconformitat i presentar els documents que "
        "considerin oportuns. " + EDICTE_NOTIFICACIO,
        start=-140,
        days=10,
        documents=("Edicte", "Annex de persones afectades"),
    ),
    N(
        "baixes-ofici-2",
        "padro-d-habitants",
        "padro",
        "1175-PAD",
        "Inici d'expedients de baixa d'ofici per inscripció indeguda al Padró",
        "S'han iniciat expedients de baixa d'ofici del Padró municipal d'habitants de les "
        "persones que figuren a l'annex, perquè no resideixen al domicili on consten "
        "inscrites.\nDisposen de deu dies hàbils per manifestar-hi la seva conformitat o "
        "disconformitat. " + EDICTE_NOTIFICACIO,
        start=-5,
        days=10,
        documents=("Edicte", "Annex de persones afectades"),
    ),
    N(
        "caducitat-enca",
        "padro-d-habitants",
        "padro",
        "0702-PAD",
        "Caducitat d'inscripcions padronals de persones estrangeres no comunitàries",
        "Es declara la caducitat de les inscripcions padronals de les persones estrangeres "
        "sense autorització de residència permanent que figuren a l'annex i que no les han "
        "renovat en el termini de dos anys, d'acord amb l'article 16 de la Llei 7/1985, de 2 "
        "d'abril, reguladora de les bases del règim local.\nLa baixa produeix efectes des de "
        "la data de publicació d'aquest anunci. " + EDICTE_NOTIFICACIO,
        start=-95,
        days=10,
    ),
    N(
        "renovacio-enca",
        "padro-d-habitants",
        "padro",
        "1190-PAD",
        "Avís de renovació de la inscripció padronal de persones estrangeres",
        "Les persones estrangeres no comunitàries sense autorització de residència permanent "
        "que figuren a l'annex han de renovar la seva inscripció al Padró abans que es compleixin "
        "dos anys des de la inscripció o l'última renovació.\nLa renovació es pot fer a "
        "l'Oficina d'Atenció Ciutadana o per la seu electrònica. Si no es renova, la inscripció "
        "caducarà i se'n farà la baixa.",
        start=-2,
        days=15,
        documents=("Avís", "Annex de persones afectades"),
    ),
    N(
        "comunitaris",
        "padro-d-habitants",
        "padro",
        "0533-PAD",
        "Confirmació de residència de persones de països de la Unió Europea",
        "Les persones nacionals d'estats de la Unió Europea que figuren a l'annex, inscrites "
        "fa més de cinc anys sense certificat de registre, han de confirmar que continuen "
        "residint al municipi.\nSi no ho fan en el termini de quinze dies hàbils, s'iniciarà "
        "l'expedient de baixa d'ofici.",
        start=-75,
        days=15,
    ),
    # --- Contractació ----------------------------------------------------------------
    N(
        "licitacio-enllumenat",
        "contractacio",
        "contractacio",
        "1102-CTR",
        "Licitació del contracte de manteniment de l'enllumenat públic",
        "Es convoca la licitació, per procediment obert i subjecta a regulació harmonitzada, "
        "del contracte de serveis de manteniment i conservació de l'enllumenat públic i les "
        "instal·lacions semafòriques, amb un pressupost base de 1.248.000 euros, IVA exclòs, "
        "per quatre anys.\nEls plecs i la presentació d'ofertes són a la Plataforma de Serveis "
        "de Contractació Pública de la Generalitat de Catalunya.",
        start=-7,
        days=25,
        documents=("Anunci de licitació", "Plec de clàusules administratives particulars"),
    ),
    N(
        "adjudicacio-prat-de-la-riba",
        "contractacio",
        "contractacio",
        "0611-CTR",
        "Adjudicació de les obres de reurbanització de la plaça de Prat de la Riba",
        "La Junta de Govern Local va adjudicar el contracte d'obres de reurbanització de la "
        "plaça de Prat de la Riba a l'empresa que va presentar l'oferta amb la millor relació "
        "qualitat-preu, per un import de 684.350,20 euros, IVA inclòs, i un termini d'execució "
        "de sis mesos.\n" + RECURSOS,
        start=-130,
        days=10,
    ),
    N(
        "formalitzacio-neteja",
        "contractacio",
        "contractacio",
        "0390-CTR",
        "Formalització del contracte del servei de neteja d'edificis municipals",
        "Es fa pública la formalització del contracte del servei de neteja dels edificis i "
        "equipaments municipals, amb una durada de tres anys prorrogables per dos més, d'acord "
        "amb l'article 154 de la Llei 9/2017, de 8 de novembre, de contractes del sector "
        "públic.",
        start=-190,
        days=10,
    ),
    N(
        "licitacio-escola-bressol",
        "contractacio",
        "contractacio",
        "0755-CTR",
        "Licitació del subministrament de mobiliari per a l'Escola Bressol Municipal",
        "Es convoca la licitació, per procediment obert simplificat, del subministrament de "
        "mobiliari i material de joc per a l'Escola Bressol Municipal Cigonya, amb un "
        "pressupost base de 58.400 euros, IVA exclòs.\nLes ofertes es presenten per la "
        "Plataforma de Serveis de Contractació Pública.",
        start=-88,
        days=15,
    ),
    N(
        "expedient-parcs-jardins",
        "contractacio",
        "contractacio",
        "1163-CTR",
        "Aprovació de l'expedient de contractació del manteniment de parcs i jardins",
        "La Junta de Govern Local va aprovar l'expedient de contractació del servei de "
        "manteniment dels parcs, jardins i arbrat viari, amb reserva d'un lot per a centres "
        "especials de treball d'iniciativa social, i la despesa plurianual corresponent.\n"
        "L'anunci de licitació es publicarà a la Plataforma de Serveis de Contractació "
        "Pública.",
        start=-8,
        days=15,
    ),
    N(
        "bar-casal",
        "contractacio",
        "contractacio",
        "1120-CTR",
        "Licitació de la concessió del servei de bar del Casal de Gent Gran",
        "Es convoca la licitació de la concessió del servei de bar i cafeteria del Casal de Gent "
        "Gran de Can Pantiquet, per un termini de quatre anys.\nEls plecs es poden consultar a "
        "la Plataforma de Serveis de Contractació Pública.",
        start=-12,
        days=20,
        cancel=(
            6,
            "S'anul·la la licitació per un error en el plec de clàusules administratives "
            "particulars, que fixava un cànon mínim incorrecte. Un cop esmenat, es tornarà a "
            "publicar.",
        ),
    ),
    N(
        "formalitzacio-energia",
        "contractacio",
        "contractacio",
        "0150-CTR",
        "Formalització del contracte de subministrament d'energia elèctrica",
        "Es fa pública la formalització del contracte basat en l'acord marc del Consorci "
        "Català per al Desenvolupament Local per al subministrament d'energia elèctrica "
        "d'origen renovable als edificis i l'enllumenat municipals.",
        start=-225,
        days=10,
    ),
    # --- Recursos humans --------------------------------------------------------------
    N(
        "policia-admesos",
        "recursos-humans",
        "recursos-humans",
        "0522-RH",
        "Llista provisional d'aspirants admesos i exclosos: dues places d'agent de la Policia "
        "Local",
        "Es fa pública la llista provisional d'aspirants admesos i exclosos del concurs oposició "
        "lliure per cobrir dues places d'agent de la Policia Local, escala bàsica.\nLes persones "
        "excloses disposen de deu dies hàbils per esmenar els defectes que hagin motivat "
        "l'exclusió. Les llistes identifiquen les persones aspirants amb quatre xifres "
        "aleatòries del document d'identitat.",
        start=-110,
        days=10,
        documents=("Resolució", "Llista provisional"),
    ),
    N(
        "bases-tag",
        "recursos-humans",
        "recursos-humans",
        "0310-RH",
        "Bases del procés selectiu d'una plaça de tècnic/a d'administració general",
        "La Junta de Govern Local va aprovar les bases específiques del procés selectiu, per "
        "concurs oposició lliure, d'una plaça de tècnic/a d'administració general, subgrup A1.\n"
        "El termini de presentació de sol·licituds és de vint dies naturals a partir de "
        "l'endemà de la publicació de l'extracte al Diari Oficial de l'Estat.",
        start=-170,
        days=20,
        documents=("Bases específiques",),
    ),
    N(
        "policia-definitiva",
        "recursos-humans",
        "recursos-humans",
        "0522-RH",
        "Llista definitiva d'aspirants i data de la primera prova: agents de la Policia Local",
        "Es fa pública la llista definitiva d'aspirants admesos i exclosos del concurs oposició "
        "per cobrir dues places d'agent de la Policia Local, la composició del tribunal i la "
        "data de la primera prova, que tindrà lloc a les 9 hores al Pavelló Municipal Plana "
        "Lladó.\nLes persones aspirants hi han de portar el document d'identitat original.",
        start=-9,
        days=20,
        documents=("Resolució", "Llista definitiva"),
    ),
    N(
        "borsa-educadors",
        "recursos-humans",
        "recursos-humans",
        "1140-RH",
        "Convocatòria d'una borsa de treball d'educadors/es d'escola bressol",
        "Es convoca un procés selectiu per crear una borsa de treball d'educadors/es d'escola "
        "bressol, per cobrir necessitats temporals de personal a les escoles bressol "
        "municipals.\nLes sol·licituds es presenten pel tràmit en línia de la seu electrònica.",
        start=-11,
        days=15,
        documents=("Bases de la convocatòria",),
        extend=(8, 25),
    ),
    N(
        "nomenament-practiques",
        "recursos-humans",
        "recursos-humans",
        "0840-RH",
        "Nomenament de funcionària en pràctiques: tècnica d'administració general",
        "Vista la proposta del tribunal qualificador, l'Alcaldia ha nomenat funcionària en "
        "pràctiques l'aspirant que ha superat el procés selectiu d'una plaça de tècnic/a "
        "d'administració general, subgrup A1.\n" + RECURSOS,
        start=-60,
        days=10,
    ),
    N(
        "oferta-ocupacio",
        "recursos-humans",
        "recursos-humans",
        "0090-RH",
        "Oferta pública d'ocupació de l'Ajuntament",
        "La Junta de Govern Local va aprovar l'oferta pública d'ocupació de l'exercici, que "
        "inclou dinou places de personal funcionari i sis de personal laboral, de les quals "
        "quatre són de promoció interna.\nL'oferta es publica també al Diari Oficial de la "
        "Generalitat de Catalunya.",
        start=-235,
        days=20,
        documents=("Acord", "Relació de places"),
    ),
    N(
        "auxiliars-administratius",
        "recursos-humans",
        "recursos-humans",
        "1210-RH",
        "Convocatòria de dues places d'auxiliar administratiu/iva",
        "Es convoca el procés selectiu, per concurs oposició lliure, de dues places d'auxiliar "
        "administratiu/iva, subgrup C2, de la plantilla de personal funcionari.\nLes bases "
        "completes i el model de sol·licitud són a l'annex i al tràmit de la seu electrònica.",
        start=3,
        days=20,
        documents=("Bases de la convocatòria",),
    ),
    # --- Hisenda i tributs ------------------------------------------------------------
    N(
        "calendari-fiscal",
        "hisenda-i-tributs",
        "hisenda-i-tributs",
        "0012-HIS",
        "Calendari fiscal dels tributs municipals",
        "Es fa públic el calendari de cobrament en període voluntari dels tributs municipals "
        "de l'exercici: l'impost sobre béns immobles, l'impost sobre vehicles de tracció "
        "mecànica, la taxa de recollida d'escombraries i l'impost sobre activitats "
        "econòmiques.\nEls rebuts domiciliats es carreguen a compte el darrer dia de cada "
        "període. Els no domiciliats es poden pagar a les entitats col·laboradores o en línia.",
        start=-230,
        days=None,
        documents=("Calendari fiscal",),
        pinned=True,
    ),
    N(
        "padro-escombraries",
        "hisenda-i-tributs",
        "hisenda-i-tributs",
        "0205-HIS",
        "Exposició pública del padró de la taxa de recollida d'escombraries",
        "S'exposa al públic el padró fiscal de la taxa per la recollida d'escombraries "
        "domiciliàries de l'exercici, durant vint dies hàbils, per tal que les persones "
        "interessades el puguin examinar i presentar-hi reclamacions.\nL'exposició al públic "
        "produeix els efectes de la notificació col·lectiva de les liquidacions, d'acord amb "
        "l'article 102.3 de la Llei 58/2003, de 17 de desembre, general tributària.",
        start=-200,
        days=20,
    ),
    N(
        "ordenances-fiscals",
        "hisenda-i-tributs",
        "hisenda-i-tributs",
        "0930-HIS",
        "Aprovació provisional de la modificació de les ordenances fiscals",
        "El Ple de l'Ajuntament va aprovar provisionalment la modificació de les ordenances "
        "fiscals reguladores dels tributs municipals per a l'exercici vinent.\nD'acord amb "
        "l'article 17 del text refós de la Llei reguladora de les hisendes locals, l'acord "
        "s'exposa al públic durant trenta dies hàbils. Si no s'hi presenten reclamacions, "
        "l'acord esdevindrà definitiu sense necessitat d'un nou acord.",
        start=-45,
        days=30,
        documents=("Acord de Ple", "Text de les ordenances modificades"),
    ),
    N(
        "pressupost",
        "hisenda-i-tributs",
        "hisenda-i-tributs",
        "1195-HIS",
        "Aprovació inicial del pressupost general de l'Ajuntament",
        "El Ple de l'Ajuntament va aprovar inicialment el pressupost general per a l'exercici "
        "vinent, les bases d'execució i la plantilla de personal.\nD'acord amb l'article 169 "
        "del text refós de la Llei reguladora de les hisendes locals, l'expedient s'exposa al "
        "públic durant quinze dies hàbils, durant els quals es poden presentar reclamacions "
        "davant el Ple. Si no se'n presenta cap, el pressupost es considerarà definitivament "
        "aprovat.",
        start=-4,
        days=15,
        documents=("Acord de Ple", "Pressupost general"),
        pinned=True,
    ),
    N(
        "compte-general",
        "hisenda-i-tributs",
        "hisenda-i-tributs",
        "0560-HIS",
        "Exposició pública del compte general de l'exercici anterior",
        "Informat per la Comissió Especial de Comptes, el compte general de l'exercici anterior "
        "s'exposa al públic durant quinze dies hàbils. Durant aquest termini i vuit dies més, "
        "les persones interessades hi poden presentar reclamacions, objeccions o observacions, "
        "d'acord amb l'article 212 del text refós de la Llei reguladora de les hisendes "
        "locals.",
        start=-150,
        days=23,
    ),
    N(
        "ibi-voluntari",
        "hisenda-i-tributs",
        "hisenda-i-tributs",
        "1180-HIS",
        "Cobrament en període voluntari del segon termini de l'IBI",
        "Es posa en coneixement de les persones contribuents que el cobrament en període "
        "voluntari del segon termini de l'impost sobre béns immobles està obert.\nUn cop "
        "acabat el període voluntari, els deutes no pagats s'exigiran per la via de "
        "constrenyiment, amb els recàrrecs de l'article 28 de la Llei general tributària.",
        start=-10,
        days=20,
    ),
    N(
        "modificacio-credit",
        "hisenda-i-tributs",
        "hisenda-i-tributs",
        "0688-HIS",
        "Aprovació inicial d'una modificació de crèdit del pressupost",
        "El Ple va aprovar inicialment l'expedient de modificació de crèdit en la modalitat de "
        "crèdit extraordinari, finançat amb romanent de tresoreria, per a inversions en "
        "equipaments esportius.\nL'expedient s'exposa al públic durant quinze dies hàbils.",
        start=-100,
        days=15,
    ),
    # --- Medi ambient -------------------------------------------------------------------
    N(
        "llicencia-ambiental-taller",
        "medi-ambient",
        "medi-ambient",
        "0599-MA",
        "Informació pública d'una llicència ambiental per a un taller de reparació de vehicles",
        "S'ha sol·licitat llicència ambiental per a l'activitat de taller de reparació de "
        "vehicles amb zona de pintura, al carrer de Berenguer III.\nD'acord amb la Llei "
        "20/2009, de 4 de desembre, de prevenció i control ambiental de les activitats, "
        "l'expedient s'exposa al públic durant vint dies hàbils. " + INFO_PUBLICA,
        start=-135,
        days=20,
    ),
    N(
        "arts-grafiques",
        "medi-ambient",
        "medi-ambient",
        "0270-MA",
        "Informació pública d'una activitat d'arts gràfiques al polígon Can Prat",
        "S'ha sol·licitat llicència ambiental per a una indústria d'impressió i arts gràfiques "
        "al polígon industrial Can Prat.\nL'expedient s'exposa al públic durant vint dies "
        "hàbils perquè les persones que es considerin afectades hi puguin presentar "
        "al·legacions.",
        start=-180,
        days=20,
    ),
    N(
        "ordenanca-animals",
        "medi-ambient",
        "medi-ambient",
        "1110-MA",
        "Aprovació inicial de l'ordenança de tinença i protecció d'animals de companyia",
        "El Ple va aprovar inicialment l'ordenança municipal reguladora de la tinença i la "
        "protecció dels animals de companyia, adaptada a la Llei 7/2023, de 28 de març, de "
        "protecció dels drets i el benestar dels animals.\nD'acord amb l'article 49 de la Llei "
        "7/1985, reguladora de les bases del règim local, se sotmet a informació pública "
        "durant trenta dies hàbils. " + INFO_PUBLICA,
        start=-14,
        days=30,
        documents=("Acord de Ple", "Text de l'ordenança"),
    ),
    N(
        "mosca-negra",
        "medi-ambient",
        "medi-ambient",
        "0455-MA",
        "Tractaments contra la mosca negra al riu Besòs",
        "Es fa públic que durant les properes setmanes es faran tractaments larvicides contra "
        "la mosca negra al tram del riu Besòs que passa pel municipi, coordinats pel Consell "
        "Comarcal del Vallès Oriental.\nEls productes utilitzats estan autoritzats i no són "
        "perillosos per a les persones ni per als animals domèstics.",
        start=-125,
        days=10,
    ),
    N(
        "paesc",
        "medi-ambient",
        "medi-ambient",
        "1099-MA",
        "Informació pública del Pla d'acció per a l'energia sostenible i el clima",
        "La Junta de Govern Local va aprovar inicialment el Pla d'acció per a l'energia "
        "sostenible i el clima (PAESC), que fixa les mesures per reduir les emissions de gasos "
        "d'efecte hivernacle del municipi i adaptar-lo al canvi climàtic.\nEl document se "
        f"sotmet a informació pública durant trenta dies hàbils. {INFO_PUBLICA}",
        start=-13,
        days=30,
        documents=("Acord", "Pla d'acció per a l'energia sostenible i el clima"),
    ),
    N(
        "zona-baixes-emissions",
        "medi-ambient",
        "medi-ambient",
        "1215-MA",
        "Aprovació inicial de l'ordenança de la zona de baixes emissions",
        "El Ple va aprovar inicialment l'ordenança reguladora de la zona de baixes emissions "
        "de Mollet del Vallès, d'acord amb la Llei 7/2021, de 20 de maig, de canvi climàtic i "
        "transició energètica.\nL'ordenança se sotmet a informació pública durant trenta dies "
        "hàbils. " + INFO_PUBLICA,
        start=2,
        days=30,
        documents=("Acord de Ple", "Text de l'ordenança"),
    ),
    # --- Edictes d'altres administracions -------------------------------------------------
    N(
        "c17-estudi",
        "edictes-d-altres-administracions",
        "secretaria-general",
        "0350-SEC",
        "Edicte del Departament de Territori sobre l'estudi informatiu de la carretera C-17",
        "Per encàrrec del Departament de Territori de la Generalitat de Catalunya, es publica "
        "l'anunci pel qual se sotmet a informació pública l'estudi informatiu de la millora "
        "de l'accés a la carretera C-17 al seu pas pel terme municipal.\nEl document es pot "
        "consultar a les oficines dels serveis territorials del Departament i al seu web.",
        start=-165,
        days=20,
    ),
    N(
        "aca-besos",
        "edictes-d-altres-administracions",
        "secretaria-general",
        "1170-SEC",
        "Anunci de l'Agència Catalana de l'Aigua sobre el condicionament de la llera del Besòs",
        "A petició de l'Agència Catalana de l'Aigua, es publica l'anunci d'informació pública "
        "del projecte de condicionament i restauració ambiental de la llera del riu Besòs entre "
        "Mollet del Vallès i Montcada i Reixac.\nLes al·legacions s'adrecen a l'Agència "
        "Catalana de l'Aigua.",
        start=-7,
        days=20,
    ),
    N(
        "jutjat-edicte",
        "edictes-d-altres-administracions",
        "secretaria-general",
        "0800-SEC",
        "Edicte del Jutjat de Primera Instància i Instrucció de Mollet del Vallès",
        "A requeriment del Jutjat de Primera Instància i Instrucció de Mollet del Vallès, es "
        "publica l'edicte de citació d'una persona en parador desconegut en un procediment "
        "de judici verbal.\nLa persona interessada pot comparèixer a la seu del Jutjat per "
        "conèixer el contingut íntegre de la resolució.",
        start=-70,
        days=10,
    ),
    N(
        "dgt-sancions",
        "edictes-d-altres-administracions",
        "secretaria-general",
        "0612-SEC",
        "Anunci del Servei Català de Trànsit: notificació de procediments sancionadors",
        "A petició del Servei Català de Trànsit, es publica l'anunci de notificació de "
        "resolucions de procediments sancionadors en matèria de trànsit a persones amb "
        "domicili al municipi que no s'han pogut notificar personalment.\nEl contingut íntegre "
        "es pot consultar a la seu del Servei Català de Trànsit.",
        start=-85,
        days=10,
    ),
    N(
        "orgt-edicte",
        "edictes-d-altres-administracions",
        "secretaria-general",
        "1185-SEC",
        "Edicte de l'Organisme de Gestió Tributària de la Diputació de Barcelona",
        "A petició de l'Organisme de Gestió Tributària de la Diputació de Barcelona, es publica "
        "l'edicte de citació per ser notificades per compareixença de les persones que "
        "figuren a l'annex, en relació amb procediments de recaptació.\nDisposen de quinze "
        "dies naturals per comparèixer a qualsevol oficina de l'Organisme.",
        start=-6,
        days=15,
        documents=("Edicte", "Annex"),
    ),
    N(
        "junta-electoral",
        "edictes-d-altres-administracions",
        "secretaria-general",
        "0120-SEC",
        "Llocs i locals oficials per a la propaganda electoral",
        "D'acord amb l'article 56 de la Llei orgànica 5/1985, del règim electoral general, es "
        "fa pública la relació de llocs especials gratuïts per a la col·locació de cartells i "
        "dels locals oficials i llocs públics disponibles per a actes de campanya, comunicada "
        "a la Junta Electoral de Zona de Mollet del Vallès.",
        start=-220,
        days=10,
        documents=("Relació de llocs i locals",),
    ),
    # --- Subvencions ---------------------------------------------------------------------
    N(
        "subvencions-entitats",
        "subvencions",
        "cultura",
        "0240-SUB",
        "Convocatòria de subvencions a entitats culturals, esportives i socials",
        "S'aprova la convocatòria de subvencions en règim de concurrència competitiva per a "
        "projectes i activitats d'entitats sense ànim de lucre del municipi, amb un import "
        "màxim de 310.000 euros.\nLes sol·licituds es presenten per la seu electrònica en el "
        "termini de vint dies hàbils. La convocatòria és a la Base de Dades Nacional de "
        "Subvencions.",
        start=-195,
        days=20,
        documents=("Bases i convocatòria",),
    ),
    N(
        "resolucio-provisional-entitats",
        "subvencions",
        "cultura",
        "0240-SUB",
        "Resolució provisional de subvencions a entitats",
        "Es fa pública la proposta de resolució provisional de la convocatòria de subvencions "
        "a entitats culturals, esportives i socials.\nLes entitats interessades disposen de "
        "deu dies hàbils per presentar-hi al·legacions o reformular el projecte.",
        start=-150,
        days=10,
        documents=("Proposta de resolució provisional",),
    ),
    N(
        "ajuts-ibi",
        "subvencions",
        "serveis-socials",
        "1160-SUB",
        "Ajuts per al pagament de l'IBI de l'habitatge habitual",
        "S'obre la convocatòria d'ajuts per al pagament de l'impost sobre béns immobles de "
        "l'habitatge habitual per a persones i famílies amb ingressos baixos.\nLes "
        "sol·licituds es poden presentar per la seu electrònica o a l'Oficina d'Atenció "
        "Ciutadana fins a l'acabament del termini.",
        start=-9,
        days=20,
        documents=("Bases i convocatòria", "Model de sol·licitud"),
    ),
    N(
        "llibres-material",
        "subvencions",
        "educacio",
        "0720-SUB",
        "Ajuts per a l'adquisició de llibres i material escolar",
        "Es convoquen ajuts per a l'adquisició de llibres de text i material escolar per a "
        "l'alumnat d'educació infantil, primària i secundària obligatòria empadronat al "
        "municipi.\nEl termini de presentació de sol·licituds és de quinze dies hàbils.",
        start=-80,
        days=15,
    ),
    N(
        "facanes",
        "subvencions",
        "urbanisme",
        "1130-SUB",
        "Ajuts a la rehabilitació de façanes i a la millora de l'accessibilitat",
        "Es convoquen els ajuts per a la rehabilitació de façanes, cobertes i elements comuns "
        "d'edificis d'habitatges i per a la instal·lació d'ascensors, amb un import total de "
        "450.000 euros.\nLes comunitats de propietaris poden presentar la sol·licitud per la "
        "seu electrònica.",
        start=-15,
        days=25,
        documents=("Bases i convocatòria",),
    ),
    N(
        "ajuts-contractacio",
        "subvencions",
        "serveis-socials",
        "0420-SUB",
        "Concessió definitiva d'ajuts a la contractació de persones en situació d'atur",
        "Es fa pública la resolució definitiva de concessió dels ajuts a empreses del municipi "
        "per la contractació de persones en situació d'atur de llarga durada.\n" + RECURSOS,
        start=-115,
        days=10,
        documents=("Resolució definitiva",),
    ),
    # --- Ple municipal -------------------------------------------------------------------
    N(
        "ple-ordinari-actual",
        "ple-municipal",
        "secretaria-general",
        "1220-SEC",
        "Convocatòria de la sessió ordinària del Ple municipal",
        "Per decret de l'Alcaldia es convoca la sessió ordinària del Ple municipal, que tindrà "
        "lloc a la sala de plens de l'Ajuntament a les 19 hores.\nL'ordre del dia és a "
        "l'annex. La sessió és pública i es retransmet en directe pel web municipal.",
        start=-1,
        days=5,
        documents=("Decret de convocatòria i ordre del dia",),
    ),
    N(
        "ple-ordinari-anterior",
        "ple-municipal",
        "secretaria-general",
        "1080-SEC",
        "Convocatòria de la sessió ordinària del Ple municipal",
        "Per decret de l'Alcaldia es convoca la sessió ordinària del Ple municipal, que tindrà "
        "lloc a la sala de plens de l'Ajuntament a les 19 hores.\nL'ordre del dia és a "
        "l'annex.",
        start=-22,
        days=5,
        documents=("Decret de convocatòria i ordre del dia",),
    ),
    N(
        "cartipas",
        "ple-municipal",
        "secretaria-general",
        "0060-SEC",
        "Règim de dedicació i retribucions dels membres de la corporació",
        "El Ple va aprovar el règim de dedicació exclusiva i parcial dels membres de la "
        "corporació, les seves retribucions i les indemnitzacions per assistència a les "
        "sessions dels òrgans col·legiats, d'acord amb l'article 75 de la Llei 7/1985, "
        "reguladora de les bases del règim local.",
        start=-210,
        days=10,
    ),
    N(
        "delegacions-alcaldia",
        "ple-municipal",
        "secretaria-general",
        "0065-SEC",
        "Delegació de competències de l'Alcaldia en la Junta de Govern Local i les regidories",
        "Es fa pública la resolució de l'Alcaldia per la qual es deleguen competències en la "
        "Junta de Govern Local i en les regidores i els regidors delegats, i se'n determina "
        "l'abast, d'acord amb els articles 21.3 i 23.4 de la Llei 7/1985, reguladora de les "
        "bases del règim local.\nL'anunci roman publicat mentre la resolució sigui vigent.",
        start=-208,
        days=None,
        documents=("Resolució de delegació de competències",),
    ),
    N(
        "reglament-organic",
        "ple-municipal",
        "secretaria-general",
        "0495-SEC",
        "Aprovació inicial del Reglament orgànic municipal",
        "El Ple va aprovar inicialment el nou Reglament orgànic municipal, que regula "
        "l'organització i el funcionament dels òrgans de govern, la participació dels grups "
        "municipals i la celebració de sessions a distància.\nEs sotmet a informació pública "
        f"durant trenta dies hàbils. {INFO_PUBLICA}",
        start=-105,
        days=30,
        documents=("Acord de Ple", "Text del reglament"),
    ),
    N(
        "festes-locals",
        "ple-municipal",
        "secretaria-general",
        "0610-SEC",
        "Proposta de festes locals per a l'any vinent",
        "El Ple va acordar proposar al Departament d'Empresa i Treball com a festes locals "
        "per a l'any vinent el dilluns de Pasqua Granada i el dia de la Festa Major de Sant "
        "Vicenç.\nLes festes locals seran retribuïdes i no recuperables.",
        start=-90,
        days=10,
    ),
    # --- Notificacions -------------------------------------------------------------------
    N(
        "sancionador-civisme",
        "notificacions",
        "via-publica-i-mobilitat",
        "0580-VP",
        "Notificació de resolucions d'expedients sancionadors per infraccions de civisme",
        "Es notifiquen les resolucions dels expedients sancionadors per infraccions de "
        "l'ordenança de civisme i convivència ciutadana que figuren a l'annex, identificats "
        "pel número d'expedient.\n" + EDICTE_NOTIFICACIO + " " + RECURSOS,
        start=-145,
        days=10,
        documents=("Edicte", "Annex d'expedients"),
    ),
    N(
        "plusvalua",
        "notificacions",
        "hisenda-i-tributs",
        "1200-HIS",
        "Notificació de liquidacions de l'impost sobre l'increment de valor dels terrenys",
        "Es notifiquen les liquidacions de l'impost sobre l'increment de valor dels terrenys "
        "de naturalesa urbana que figuren a l'annex.\nLes persones interessades poden "
        "comparèixer a l'Oficina d'Atenció Ciutadana, en el termini de quinze dies naturals, "
        "per conèixer el contingut íntegre de l'acte. " + EDICTE_NOTIFICACIO,
        start=-3,
        days=10,
        documents=("Edicte", "Annex de liquidacions"),
    ),
    N(
        "neteja-solar",
        "notificacions",
        "urbanisme",
        "0650-URB",
        "Notificació d'una ordre d'execució per a la neteja i el tancament d'un solar",
        "Es notifica a la propietat d'un solar del carrer de Riera Seca l'ordre d'execució de "
        "les obres de neteja, desbrossament i tancament de la finca, que s'han de fer en el "
        "termini d'un mes, d'acord amb l'article 197 del text refós de la Llei d'urbanisme.\n"
        + EDICTE_NOTIFICACIO,
        start=-65,
        days=10,
    ),
    N(
        "vehicles-abandonats",
        "notificacions",
        "via-publica-i-mobilitat",
        "1145-VP",
        "Requeriment a titulars de vehicles abandonats a la via pública",
        "Es requereix les persones titulars dels vehicles que figuren a l'annex, identificats "
        "per la matrícula, que els retirin del dipòsit municipal en el termini de quinze dies "
        "naturals. Altrament es tractaran com a residu sòlid urbà, d'acord amb l'article 106 "
        "del text refós de la Llei sobre trànsit, circulació de vehicles a motor i seguretat "
        "viària.",
        start=-8,
        days=15,
        documents=("Edicte", "Annex de vehicles"),
    ),
    N(
        "caducitat-llicencia",
        "notificacions",
        "urbanisme",
        "0710-URB",
        "Notificació d'inici d'un expedient de caducitat de llicència d'obres",
        "Es notifica a la persona titular d'una llicència d'obres majors l'inici de "
        "l'expedient per declarar-ne la caducitat, perquè les obres no han començat en el "
        "termini fixat.\nDisposa de quinze dies hàbils per presentar al·legacions. "
        + EDICTE_NOTIFICACIO,
        start=-55,
        days=15,
    ),
    N(
        "constrenyiment",
        "notificacions",
        "hisenda-i-tributs",
        "0470-HIS",
        "Citació per compareixença: provisions de constrenyiment",
        "Es cita les persones deutores que figuren a l'annex perquè compareguin a l'Oficina "
        "de Recaptació, en el termini de quinze dies naturals, per ser notificades de les "
        "provisions de constrenyiment dictades en procediments de recaptació executiva, "
        "d'acord amb l'article 112 de la Llei general tributària.",
        start=-175,
        days=10,
        documents=("Edicte", "Annex de persones deutores"),
    ),
]


# --- The PDFs --------------------------------------------------------------------


def notice_pdf(*, title: str, text: str, department: str, case: str, day: date) -> bytes:
    """A one-page PDF with the notice's title and text, laid out like a department's edict."""
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
        # The same input gives the same bytes, so the same SHA-256.
        invariant=1,
    )
    story = [
        Paragraph(escape(settings.SEU_COUNCIL_NAME), styles["Heading2"]),
        Paragraph(escape(department), styles["Normal"]),
        Paragraph(escape(f"Expedient {case}"), styles["Normal"]),
        Spacer(1, 0.8 * cm),
        Paragraph(escape(title), styles["Heading1"]),
    ]
    for paragraph in text.split("\n"):
        story.append(Paragraph(escape(paragraph), styles["BodyText"]))
        story.append(Spacer(1, 0.3 * cm))
    story += [
        Spacer(1, 0.8 * cm),
        Paragraph(
            escape(f"Mollet del Vallès, {day.day:d}/{day.month:02d}/{day.year}"), styles["Normal"]
        ),
        Paragraph("Document de demostració de la seu electrònica", styles["Italic"]),
    ]
    document.build(story)
    return buffer.getvalue()


# --- Loading -------------------------------------------------------------------------


def _categories() -> dict[str, Category]:
    result = {}
    for order, (slug, name) in enumerate(DEMO_CATEGORIES):
        result[slug] = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )[0]
    return result


def _departments() -> dict[str, Department]:
    result = {}
    for slug, name in DEMO_DEPARTMENTS:
        department = (
            Department.objects.filter(slug=slug).first()
            or Department.objects.filter(name=name).first()
            or Department.objects.create(slug=slug, name=name)
        )
        result[slug] = department
    return result


class _Days:
    """Business days around the day the demo is loaded."""

    def __init__(self, today: date):
        self.today = today
        self.calendar = BusinessCalendar()

    def shift(self, start: date, n: int) -> date:
        if n > 0:
            return self.calendar.add_business_days(start, n)
        day = start
        while n < 0:
            day -= timedelta(days=1)
            if self.calendar.is_business_day(day):
                n += 1
        return day

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=OFFICIAL_TZ)


@dataclass
class _Event:
    at: datetime
    order: int
    kind: str
    spec: DemoNotice


def _events(days: _Days, now: datetime) -> list[_Event]:
    events = []
    for order, spec in enumerate(DEMO_NOTICES):
        start_day = days.shift(days.today, spec.start)
        start = days.at(start_day, 9)
        # Past notices were published a little before they started; the
        # scheduled ones, an hour ago.
        published = start - timedelta(minutes=25) if start <= now else now - timedelta(hours=1)
        events.append(_Event(published, order, "publish", spec))
        if spec.extend:
            events.append(
                _Event(days.at(days.shift(start_day, spec.extend[0]), 10), order, "extend", spec)
            )
        if spec.cancel:
            events.append(
                _Event(days.at(days.shift(start_day, spec.cancel[0]), 12), order, "cancel", spec)
            )
    return sorted(events, key=lambda e: (e.at, e.order))


def _finish_until(moment: datetime, notices: dict[str, Notice]) -> None:
    """Record the ends of the periods that were over at `moment`, in the order they ended,
    so the log stays in the order things happened."""
    due = sorted(
        (
            n
            for n in notices.values()
            if n.end_at is not None
            and n.end_at <= moment
            and n.cancelled_at is None
            and n.finished_logged_at is None
        ),
        key=lambda n: n.end_at,
    )
    for notice in due:
        services.notice_finish(notice=notice)
        notice.refresh_from_db()


def _publish(spec: DemoNotice, event: _Event, context: dict) -> Notice:
    days, notices = context["days"], context["notices"]
    start_day = days.shift(days.today, spec.start)
    text = spec.text
    corrects = None
    if spec.corrects:
        corrects = notices[spec.corrects]
        text = text.replace("{corrects}", corrects.number)
    department = context["departments"][spec.department]
    case = f"{start_day.year}/{spec.case}"
    notice = Notice.objects.create(
        title=spec.title,
        text=text,
        category=context["categories"][spec.category],
        department=department,
        case_reference=case,
        start_at=days.at(start_day, 9),
        period_business_days=spec.days,
        is_permanent=spec.days is None,
        is_pinned=spec.pinned,
        corrects=corrects,
    )
    for order, document_title in enumerate(spec.documents):
        pdf = notice_pdf(
            title=spec.title if order == 0 else f"{document_title}. {spec.title}",
            text=text,
            department=department.name,
            case=case,
            day=timezone.localtime(event.at, OFFICIAL_TZ).date(),
        )
        upload = SimpleUploadedFile(
            f"{spec.key}-{order + 1}.pdf", pdf, content_type="application/pdf"
        )
        services.document_add(notice=notice, title=document_title, upload=upload, order=order)
    return services.notice_publish(notice=notice, by=context["staff"], at=event.at)


def seed_notices(*, staff) -> int:
    """Load the demo notices, unless they are already there; how many were published.

    `staff` publishes them: a user with the permission tauler.publish_notice.
    """
    if Notice.objects.filter(title__in=[spec.title for spec in DEMO_NOTICES]).exists():
        return 0
    now = timezone.now()
    days = _Days(official_today())
    context = {
        "staff": staff,
        "days": days,
        "categories": _categories(),
        "departments": _departments(),
        "notices": {},
    }
    notices = context["notices"]
    with transaction.atomic():
        for event in _events(days, now):
            _finish_until(event.at, notices)
            spec = event.spec
            if event.kind == "publish":
                notices[spec.key] = _publish(spec, event, context)
            elif event.kind == "extend":
                notices[spec.key] = services.notice_extend(
                    notice=notices[spec.key],
                    by=staff,
                    business_days_count=spec.extend[1],
                    at=event.at,
                )
            elif event.kind == "cancel":
                notices[spec.key] = services.notice_cancel(
                    notice=notices[spec.key], by=staff, reason=spec.cancel[1], at=event.at
                )
        _finish_until(now, notices)
        for notice in notices_needing_certificate():
            certificate_issue(notice=notice)
    return len(notices)
