"""Fixtures of the Convocatòries tests: calls come from tests/convocatories/factories.py."""

import pytest
from django.contrib.auth.models import Group

from tests.accounts.factories import UserFactory
from tests.convocatories.factories import CallFactory
from tests.tramits.factories import ProcedureFactory, ProcedureFieldFactory
from tramits.choices import FieldKind


@pytest.fixture
def selection_procedure(db):
    """The form job applicants fill in: one required question."""
    procedure = ProcedureFactory(
        title="Sol·licitud de participació en processos selectius",
        slug="participacio-processos-selectius",
    )
    ProcedureFieldFactory(
        procedure=procedure,
        order=1,
        name="titulacio",
        label="Titulació que acredites",
        kind=FieldKind.TEXT,
    )
    return procedure


@pytest.fixture
def open_call(selection_procedure):
    return CallFactory(
        title="Procés selectiu d'agent de la Policia Local",
        slug="agent-policia-local",
        reference="2026/OP-007",
        procedure=selection_procedure,
    )


@pytest.fixture
def calls_clerk(db):
    """A member of staff in the group "Convocatòries"."""
    user = UserFactory(email="rrhh@mollet.example", full_name="Núria Vidal", is_staff=True)
    user.groups.add(Group.objects.get(name="Convocatòries"))
    return user


@pytest.fixture
def calls_admin(client, calls_clerk):
    client.force_login(calls_clerk)
    # The admin lives outside the language prefixes: ask for the source strings.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
