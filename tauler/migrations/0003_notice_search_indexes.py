from django.db import migrations

# PostgreSQL only: full-text search over notices (tauler/search.py) and the
# prefix search on case references. The first expression must stay exactly
# the one tauler.search.NoticeSearchDocument writes, or the planner will not
# use the index; tests/tauler/test_search.py checks both. The extension-free
# `translate` takes the accents off (unaccent() is not immutable, and
# installing it may need rights a council's database user lacks).
ACCENTED = "àáâäèéêëìíîïòóôöùúûüçñÀÁÂÄÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜÇÑ·"
PLAIN = "aaaaeeeeiiiioooouuuucnAAAAEEEEIIIIOOOOUUUUCN"

CREATE = [
    "CREATE INDEX IF NOT EXISTS tauler_notice_search ON tauler_notice USING gin ("
    "to_tsvector('simple'::regconfig, translate("
    "COALESCE(title, '') || ' ' || COALESCE(text, '') || ' ' || COALESCE(case_reference, ''), "
    f"'{ACCENTED}', '{PLAIN}')))",
    "CREATE INDEX IF NOT EXISTS tauler_notice_case_reference_prefix ON tauler_notice "
    "(UPPER(case_reference::text) text_pattern_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS tauler_notice_search",
    "DROP INDEX IF EXISTS tauler_notice_case_reference_prefix",
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
    dependencies = [("tauler", "0002_log_append_only_trigger")]

    operations = [migrations.RunPython(create, drop)]
