"""The council that owns the seu: one record, validated, cached for every page."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from corporativa.models import Council
from corporativa.validators import nif_control, validate_entity_nif
from tests.corporativa.factories import CouncilFactory


@pytest.mark.parametrize("nif", ["P0812400J", "P0801900B", "Q0818002H", "S0800001J"])
def test_valid_public_body_nifs_are_accepted(nif):
    validate_entity_nif(nif)


@pytest.mark.parametrize(
    "nif", ["", "P081240J", "P08124000J", "p0812400J", "P 0812400J", "P-0812400-J", "12345678Z",
            "I0812400J", "P081240AJ"],
)  # fmt: skip
def test_malformed_nifs_are_refused(nif):
    with pytest.raises(ValidationError) as error:
        validate_entity_nif(nif)
    assert error.value.code == "nif_format"


@pytest.mark.parametrize("nif", ["P0812400A", "P08124003", "P0801900C"])
def test_a_wrong_control_character_is_refused(nif):
    with pytest.raises(ValidationError) as error:
        validate_entity_nif(nif)
    assert error.value.code == "nif_control"


def test_control_character_computation():
    assert nif_control("0801900") == (2, "B")
    assert nif_control("0812400") == (0, "J")


@pytest.mark.django_db
def test_only_one_council_record_can_exist():
    CouncilFactory()
    with pytest.raises(IntegrityError):
        Council.objects.create(
            name="Un altre", tax_id="P0801900B", address="x", postcode="08001", town="x",
            phone="1", email="a@b.cat", dpo_email="a@b.cat",
        )  # fmt: skip


@pytest.mark.django_db
def test_bad_postcode_is_refused():
    council = CouncilFactory.build(postcode="8100")
    with pytest.raises(ValidationError) as error:
        council.full_clean()
    assert "postcode" in error.value.message_dict


@pytest.mark.django_db
def test_without_a_record_the_council_comes_from_settings(settings):
    settings.SEU_COUNCIL = {**settings.SEU_COUNCIL, "name": "Ajuntament de Prova"}
    council = Council.objects.current()
    assert council.pk is None
    assert council.name == "Ajuntament de Prova"


@pytest.mark.django_db
def test_every_page_shows_the_record_once_it_exists(client):
    CouncilFactory(name="Ajuntament de Mollet (registre)", tax_id="P0812400J")
    content = client.get(reverse("corporativa:legal-notice")).content.decode()
    assert "Ajuntament de Mollet (registre)" in content
    assert "P0812400J" in content
    assert "Plaça Major, 1, 08100 Mollet del Vallès" in content


@pytest.mark.django_db
def test_the_record_costs_no_query_after_the_first_page(client, django_assert_num_queries):
    CouncilFactory()
    url = reverse("corporativa:legal-notice")
    with django_assert_num_queries(1):
        client.get(url)
    with django_assert_num_queries(0):
        client.get(url)


@pytest.mark.django_db
def test_even_the_fallback_costs_no_query_after_the_first_page(client, django_assert_num_queries):
    url = reverse("corporativa:legal-notice")
    client.get(url)
    with django_assert_num_queries(0):
        client.get(url)


@pytest.mark.django_db
def test_saving_the_record_clears_the_cache(client):
    council = CouncilFactory(name="Nom antic")
    client.get(reverse("home"))
    council.name = "Nom nou"
    council.save()
    assert "Nom nou" in client.get(reverse("corporativa:legal-notice")).content.decode()


@pytest.mark.django_db
def test_creating_the_first_record_replaces_the_fallback(client):
    client.get(reverse("corporativa:legal-notice"))  # caches "no record"
    CouncilFactory(name="Ajuntament creat ara")
    assert "Ajuntament creat ara" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_creation_act_page_shows_the_act(client):
    CouncilFactory(act_title="Decret de creació de prova", act_bulletin="BOPB, 06/05/2010")
    content = client.get(reverse("corporativa:creation-act")).content.decode()
    assert "Decret de creació de prova" in content
    assert "BOPB, 06/05/2010" in content
    assert content.count("<h1") == 1


@pytest.mark.django_db
def test_creation_act_page_without_an_act_says_so(client):
    content = client.get(reverse("corporativa:creation-act")).content.decode()
    assert "have not been entered yet" in content


@pytest.mark.django_db
def test_privacy_page_names_the_controller_and_dpo_from_the_record(client):
    CouncilFactory(name="Ajuntament del registre", dpo_email="dpd-registre@mollet.example")
    content = client.get(reverse("corporativa:privacy")).content.decode()
    assert "Ajuntament del registre" in content
    assert "mailto:dpd-registre@mollet.example" in content
    assert "https://www.aepd.es" in content
    assert "https://apdcat.gencat.cat" in content


# --- The back office ------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        email="admin@mollet.example", password="x-very-long-password", full_name="Admin"
    )
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_admin_list_goes_to_the_add_form_prefilled_from_settings(admin_client, settings):
    response = admin_client.get(reverse("admin:corporativa_council_changelist"))
    assert response.status_code == 302
    assert response.url == reverse("admin:corporativa_council_add")
    form = admin_client.get(response.url).content.decode()
    assert settings.SEU_COUNCIL["name"] in form


@pytest.mark.django_db
def test_admin_cannot_add_a_second_record_nor_delete_it(admin_client):
    council = CouncilFactory()
    change = reverse("admin:corporativa_council_change", args=[council.pk])
    assert admin_client.get(reverse("admin:corporativa_council_changelist")).url == change
    assert admin_client.get(reverse("admin:corporativa_council_add")).status_code == 403
    delete = reverse("admin:corporativa_council_delete", args=[council.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Council.objects.count() == 1


@pytest.mark.django_db
def test_admin_refuses_a_bad_nif_and_changes_nothing(admin_client):
    council = CouncilFactory()
    change = reverse("admin:corporativa_council_change", args=[council.pk])
    data = {
        field: getattr(council, field)
        for field in ["name", "address", "postcode", "town", "phone", "email", "dpo_email"]
    }
    response = admin_client.post(change, {**data, "tax_id": "P0812400A"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "control character" in response.content.decode()
    council.refresh_from_db()
    assert council.tax_id == "P0812400J"
