from django.db import migrations

# PostgreSQL only, like 0002. Row triggers do not fire on TRUNCATE, so the log
# could be emptied in one statement past the append-only trigger: a BEFORE
# TRUNCATE trigger refuses it (a TRUNCATE ... CASCADE from the notices too).
# An empty table may still be truncated: nothing is lost, and Django's flush
# (the test runner's between transactional tests) truncates every table.
# The daily statements of the log's head get the same protection as the log.
#
# The owner of a table can still DISABLE TRIGGER; the README says how to have
# these tables owned by a role the seu does not connect with, and the sealed
# statements show a cut or rewritten log whoever did it.
CREATE = """
CREATE OR REPLACE FUNCTION tauler_refuse_truncate() RETURNS trigger AS $$
DECLARE
    has_rows boolean;
BEGIN
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME)
        INTO has_rows;
    IF has_rows THEN
        RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER tauler_log_no_truncate
    BEFORE TRUNCATE ON tauler_publicationlogentry
    FOR EACH STATEMENT EXECUTE FUNCTION tauler_refuse_truncate();

CREATE OR REPLACE FUNCTION tauler_statement_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The statements of the log''s head are append-only: % refused on %',
        TG_OP, OLD.day;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER tauler_statement_append_only
    BEFORE UPDATE OR DELETE ON tauler_logheadstatement
    FOR EACH ROW EXECUTE FUNCTION tauler_statement_append_only();
CREATE TRIGGER tauler_statement_no_truncate
    BEFORE TRUNCATE ON tauler_logheadstatement
    FOR EACH STATEMENT EXECUTE FUNCTION tauler_refuse_truncate();
"""
DROP = """
DROP TRIGGER IF EXISTS tauler_statement_no_truncate ON tauler_logheadstatement;
DROP TRIGGER IF EXISTS tauler_statement_append_only ON tauler_logheadstatement;
DROP FUNCTION IF EXISTS tauler_statement_append_only();
DROP TRIGGER IF EXISTS tauler_log_no_truncate ON tauler_publicationlogentry;
DROP FUNCTION IF EXISTS tauler_refuse_truncate();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("tauler", "0006_logheadstatement")]

    operations = [migrations.RunPython(create, drop)]
