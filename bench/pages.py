"""The pages `make bench` loads, in the order the table shows them.

Each entry is a (label, path) tuple, or (label, path, options):

- path is a string, or a function that returns one. A function runs inside
  Django, on the benchmark database (in bench/measure.py), so a page can be
  picked from the demo data; it returns None when the data lacks the page
  (or raises LookupError with a message that says what is missing), and the
  row then fails saying so. Write paths as a browser shows them
  ("?q=padró"): they are percent-encoded before they are requested.
- options is a dict. {"as": "citizen"} loads the page logged in as the demo
  citizen of seed_demo (ciutadania@mollet.example) instead of anonymously;
  {"as": "staff"} as the demo member of staff (personal@mollet.example, in
  every section's group).

Every page must answer 200 to a GET on the demo data from seed_demo, as that
user or anonymously. The reference entry is the ceiling every other page is
compared with: keep it.
"""

import string
import urllib.parse
from dataclasses import dataclass

REFERENCE_PATH = "/bench/reference/"

# The users a page can be loaded as; bench/djangoenv.py finds each one.
USERS = ("citizen", "staff")
CITIZEN = {"as": "citizen"}
STAFF = {"as": "staff"}


def procedure_page():
    """The certificate of registration's page, or the first published procedure's."""
    from django.utils import translation

    from tramits.models import Procedure

    published = Procedure.objects.published()
    procedure = (
        published.filter(slug="certificat-empadronament").first()
        or published.order_by("title").first()
    )
    if procedure is None:
        return None
    with translation.override("ca"):
        return procedure.get_absolute_url()


def notice_page():
    """A notice's page: the newest on display, else the newest public one.

    A notice on display is preferred: opening a finished one for the first
    time records the end of its period (a log entry and a certificate).
    """
    from django.utils import translation

    from tauler.models import Notice

    notice = (
        Notice.objects.on_display().order_by("-start_at", "-id").first()
        or Notice.objects.public().order_by("-start_at", "-id").first()
    )
    if notice is None:
        raise LookupError(
            "no public notice in the benchmark database: seed_demo has not loaded the demo "
            "notices (tauler.demo.seed_notices)"
        )
    with translation.override("ca"):
        return notice.get_absolute_url()


def call_page():
    """An open call's page (the one closing soonest), else the newest published call."""
    from django.utils import translation

    from convocatories.models import Call

    call = (
        Call.objects.open().order_by("closes_at", "id").first()
        or Call.objects.published().order_by("-published_at", "-id").first()
    )
    if call is None:
        raise LookupError(
            "no published call in the benchmark database: seed_demo has not loaded the demo "
            "calls (convocatories.demo.seed_calls)"
        )
    with translation.override("ca"):
        return call.get_absolute_url()


def office_page():
    """The citizen service office's page (hours, open now), else the first office's."""
    from django.utils import translation

    from corporativa.models import Office

    office = Office.objects.filter(slug="oac").first() or Office.objects.first()
    if office is None:
        raise LookupError(
            "no office in the benchmark database: seed_demo has not loaded the corporate "
            "information (corporativa.demo.seed_corporate)"
        )
    with translation.override("ca"):
        return office.get_absolute_url()


# A word of the demo notices' texts, and of the notices bench/notices.py generates.
NOTICE_SEARCH_WORD = "urbanisme"

PAGES = [
    ("reference", REFERENCE_PATH),
    ("home", "/ca/"),
    ("procedure catalogue", "/ca/tramits/"),
    ("procedure", procedure_page),
    ("catalogue search", "/ca/tramits/?q=padró"),
    ("notice board", "/ca/tauler/"),
    ("notice search", f"/ca/tauler/arxiu/?q={NOTICE_SEARCH_WORD}"),
    ("notice", notice_page),
    ("notice archive", "/ca/tauler/arxiu/"),
    ("notices API", "/api/v1/notices"),
    ("calls", "/ca/convocatories/"),
    ("call list", "/ca/convocatories/totes/"),
    ("call list filtered", "/ca/convocatories/totes/?tipus=job&q=places"),
    ("call", call_page),
    ("corporate info", "/ca/informacio/"),
    ("office", office_page),
    ("search everywhere", "/ca/cerca/?q=llicencia"),
    ("login", "/ca/compte/entrar/"),
    ("La meva carpeta", "/ca/compte/carpeta/", CITIZEN),
    ("my applications", "/ca/tramits/les-meves-sollicituds/", CITIZEN),
    # Over the ~6 months of page views that seed_demo makes (estadistiques.demo).
    ("statistics dashboard", "/ca/estadistiques/tauler-de-control/?periode=6-mesos", STAFF),
    ("healthz", "/healthz"),
]

# The pages `bench/run.py --notices N` loads on its database of N notices
# (with the reference). bench/notices.py counts the notices each one lists.
NOTICE_PAGES = ("notice board", "notice search", "notice archive", "notice", "notices API")


# --- Reading the list (used by bench/run.py and bench/measure.py) -------------------


@dataclass(frozen=True)
class Page:
    label: str
    path: object  # a string, or a function run inside Django that returns one (or None)
    user: str | None = None  # one of USERS, or None for an anonymous visitor

    @property
    def path_shown(self):
        """The path as written, or the name of the function that finds it."""
        return self.path if isinstance(self.path, str) else f"{self.path.__name__}()"


def url_path(path):
    """`path` as it goes on the wire: non-ASCII characters and spaces percent-encoded."""
    return urllib.parse.quote(path, safe=string.punctuation)


def entries():
    """PAGES as Page objects; ValueError when an entry is malformed."""
    pages = []
    for entry in PAGES:
        if not isinstance(entry, tuple) or len(entry) not in (2, 3):
            raise ValueError(f"bench/pages.py: {entry!r} is not (label, path[, options])")
        label, path, *rest = entry
        options = rest[0] if rest else {}
        if not isinstance(path, str) and not callable(path):
            raise ValueError(f"bench/pages.py: the path of {label!r} is not a string or function")
        if not isinstance(options, dict) or set(options) - {"as"}:
            raise ValueError(f"bench/pages.py: the options of {label!r} can only say 'as'")
        user = options.get("as")
        if user is not None and user not in USERS:
            raise ValueError(
                f"bench/pages.py: {label!r} is loaded as {user!r}; known: {', '.join(USERS)}"
            )
        pages.append(Page(label, path, user))
    labels = [page.label for page in pages]
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise ValueError(f"bench/pages.py: duplicate labels: {', '.join(duplicates)}")
    return pages
