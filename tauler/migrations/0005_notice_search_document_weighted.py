from django.db import migrations

# PostgreSQL only: the stored search document of a notice, now read with the
# site-wide search's configurations (seu/search.py, seu 0002: accents off with
# `unaccent`; `seu_catalan` keeps whole words, `seu_spanish` adds Spanish stems)
# and weighted as every section's document is: title and case reference A,
# text C, so a word in the title ranks first. "l·l" and "l.l" are written "ll"
# before the words are split, as seu.search.fold does with the query.
# tests/tauler/test_search.py checks the configurations and pattern agree with
# seu.search.
CONFIGS = ("seu_catalan", "seu_spanish")
GEMINATE_L_SQL_PATTERN = "([lL])[·.]([lL])"


def _part(column, weight, configs=CONFIGS):
    text = f"regexp_replace(COALESCE({column}, ''), '{GEMINATE_L_SQL_PATTERN}', '\\1\\2', 'g')"
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, {text}), '{weight}')" for config in configs
    )


# A case reference is a file number: no stems.
DOCUMENT = " || ".join(
    [_part("title", "A"), _part("case_reference", "A", CONFIGS[:1]), _part("text", "C")]
)

# The document of 0004, to go back to.
ACCENTED = "àáâäèéêëìíîïòóôöùúûüçñÀÁÂÄÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜÇÑ·"
PLAIN = "aaaaeeeeiiiioooouuuucnAAAAEEEEIIIIOOOOUUUUCN"
OLD_DOCUMENT = (
    "to_tsvector('simple'::regconfig, translate("
    "COALESCE(title, '') || ' ' || COALESCE(text, '') || ' ' || COALESCE(case_reference, ''), "
    f"'{ACCENTED}', '{PLAIN}'))"
)


def _replace(document):
    return [
        "ALTER TABLE tauler_notice DROP COLUMN IF EXISTS search_document",
        "ALTER TABLE tauler_notice ADD COLUMN search_document tsvector "
        f"GENERATED ALWAYS AS ({document}) STORED",
        "CREATE INDEX IF NOT EXISTS tauler_notice_search_document ON tauler_notice "
        "USING gin (search_document)",
    ]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in _replace(DOCUMENT):
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in _replace(OLD_DOCUMENT):
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("tauler", "0004_notice_search_document_column"),
        ("seu", "0002_search_configurations"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
