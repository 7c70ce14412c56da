"""The public procedure catalogue: list, search and filters, detail page, demo content."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from corporativa.business_days import official_today
from corporativa.models import Department
from tests.tramits.factories import (
    DepartmentFactory,
    ProcedureFactory,
    ProcedureFieldFactory,
    TopicFactory,
)
from tramits.choices import DeadlineUnit, FieldKind, SilenceEffect
from tramits.demo import DEMO_PROCEDURES, seed_procedures
from tramits.models import Procedure, ProcedureField, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Pages in English, the source language, whatever the catalogues translate."""
    with translation.override("en"):
        yield


def list_url(**params):
    url = reverse("tramits:index")
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def title_of(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def titles_listed(response):
    return [p.title for p in response.context["page"].object_list]


def apply_url(procedure):
    return reverse("tramits:procedure-apply", args=[procedure.slug])


# --- List -----------------------------------------------------------------------------


def test_list_shows_published_procedures_to_anonymous_visitors(client):
    ProcedureFactory(title="Certificat d'empadronament", summary="Acredita on viviu.")
    response = client.get(list_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Certificat d&#x27;empadronament" in html
    assert "Acredita on viviu." in html
    assert title_of(response).startswith("Procedures · ")


def test_list_works_for_a_logged_in_citizen(client_logged_in):
    ProcedureFactory(title="Alta al padró")
    response = client_logged_in.get(list_url())
    assert response.status_code == 200
    assert titles_listed(response) == ["Alta al padró"]


def test_list_leaves_out_unpublished_procedures(client):
    ProcedureFactory(title="Publicat")
    ProcedureFactory(title="Esborrany", unpublished=True)
    assert titles_listed(client.get(list_url())) == ["Publicat"]


def test_each_result_shows_its_topic_and_an_online_marker_only_when_online(client):
    topic = TopicFactory(name="Via pública", slug="via-publica")
    ProcedureFactory(title="Gual", topic=topic)
    ProcedureFactory(title="Casament civil", in_person_only=True, topic=topic)
    html = client.get(list_url()).content.decode()
    assert html.count('Topic: <span lang="ca">Via pública</span>') == 2
    assert html.count('class="tag tag-online"') == 1


def test_result_count_is_singular_or_plural(client):
    ProcedureFactory()
    assert "1 procedure</p>" in client.get(list_url()).content.decode()
    ProcedureFactory()
    assert "2 procedures</p>" in client.get(list_url()).content.decode()


def test_search_finds_a_word_in_the_title_or_the_summary(client):
    ProcedureFactory(title="Gual", summary="Entrada de vehicles al garatge.")
    ProcedureFactory(title="Certificat de convivència", summary="Qui viu al domicili.")
    ProcedureFactory(title="Targeta d'aparcament", summary="Per a vehicles adaptats.")
    response = client.get(list_url(q="vehicles"))
    assert titles_listed(response) == ["Gual", "Targeta d'aparcament"]
    assert response.context["query"] == "vehicles"


def test_search_needs_every_word(client):
    ProcedureFactory(title="Llicència d'obres majors")
    ProcedureFactory(title="Comunicació d'obres menors")
    assert titles_listed(client.get(list_url(q="obres+menors"))) == ["Comunicació d'obres menors"]


def test_search_page_title_and_box_carry_the_query(client):
    ProcedureFactory(title="Gual")
    response = client.get(list_url(q="gual"))
    assert title_of(response).startswith("Search: gual · Procedures · ")
    assert 'name="q" id="id_q" value="gual"' in response.content.decode()


def test_search_text_is_escaped_in_the_page(client):
    response = client.get(list_url(q="<script>alert(1)</script>"))
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_topic_filter_keeps_only_that_topic_and_stays_selected(client):
    padro = TopicFactory(name="Padró i població", slug="padro-i-poblacio")
    obres = TopicFactory(name="Urbanisme i obres", slug="urbanisme-i-obres")
    ProcedureFactory(title="Alta al padró", topic=padro)
    ProcedureFactory(title="Canvi de domicili", topic=padro)
    ProcedureFactory(title="Obres menors", topic=obres)
    response = client.get(list_url(tema="urbanisme-i-obres"))
    assert titles_listed(response) == ["Obres menors"]
    html = response.content.decode()
    assert (
        '<option value="urbanisme-i-obres" selected lang="ca">Urbanisme i obres (1)</option>'
        in html
    )
    assert '<option value="padro-i-poblacio" lang="ca">Padró i població (2)</option>' in html


def test_topic_select_leaves_out_topics_without_published_procedures(client):
    ProcedureFactory(topic=TopicFactory(name="Amb tràmits"))
    ProcedureFactory(topic=TopicFactory(name="Només esborranys"), unpublished=True)
    TopicFactory(name="Buit")
    html = client.get(list_url()).content.decode()
    assert "Amb tràmits (1)" in html
    assert "Només esborranys" not in html
    assert "Buit" not in html


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("citizens", ["Per a la ciutadania"]),
        ("businesses", ["Per a empreses"]),
        ("associations", ["Per a entitats"]),
        ("", ["Per a empreses", "Per a entitats", "Per a la ciutadania"]),
    ],
)
def test_audience_filter(client, audience, expected):
    ProcedureFactory(title="Per a la ciutadania")
    ProcedureFactory(title="Per a empreses", for_citizens=False, for_businesses=True)
    ProcedureFactory(title="Per a entitats", for_citizens=False, for_associations=True)
    response = client.get(list_url(per=audience))
    assert titles_listed(response) == expected
    if audience:
        assert f'<option value="{audience}" selected>' in response.content.decode()


def test_online_filter_leaves_out_in_person_only_procedures(client):
    ProcedureFactory(title="En línia")
    ProcedureFactory(title="Presencial", in_person_only=True)
    response = client.get(list_url(en_linia=1))
    assert titles_listed(response) == ["En línia"]
    assert 'name="en_linia" id="id_en_linia" value="1" checked' in response.content.decode()


def test_search_and_filters_combine(client):
    obres = TopicFactory(slug="urbanisme-i-obres")
    padro = TopicFactory(slug="padro-i-poblacio")
    ProcedureFactory(title="Obres menors", topic=obres, for_businesses=True)
    ProcedureFactory(title="Obres majors", topic=obres, for_businesses=True, in_person_only=True)
    ProcedureFactory(title="Obres a casa", topic=obres)
    ProcedureFactory(title="Obres al padró", topic=padro, for_businesses=True)
    ProcedureFactory(title="Terrasses", topic=obres, for_businesses=True)
    response = client.get(
        list_url(q="obres", tema="urbanisme-i-obres", per="businesses", en_linia=1)
    )
    assert titles_listed(response) == ["Obres menors"]
    assert response.context["filtered"] is True


def test_search_form_has_labelled_fields_and_works_without_javascript(client):
    html = client.get(list_url()).content.decode()
    assert '<form method="get" action="' + list_url() + '"' in html
    for field_id, label in [
        ("id_q", "Search a procedure"),
        ("id_tema", "Topic"),
        ("id_per", "Who applies"),
    ]:
        assert f'<label for="{field_id}">{label}</label>' in html
    assert 'type="search" name="q"' in html
    assert "Only those I can do online" in html
    assert '<button type="submit">Search</button>' in html


def test_pagination_links_keep_the_search_and_filters(client):
    topic = TopicFactory(slug="tributs-i-taxes")
    for n in range(25):
        ProcedureFactory(title=f"Taxa {n:02}", topic=topic)
    ProcedureFactory(title="Taxa d'un altre tema")
    first = client.get(list_url(q="taxa", tema="tributs-i-taxes"))
    assert len(titles_listed(first)) == 20
    html = first.content.decode()
    assert "25 procedures" in html
    assert 'href="?q=taxa&amp;tema=tributs-i-taxes&amp;pagina=2"' in html

    second = client.get(list_url(q="taxa", tema="tributs-i-taxes", pagina=2))
    assert titles_listed(second) == [f"Taxa {n:02}" for n in range(20, 25)]
    assert 'href="?q=taxa&amp;tema=tributs-i-taxes&amp;pagina=1"' in second.content.decode()
    assert "Page 2" in title_of(second)


def test_empty_search_says_so_and_offers_a_way_out(client):
    ProcedureFactory(title="Gual")
    generic = ProcedureFactory(generic=True)
    response = client.get(list_url(q="helicòpter"))
    html = response.content.decode()
    assert titles_listed(response) == []
    assert "No procedure matches your search." in html
    assert (
        f'<a href="{list_url()}">Clear the search and filters and see every procedure</a>' in html
    )
    assert f'href="{generic.get_absolute_url()}">Can\'t find your procedure?' in html
    assert "0 procedures" not in html


def test_empty_catalogue_is_not_reported_as_a_failed_search(client):
    html = client.get(list_url()).content.decode()
    assert "No procedure is published yet." in html
    assert "No procedure matches your search." not in html


def test_generic_request_box_links_to_the_generic_request(client):
    ProcedureFactory(title="Gual")
    generic = ProcedureFactory(generic=True)
    html = client.get(list_url()).content.decode()
    assert "Can't find your procedure?" in html
    assert (
        f'<a class="button" href="{generic.get_absolute_url()}">Use the generic request</a>' in html
    )


def test_no_generic_request_box_when_there_is_none_published(client):
    ProcedureFactory(title="Gual")
    ProcedureFactory(generic=True, unpublished=True)
    html = client.get(list_url()).content.decode()
    assert "generic request" not in html


@pytest.mark.parametrize("logged_in", [False, True])
def test_list_queries_stay_bounded_however_many_procedures(
    client, citizen, django_assert_max_num_queries, logged_in
):
    if logged_in:
        client.force_login(citizen)
    for n in range(30):
        ProcedureFactory(topic=TopicFactory(), department=DepartmentFactory(), title=f"T {n}")
    ProcedureFactory(generic=True)
    with django_assert_max_num_queries(6):
        response = client.get(list_url(en_linia=1))
    assert len(titles_listed(response)) == 20


# --- Detail ---------------------------------------------------------------------------


@pytest.fixture
def obres():
    department = DepartmentFactory(
        name="Urbanisme", slug="urbanisme", email="urbanisme@mollet.example", phone="93 571 95 20"
    )
    procedure = ProcedureFactory(
        title="Comunicació prèvia d'obres menors",
        slug="comunicacio-previa-obres-menors",
        summary="Avís abans de fer obres petites.",
        description="Primer paràgraf.\n\nSegon paràgraf.",
        topic=TopicFactory(name="Urbanisme i obres", slug="urbanisme-i-obres"),
        department=department,
        for_businesses=True,
        who_can_apply="La persona propietària o llogatera.",
        requirements="Que no afectin l'estructura.",
        documents="Pressupost detallat\n\n  Fotografies de l'estat actual  \n",
        fees="ICIO: 4 % del pressupost.",
        resolution_deadline=3,
        resolution_deadline_unit=DeadlineUnit.MONTHS,
        silence_effect=SilenceEffect.NEGATIVE,
        legal_basis="Decret legislatiu 1/2010, de 3 d'agost.",
        channel_notes="Consultes prèvies amb cita.",
    )
    ProcedureFieldFactory(procedure=procedure, order=1, name="adreca", label="Adreça de l'obra")
    ProcedureFieldFactory(
        procedure=procedure,
        order=2,
        name="tipus",
        label="Tipus d'obra",
        kind=FieldKind.CHOICE,
        choices="Reforma\nPintura",
        required=False,
    )
    ProcedureFieldFactory(
        procedure=procedure,
        order=3,
        name="pressupost",
        label="Pressupost signat",
        kind=FieldKind.FILE,
        allowed_types="pdf,jpeg",
        max_size_mb=20,
        help_text="Un sol document.",
    )
    return procedure


def test_detail_shows_the_facts_of_the_procedure(client, obres):
    response = client.get(obres.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert title_of(response).startswith("Comunicació prèvia d&#x27;obres menors · Procedures")
    assert '<p class="lead" lang="ca">Avís abans de fer obres petites.</p>' in html
    assert "<p>Primer paràgraf.</p>\n\n<p>Segon paràgraf.</p>" in html
    for heading in [
        "Description",
        "Who can apply",
        "Requirements",
        "Documents to attach",
        "What you will be asked",
        "Fees",
        "Resolution",
        "Legal basis",
        "Department",
        "Channels",
    ]:
        assert f"<h2>{heading}</h2>" in html
    assert "<li>Citizens</li>" in html
    assert "<li>Businesses</li>" in html
    assert "<li>Associations</li>" not in html
    assert "La persona propietària o llogatera." in html
    assert "<li>Pressupost detallat</li>" in html
    assert "<li>Fotografies de l&#x27;estat actual</li>" in html
    assert "ICIO: 4 % del pressupost." in html
    assert "3 months" in html
    assert "negative administrative silence" in html
    assert "Decret legislatiu 1/2010" in html
    assert "Urbanisme" in html
    assert 'href="mailto:urbanisme@mollet.example"' in html
    assert 'href="tel:935719520"' in html
    assert "Consultes prèvies amb cita." in html
    assert "Application window" not in html


def test_detail_lists_the_questions_of_the_form_before_starting(client, obres):
    html = client.get(obres.get_absolute_url()).content.decode()
    assert '<strong lang="ca">Adreça de l&#x27;obra</strong>' in html
    assert "(required; text)" in html
    assert "(optional; choice)" in html
    assert 'Options: <span lang="ca">Reforma; Pintura</span>' in html
    assert "File types: PDF, JPEG; up to 20 MB." in html
    assert "Un sol document." in html


def test_detail_says_free_when_there_are_no_fees(client):
    procedure = ProcedureFactory(fees="", documents="")
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert "<h2>Fees</h2>\n<p>Free</p>" in html
    assert "You do not need to attach any document." in html


@pytest.mark.parametrize(
    ("number", "unit", "text"),
    [
        (30, DeadlineUnit.BUSINESS_DAYS, "30 business days"),
        (1, DeadlineUnit.BUSINESS_DAYS, "1 business day,"),
        (1, DeadlineUnit.MONTHS, "1 month,"),
        (6, DeadlineUnit.MONTHS, "6 months"),
    ],
)
def test_detail_gives_the_resolution_deadline_with_its_unit(client, number, unit, text):
    procedure = ProcedureFactory(resolution_deadline=number, resolution_deadline_unit=unit)
    assert text in client.get(procedure.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("effect", "text"),
    [
        (SilenceEffect.POSITIVE, "you may take your request as granted"),
        (SilenceEffect.NEGATIVE, "you may take your request as refused"),
        (SilenceEffect.NONE, "does not mean that your request is granted or refused"),
    ],
)
def test_detail_explains_the_effect_of_silence_in_plain_words(client, effect, text):
    procedure = ProcedureFactory(silence_effect=effect)
    assert text in client.get(procedure.get_absolute_url()).content.decode()


def test_detail_escapes_text_written_by_staff(client):
    procedure = ProcedureFactory(
        description="<script>alert(1)</script>", who_can_apply="<b>Tothom</b>"
    )
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Tothom&lt;/b&gt;" in html


def test_open_procedure_offers_to_start_online_and_warns_anonymous_visitors_of_the_log_in(
    client,
):
    procedure = ProcedureFactory()
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert f'href="{apply_url(procedure)}">Start online</a>' in html
    assert "You will be asked to log in first" in html
    assert f'href="{reverse("accounts:signup")}">No account yet? Sign up</a>' in html


def test_open_procedure_offers_to_start_online_to_a_logged_in_citizen(client_logged_in):
    procedure = ProcedureFactory()
    html = client_logged_in.get(procedure.get_absolute_url()).content.decode()
    assert f'href="{apply_url(procedure)}">Start online</a>' in html
    assert "You will be asked to log in" not in html


def test_seasonal_procedure_outside_its_window_has_no_start_button_and_gives_the_dates(client):
    procedure = ProcedureFactory(seasonal=True)  # open in March 2035
    response = client.get(procedure.get_absolute_url())
    assert response.context["is_open"] is False
    html = response.content.decode()
    assert apply_url(procedure) not in html
    assert "Start online" not in html
    assert "This procedure is outside its application window." in html
    assert "from March 1, 2035 to March 31, 2035" in html
    assert "<h2>Application window</h2>" in html
    assert "During those dates you can also apply in person" in html


def test_seasonal_procedure_inside_its_window_can_be_started_online(client):
    today = official_today()
    procedure = ProcedureFactory(
        is_permanent=False,
        open_from=today - timedelta(days=3),
        open_until=today + timedelta(days=3),
    )
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert f'href="{apply_url(procedure)}">Start online</a>' in html
    assert "<h2>Application window</h2>" in html


def test_in_person_only_procedure_explains_where_to_do_it(client):
    procedure = ProcedureFactory(in_person_only=True, channel_notes="Amb cita prèvia.")
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert "Start online" not in html
    assert "This procedure cannot be done online." in html
    assert "in person at the Citizen Service Office" in html
    assert "Amb cita prèvia." in html
    assert "<h2>What you will be asked</h2>" not in html


def test_detail_of_an_unpublished_procedure_is_not_found(client):
    procedure = ProcedureFactory(unpublished=True)
    assert client.get(procedure.get_absolute_url()).status_code == 404


def test_detail_of_an_unknown_procedure_is_not_found(client):
    assert client.get(reverse("tramits:procedure-detail", args=["no-existeix"])).status_code == 404


# --- Demo content ---------------------------------------------------------------------


def counts():
    return (
        Procedure.objects.count(),
        ProcedureField.objects.count(),
        Topic.objects.count(),
        Department.objects.count(),
    )


def test_seed_procedures_is_idempotent():
    first = seed_procedures()
    after_first = counts()
    second = seed_procedures()
    assert first == second == len(DEMO_PROCEDURES)
    assert counts() == after_first


def test_seed_creates_a_full_catalogue_with_one_generic_request():
    seed_procedures()
    procedures = Procedure.objects.published()
    assert procedures.count() >= 25
    assert Topic.objects.count() >= 8
    assert procedures.filter(is_generic=True).count() == 1
    assert procedures.filter(available_online=False).exists()
    assert procedures.filter(is_permanent=False).count() >= 2
    generic = procedures.get(is_generic=True)
    assert {"exposo", "sollicito"} <= set(generic.fields.values_list("name", flat=True))


def test_seed_procedures_and_their_forms_are_valid():
    seed_procedures()
    kinds = set()
    for procedure in Procedure.objects.prefetch_related("fields"):
        procedure.full_clean()
        fields = list(procedure.fields.all())
        assert 2 <= len(fields) <= 6, procedure.slug
        for form_field in fields:
            form_field.full_clean()
            kinds.add(form_field.kind)
    assert kinds == set(FieldKind.values)


def test_seed_puts_the_form_back_to_the_listed_fields():
    seed_procedures()
    procedure = Procedure.objects.get(slug="gual")
    ProcedureFieldFactory(procedure=procedure, name="afegit-a-ma")
    procedure.fields.filter(name="adreca").update(label="Canviat")
    seed_procedures()
    names = list(procedure.fields.values_list("name", flat=True))
    assert "afegit-a-ma" not in names
    assert procedure.fields.get(name="adreca").label == "Adreça"
    assert names == [
        f["name"] for f in next(p for p in DEMO_PROCEDURES if p["slug"] == "gual")["fields"]
    ]


def test_seed_reuses_a_department_another_demo_made_with_the_same_name():
    DepartmentFactory(name="Urbanisme", slug="urbanisme-i-territori")
    seed_procedures()
    assert Department.objects.filter(name="Urbanisme").count() == 1
    urbanisme = Department.objects.get(name="Urbanisme")
    assert urbanisme.procedures.filter(slug="llicencia-obres-majors").exists()


def test_seeded_seasonal_procedures_open_in_spring_2027():
    seed_procedures()
    for procedure in Procedure.objects.filter(is_permanent=False):
        assert procedure.open_from.year == 2027
        assert procedure.is_open_on(procedure.open_from)
        assert not procedure.is_open_on(date(2027, 1, 1))


def test_seeded_catalogue_renders(client):
    seed_procedures()
    assert client.get(list_url()).status_code == 200
    for procedure in Procedure.objects.all():
        assert client.get(procedure.get_absolute_url()).status_code == 200, procedure.slug


def test_seed_refreshes_a_generic_request_staff_already_made():
    made_by_staff = ProcedureFactory(generic=True, slug="instancia", title="Instància")
    seed_procedures()
    assert Procedure.objects.filter(is_generic=True).get() == made_by_staff
    made_by_staff.refresh_from_db()
    assert made_by_staff.title == "Instància genèrica"
    assert made_by_staff.slug == "instancia"


def test_list_gives_the_application_window_of_seasonal_procedures(client):
    ProcedureFactory(seasonal=True)
    assert (
        "Applications from March 1, 2035 to March 31, 2035"
        in client.get(list_url()).content.decode()
    )
