"""The pages `make bench` loads, in the order the table shows them.

Each entry is a (label, path) tuple. Add a page by appending a line; the
path must answer 200 to an anonymous GET on the demo data from seed_demo.
The reference entry is the ceiling every other page is compared with: keep it.
"""

REFERENCE_PATH = "/bench/reference/"

PAGES = [
    ("reference", REFERENCE_PATH),
    ("home", "/ca/"),
    ("procedures", "/ca/tramits/"),
    ("notice board", "/ca/tauler/"),
    ("calls", "/ca/convocatories/"),
    ("corporate info", "/ca/informacio/"),
    ("login", "/ca/compte/entrar/"),
    ("healthz", "/healthz"),
]
