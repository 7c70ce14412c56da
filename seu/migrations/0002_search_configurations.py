from django.db import migrations

# PostgreSQL only: the text search configurations of seu/search.py.
# - seu_catalan: accents off (the `unaccent` dictionary), then `simple` (no
#   stemming, no stop words): PostgreSQL 15 has no Catalan Snowball stemmer
#   (16 has one), and a council's texts mix names, numbers and both languages.
# - seu_spanish: accents off, then the Spanish Snowball stemmer.
# `unaccent` is a trusted extension (PostgreSQL 13 and later): the owner of the
# database can install it without being a superuser. As a dictionary inside a
# configuration it keeps to_tsvector(regconfig, text) immutable, so stored
# generated columns (tauler 0005) can use it.
TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword"

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS seu_catalan",
    "CREATE TEXT SEARCH CONFIGURATION seu_catalan (COPY = pg_catalog.simple)",
    f"ALTER TEXT SEARCH CONFIGURATION seu_catalan ALTER MAPPING FOR {TOKENS} WITH unaccent, simple",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS seu_spanish",
    "CREATE TEXT SEARCH CONFIGURATION seu_spanish (COPY = pg_catalog.spanish)",
    "ALTER TEXT SEARCH CONFIGURATION seu_spanish ALTER MAPPING FOR "
    f"{TOKENS} WITH unaccent, spanish_stem",
]
DROP = [
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS seu_spanish",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS seu_catalan",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("seu", "0001_staff_groups")]

    operations = [migrations.RunPython(create, drop)]
