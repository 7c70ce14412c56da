"""The back office's forms pass axe: RD 1112/2018 counts the council's staff as
users too. Every rule of axe on the add form (where staff may add) and on the
change form of a saved object of every model registered in the admin, read-only
ones included (a published notice, a case, the statistics' records), and on the
forms of their own: the notice board's publication steps, a user's password and
the calls' list actions that ask for a reason or a date.

One browser context and one logged-in superuser for the lot: a superuser sees
every field, inline and button a section's staff could.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from convocatories.models import ApplicationDraft
from estadistiques.models import DailyPageCount, ImportedFile, PageView, RolledVisit
from outbox.choices import MailKind
from outbox.models import Mail
from tests.accounts.factories import UserFactory
from tests.browser.test_tramits_journey import PASSWORD, _log_in
from tests.convocatories.factories import CallDocumentFactory, CallFactory, PhaseFactory
from tests.corporativa.factories import (
    AccessibilityReportFactory,
    CouncilFactory,
    FaqFactory,
    LocalHolidayFactory,
    MunicipalBodyFactory,
    OfficeFactory,
    PageFactory,
    PersonFactory,
    RegulationFactory,
    SessionFactory,
    regulation_document,
    session_document,
    special_period,
    weekday_hours,
)
from tests.tauler.factories import NoticeFactory, notice_on_display
from tests.tramits.factories import DepartmentFactory, ProcedureFactory, ProcedureFieldFactory
from tramits import services as tramits_services
from tramits.choices import FieldKind

# Registered models whose forms staff never open. None so far: the statistics'
# raw tables, the publication log and the issued documents are read-only, but
# staff open their records to check a figure, an event or a seal, so their
# read-only views are checked like any form.
NEVER_OPENED: dict[str, str] = {}


def _in_a_thread(function, **kwargs):
    """Run `function` in a thread of its own: pyHanko seals with asyncio.run(),
    which cannot run in this thread while Playwright's event loop is open (the
    live server's thread seals the receipts of the browser journeys)."""
    from django.db import connections

    def run():
        try:
            return function(**kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(run).result()


def _register(*, draft):
    """Register the draft as the site does, its receipt sealed once committed."""
    with transaction.atomic():
        return tramits_services.submission_register(draft=draft, device_class="mobile")


def _objects(superuser):
    """One saved object of each registered model, several where the form differs
    with the object's state (a draft notice or call, and a published one, whose
    fields are read-only: the law forbids changing what was published)."""
    department = DepartmentFactory()
    session = SessionFactory()
    session_document(session)
    office = OfficeFactory()
    weekday_hours(office, range(5), "09:00", "14:00")
    period = special_period(
        office,
        timezone.localdate() + timedelta(days=30),
        timezone.localdate() + timedelta(days=60),
        hours=[(range(5), "08:00", "13:00")],
    )
    regulation = RegulationFactory()
    regulation_document(regulation)
    faq = FaqFactory()

    procedure = ProcedureFactory(department=department)
    ProcedureFieldFactory(procedure=procedure, name="titulacio", kind=FieldKind.TEXT)
    draft_notice = NoticeFactory(documents=1)
    published_notice = notice_on_display(documents=1)
    draft_call = CallFactory(published=False)
    call = CallFactory(procedure=procedure)
    phase = PhaseFactory(call=call)
    CallDocumentFactory(call=call, phase=phase)

    # A citizen applies to the call: a case, its receipt and the application.
    citizen = UserFactory(full_name="Marta Puig i Soler")
    draft = tramits_services.draft_for(applicant=citizen, procedure=procedure)
    ApplicationDraft.objects.create(call=call, draft=draft)
    tramits_services.draft_save(draft=draft, answers={"titulacio": "Grau en Dret"})
    submission = _in_a_thread(_register, draft=draft)
    receipt = submission.entries.get().receipt
    person = PersonFactory()

    now = timezone.now()
    key = "0" * 32  # a visitor key: 32 hex digits
    return [
        Group.objects.get_or_create(name="Tauler")[0],
        superuser,
        citizen,
        LocalHolidayFactory(),
        CouncilFactory(),
        person.group,
        person,
        MunicipalBodyFactory(),
        session,
        department,
        office,
        period,
        regulation,
        PageFactory(),
        faq.topic,
        faq,
        AccessibilityReportFactory(name="Pau Riera", email="pau@example.cat"),
        procedure.topic,
        procedure,
        submission,
        draft_notice.category,
        draft_notice,
        published_notice,
        published_notice.log_entries.first(),
        draft_call,
        call,
        call.applications.get(),
        PageView.objects.create(
            time=now, path="/ca/", section="home", device="mobile", visitor_key=key
        ),
        RolledVisit.objects.create(
            visitor_key=key, first_at=now, last_at=now, views=1, device="mobile"
        ),
        DailyPageCount.objects.create(day=now.date(), path="/ca/", section="home", views=1),
        ImportedFile.objects.create(
            first_line_sha256="1" * 64, prefix_sha256="2" * 64, name="access.log.1.gz"
        ),
        receipt,
        # The registration's confirmation, written to the outbox with it.
        Mail.objects.get(kind=MailKind.REGISTERED),
    ]


def _violations(page) -> list[str]:
    # Every rule runs; only the preloading of style sheets is off. axe rebuilds
    # a style sheet that has an @import (Django's admin/css/forms.css imports
    # widgets.css) as an inline <style>, which the seu's Content-Security-Policy
    # rightly blocks: the preload fails ("Couldn't load preload assets") and
    # leaves console errors that would hide real ones. The one rule that reads
    # the preloaded sheets, css-orientation-lock, runs without them either way.
    results = Axe().run(page, options={"preload": False})
    return [
        f"{violation['id']} ({violation['help']}): "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]


@pytest.mark.django_db(transaction=True)
def test_every_admin_form_passes_axe(live_server, page_factory):
    superuser = UserFactory(
        email="secretaria@mollet.example",
        full_name="Pere Soler",
        is_staff=True,
        is_superuser=True,
        password=PASSWORD,
    )
    request = RequestFactory().get("/")
    request.user = superuser
    registered = {
        model._meta.label: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.label not in NEVER_OPENED
    }
    # Asked before any object exists: the council's record can only be added once.
    addable = [
        label
        for label, model_admin in registered.items()
        if model_admin.has_add_permission(request)
    ]
    page = page_factory()
    _log_in(page, live_server.url, superuser.email)
    found = {}

    def audit():
        assert page.locator("#content form").count() >= 1, page.url
        if problems := _violations(page):
            found[page.url.removeprefix(live_server.url)] = problems

    def check(url):
        response = page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("load")
        assert response.status == 200, f"{url} answered {response.status}"
        audit()

    for label in addable:
        opts = registered[label].opts
        check(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))

    objects = _objects(superuser)
    missing = set(registered) - {obj._meta.label for obj in objects}
    assert not missing, f"give the test an object of {sorted(missing)}"
    for obj in objects:
        opts = obj._meta
        check(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    # The steps that are forms of their own: the board's publication steps,
    # a user's password, and the calls' list actions that ask for more first.
    draft_notice, published_notice = (o for o in objects if o._meta.label == "tauler.Notice")
    check(reverse("admin:tauler_notice_publish", args=[draft_notice.pk]))
    for step in ("extend", "cancel", "correct"):
        check(reverse(f"admin:tauler_notice_{step}", args=[published_notice.pk]))
    check(reverse("admin:auth_user_password_change", args=[superuser.pk]))
    open_call = [o for o in objects if o._meta.label == "convocatories.Call"][-1]
    for action in ("cancel_selected", "extend_selected"):
        page.goto(f"{live_server.url}{reverse('admin:convocatories_call_changelist')}")
        page.check(f"input.action-select[value='{open_call.pk}']")
        page.select_option("select[name=action]", action)
        page.locator("button[name=index]").click()
        page.wait_for_load_state("load")
        assert page.locator(f"input[name=action][value={action}]").count() == 1, action
        audit()

    report = "\n".join(f"{url}\n  " + "\n  ".join(problems) for url, problems in found.items())
    assert not found, f"axe violations in the back office:\n{report}"
