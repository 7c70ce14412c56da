from django.db import migrations

# On PostgreSQL the database itself refuses to change or remove a publication
# log entry, whoever connects: the model and the admin refuse too, but a raw
# UPDATE would not go through them.
CREATE = """
CREATE OR REPLACE FUNCTION tauler_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The publication log is append-only: % refused on entry %', TG_OP, OLD.sequence;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER tauler_log_append_only
    BEFORE UPDATE OR DELETE ON tauler_publicationlogentry
    FOR EACH ROW EXECUTE FUNCTION tauler_log_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS tauler_log_append_only ON tauler_publicationlogentry;
DROP FUNCTION IF EXISTS tauler_log_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("tauler", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
