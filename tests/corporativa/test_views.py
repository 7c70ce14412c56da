"""Public pages of corporate information: content, 404s, documents and query counts."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse

from corporativa.business_days import OFFICIAL_TZ, official_today
from corporativa.choices import Role
from tests.corporativa.factories import (
    CouncilFactory,
    FaqFactory,
    FaqTopicFactory,
    MunicipalBodyFactory,
    OfficeFactory,
    PageFactory,
    PersonFactory,
    PoliticalGroupFactory,
    RegulationFactory,
    SessionFactory,
    regulation_document,
    session_document,
)
from tests.tramits.factories import DepartmentFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


def get(client, name, *args, **query):
    url = reverse(f"corporativa:{name}", args=args)
    return client.get(url, query)


def test_landing_page_links_to_every_part(client):
    content = get(client, "index").content.decode()
    for name in [
        "government", "body-list", "department-list", "office-list", "regulation-list",
        "page-list", "creation-act", "legal-notice", "privacy", "accessibility",
        "identification", "cookies", "calendar", "help",
    ]:  # fmt: skip
        assert f'href="{reverse(f"corporativa:{name}")}"' in content, name


def test_footer_links_to_every_legal_item(client):
    content = client.get(reverse("home")).content.decode()
    for name in [
        "creation-act", "legal-notice", "privacy", "accessibility", "identification",
        "help", "calendar", "cookies",
    ]:  # fmt: skip
        assert f'href="{reverse(f"corporativa:{name}")}"' in content, name
    assert f'href="{reverse("documents:verify")}"' in content


def test_identification_page_is_honest_about_what_is_accepted_today(client):
    content = get(client, "identification").content.decode()
    assert "email and password" in content
    for coming in ["idCAT Certificat", "idCAT Mòbil", "Cl@ve", "DNIe"]:
        assert coming in content
    assert "does not accept these systems yet" in content


# --- Government ---------------------------------------------------------------------------


def test_government_lists_mayor_deputies_in_order_and_councillors_by_group(client):
    ours = PoliticalGroupFactory(name="Acord Municipal", short_name="AM", order=1)
    theirs = PoliticalGroupFactory(name="Mollet Endavant", short_name="ME", order=2)
    PersonFactory(name="Alcaldessa Casals", role=Role.MAYOR, group=ours)
    PersonFactory(name="Segon Tinent", role=Role.DEPUTY_MAYOR, deputy_order=2, group=ours)
    PersonFactory(name="Primera Tinenta", role=Role.DEPUTY_MAYOR, deputy_order=1, group=ours)
    PersonFactory(name="Regidor Opositor", group=theirs, areas="")
    PersonFactory(name="Exregidora", group=theirs, term_end=date(2024, 1, 1))
    content = get(client, "government").content.decode()
    assert content.index("Alcaldessa Casals") < content.index("Primera Tinenta")
    assert content.index("Primera Tinenta") < content.index("Segon Tinent")
    assert content.index("Acord Municipal (AM)") < content.index("Mollet Endavant (ME)")
    assert content.index("Mollet Endavant (ME)") < content.index("Regidor Opositor")
    assert "Deputy mayor no. 1" in content
    assert "Exregidora" not in content


def test_a_deputy_mayor_needs_an_order():
    from django.core.exceptions import ValidationError

    person = PersonFactory.build(role=Role.DEPUTY_MAYOR, deputy_order=None, group=None)
    with pytest.raises(ValidationError):
        person.full_clean()


def test_government_page_queries_do_not_grow_with_people(client, django_assert_max_num_queries):
    client.get(reverse("corporativa:government"))
    for n in range(25):
        PersonFactory(group=PoliticalGroupFactory(name=f"Grup {n % 5}"))
    with django_assert_max_num_queries(4):
        assert get(client, "government").status_code == 200


# --- Bodies and sessions ----------------------------------------------------------------------


@pytest.fixture
def ple():
    return MunicipalBodyFactory(slug="ple", name="Ple de l'Ajuntament")


def test_body_page_lists_the_sessions_of_the_latest_year_with_their_documents(client, ple):
    old = SessionFactory(body=ple, starts_at=datetime(2025, 3, 27, 19, tzinfo=OFFICIAL_TZ))
    new = SessionFactory(body=ple, starts_at=datetime(2026, 1, 29, 19, tzinfo=OFFICIAL_TZ))
    agenda = session_document(new, "agenda")
    content = get(client, "body-detail", "ple").content.decode()
    assert new.get_absolute_url() in content
    assert old.get_absolute_url() not in content
    assert agenda.get_absolute_url() in content
    assert reverse("corporativa:body-year", args=["ple", 2025]) in content
    older = get(client, "body-year", "ple", 2025).content.decode()
    assert old.get_absolute_url() in older


def test_a_session_on_new_years_eve_night_counts_in_madrid_time(client, ple):
    # 23:30 on 31 December in Madrid is already the next year in UTC... the other way:
    # 00:30 on 1 January in Madrid is still 31 December in UTC.
    session = SessionFactory(body=ple, starts_at=datetime(2026, 1, 1, 0, 30, tzinfo=OFFICIAL_TZ))
    assert session.year == 2026
    assert session.get_absolute_url() in get(client, "body-year", "ple", 2026).content.decode()


def test_body_year_without_sessions_is_404(client, ple):
    SessionFactory(body=ple)
    assert get(client, "body-year", "ple", 1999).status_code == 404
    assert get(client, "body-detail", "no-existeix").status_code == 404


def test_body_page_queries_do_not_grow_with_sessions(client, ple, django_assert_max_num_queries):
    client.get(ple.get_absolute_url())
    for n in range(20):
        session = SessionFactory(
            body=ple, starts_at=datetime(2026, 1, 1, 19, tzinfo=OFFICIAL_TZ) + timedelta(days=n)
        )
        session_document(session, "agenda", content=b"%%PDF-1.4 agenda %d" % n)
        session_document(session, "minutes", content=b"%%PDF-1.4 minutes %d" % n)
    ple.members.set([PersonFactory() for _ in range(10)])
    with django_assert_max_num_queries(6):
        assert client.get(ple.get_absolute_url()).status_code == 200


def test_session_page_shows_kind_place_video_and_document_hashes(client, ple):
    session = SessionFactory(body=ple, kind="extraordinary", video_url="https://video.example/1")
    minutes = session_document(session, "minutes")
    content = client.get(session.get_absolute_url()).content.decode()
    assert "Extraordinary" in content
    assert "Sala de Plens" in content
    assert 'href="https://video.example/1"' in content
    assert minutes.sha256 in content


def test_session_of_another_body_is_404(client, ple):
    other = MunicipalBodyFactory(slug="jgl")
    session = SessionFactory(body=other)
    assert get(client, "session-detail", "ple", session.pk).status_code == 404


def test_session_document_downloads_as_the_stored_pdf(client, ple):
    session = SessionFactory(body=ple)
    document = session_document(session, "agenda", content=b"%PDF-1.4 ordre del dia")
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 ordre del dia"
    wrong = reverse("corporativa:session-document", args=["ple", session.pk + 1000, document.pk])
    assert client.get(wrong).status_code == 404


def test_document_fingerprint_is_the_sha256_of_the_file(ple):
    import hashlib

    document = session_document(SessionFactory(body=ple), content=b"%PDF-1.4 hola")
    assert document.sha256 == hashlib.sha256(b"%PDF-1.4 hola").hexdigest()
    assert document.size == len(b"%PDF-1.4 hola")


def test_a_file_that_is_not_a_pdf_is_refused(ple):
    from django.core.exceptions import ValidationError

    from tests.corporativa.factories import session_document as make

    with pytest.raises(ValidationError):
        make(SessionFactory(body=ple), content=b"<html>no</html>")


# --- Departments and offices ---------------------------------------------------------------


def test_department_page_lists_its_published_procedures_and_offices(client):
    oac = OfficeFactory(slug="oac", name="Oficina d'Atenció Ciutadana")
    department = DepartmentFactory(slug="padro", name="Padró d'Habitants")
    department.summary = "Altes i certificats."
    department.services = "Altes\nCertificats"
    department.save()
    department.offices.add(oac)
    ProcedureFactory(title="Certificat d'empadronament", department=department)
    ProcedureFactory(title="Tràmit amagat", department=department, is_published=False)
    content = get(client, "department-detail", "padro").content.decode()
    assert "Certificat d&#x27;empadronament" in content
    assert "Tràmit amagat" not in content
    assert oac.get_absolute_url() in content
    assert "<li>Certificats</li>" in content


def test_department_list_and_unknown_department(client):
    DepartmentFactory(name="Urbanisme", slug="urbanisme")
    assert "Urbanisme" in get(client, "department-list").content.decode()
    assert get(client, "department-detail", "no-existeix").status_code == 404


def test_office_list_queries_do_not_grow_with_offices(client, django_assert_max_num_queries):
    from tests.corporativa.factories import special_period, weekday_hours

    client.get(reverse("corporativa:office-list"))
    today = official_today()
    for _n in range(6):
        office = OfficeFactory()
        weekday_hours(office, (0, 1, 2, 3, 4), time(9), time(14))
        special_period(office, today, today + timedelta(days=30), hours=[((0,), time(9), time(12))])
    with django_assert_max_num_queries(7):
        response = get(client, "office-list")
    assert response.status_code == 200
    assert response.content.decode().count("now</span>") == 6


# --- Regulations ---------------------------------------------------------------------------


@pytest.fixture
def regulations():
    new = RegulationFactory(
        slug="civisme", title="Ordenança de civisme", approved_on=date(2019, 3, 28)
    )
    old = RegulationFactory(
        slug="convivencia-2008",
        title="Ordenança de convivència",
        approved_on=date(2008, 6, 26),
        repealed_on=date(2019, 5, 15),
        repealed_by=new,
    )
    tax = RegulationFactory(
        slug="ibi", title="Ordenança fiscal de l'IBI", kind="tax_ordinance",
        summary="Bonificacions per a famílies nombroses.",
    )  # fmt: skip
    hidden = RegulationFactory(slug="esborrany", title="Esborrany", is_published=False)
    return new, old, tax, hidden


def titles(response):
    return [r.title for r in response.context["page"].object_list]


def test_regulation_list_filters_by_type_status_and_text(client, regulations):
    new, old, tax, hidden = regulations
    assert set(titles(get(client, "regulation-list"))) == {new.title, old.title, tax.title}
    assert titles(get(client, "regulation-list", type="tax_ordinance")) == [tax.title]
    assert titles(get(client, "regulation-list", status="repealed")) == [old.title]
    assert old.title not in titles(get(client, "regulation-list", status="in_force"))
    assert titles(get(client, "regulation-list", q="famílies")) == [tax.title]
    assert titles(get(client, "regulation-list", q="convivència ordenança")) == [old.title]


def test_regulation_list_ignores_unknown_filters(client, regulations):
    response = get(client, "regulation-list", type="no-such-type", status="x")
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_regulation_list_queries_do_not_grow(client, django_assert_max_num_queries):
    client.get(reverse("corporativa:regulation-list"))
    for _n in range(30):
        RegulationFactory()
    with django_assert_max_num_queries(3):
        assert get(client, "regulation-list").status_code == 200


def test_repealed_regulation_says_when_and_by_what(client, regulations):
    new, old, _tax, _hidden = regulations
    content = client.get(old.get_absolute_url()).content.decode()
    assert "Repealed" in content
    assert new.get_absolute_url() in content
    newer = client.get(new.get_absolute_url()).content.decode()
    assert "In force" in newer
    assert old.get_absolute_url() in newer  # "provisions it repealed"


def test_repeal_needs_a_date_and_a_cause():
    from django.core.exceptions import ValidationError

    regulation = RegulationFactory.build(repealed_on=date(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        regulation.full_clean()
    assert "repeal_note" in error.value.message_dict
    regulation = RegulationFactory.build(repeal_note="Una llei")
    with pytest.raises(ValidationError) as error:
        regulation.full_clean()
    assert "repealed_on" in error.value.message_dict


def test_a_repeal_dated_in_the_future_leaves_it_in_force_until_then(client):
    later = official_today() + timedelta(days=10)
    regulation = RegulationFactory(repealed_on=later, repeal_note="Nova ordenança")
    assert regulation.status_on(official_today()) == "in_force"
    assert regulation.status_on(later) == "repealed"
    assert "Will be repealed on" in client.get(regulation.get_absolute_url()).content.decode()


def test_unpublished_regulation_and_its_documents_are_not_public(client, regulations):
    hidden = regulations[3]
    document = regulation_document(hidden)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(document.get_absolute_url()).status_code == 404


def test_regulation_document_downloads(client, regulations):
    document = regulation_document(regulations[0], content=b"%PDF-1.4 text")
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 text"


# --- Help ------------------------------------------------------------------------------------


def test_help_page_groups_published_questions_by_topic(client):
    first = FaqTopicFactory(name="La seu", order=1)
    second = FaqTopicFactory(name="Compte", order=2)
    FaqFactory(topic=second, question="Com canvio la contrasenya?")
    FaqFactory(topic=first, question="Què és la seu?", answer="Una *adreça* <script>x</script>")
    FaqFactory(topic=first, question="Pregunta amagada?", is_published=False)
    content = get(client, "help").content.decode()
    assert content.index("La seu") < content.index("Què és la seu?")
    assert content.index("Què és la seu?") < content.index("Compte")
    assert "<em>adreça</em>" in content
    assert "<script>x" not in content
    assert "Pregunta amagada?" not in content


def test_landing_page_costs_few_queries(client, django_assert_max_num_queries):
    CouncilFactory()
    for _n in range(5):
        MunicipalBodyFactory()
        OfficeFactory()
        PageFactory()
    client.get(reverse("corporativa:index"))
    with django_assert_max_num_queries(3):
        assert get(client, "index").status_code == 200


def test_identification_page_lists_what_is_configured_with_its_assurance(client, settings):
    settings.OIDC_ISSUER = "https://identitats.aoc.cat/o/oauth2"
    settings.OIDC_CLIENT_ID = "seu-mollet"
    settings.OIDC_NAME = "VÀLid"
    settings.CERT_CA_BUNDLE = "/etc/seu/ca-bundle.pem"

    content = get(client, "identification").content.decode()

    assert ">VÀLid</th>" in content
    assert "substantial or high" in content
    assert "Qualified electronic certificates</th>" in content
    assert "email and password" in content
    assert "does not accept these systems yet" not in content
