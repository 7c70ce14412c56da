"""The board's back office: drafts are edited freely; publishing, extending,
cancelling and correcting go through tauler.services from pages that need the
permission to publish; a published notice cannot be changed from here, even
by a forged request."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tauler.certificates import certificate_for
from tauler.choices import LogEvent, NoticeState
from tauler.models import Notice, NoticeDocument, PublicationLogEntry
from tests.accounts.factories import UserFactory
from tests.tauler.factories import (
    CategoryFactory,
    NoticeDocumentFactory,
    NoticeFactory,
    notice_finished,
    notice_on_display,
    pdf_bytes,
)
from tests.tramits.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:tauler_notice_changelist"


def url(name, notice):
    return reverse(f"admin:tauler_notice_{name}", args=[notice.pk])


def hidden_inputs(html: str) -> dict:
    """The hidden inputs of a page (inline management forms and ids), as a browser sends them."""
    data = {}
    for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", html):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) != "csrfmiddlewaretoken":
            data[name.group(1)] = value.group(1) if value else ""
    return data


def draft_data(notice=None, **overrides) -> dict:
    category = notice.category if notice else CategoryFactory()
    department = notice.department if notice else DepartmentFactory()
    start = timezone.localtime() + timedelta(hours=2)
    data = {
        "title": "Aprovació inicial del pressupost",
        "text": "Es fa públic per a general coneixement.",
        "category": category.pk,
        "department": department.pk,
        "case_reference": "2026/0001-HIS",
        "corrects": "",
        "start_at_0": start.strftime("%Y-%m-%d"),
        "start_at_1": start.strftime("%H:%M:%S"),
        "period_business_days": "15",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(overrides)
    return data


@pytest.fixture
def publish_less_clerk(client):
    """Staff who may edit drafts but not publish."""
    user = UserFactory(email="becari@mollet.example", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="tauler",
            codename__in=["view_notice", "change_notice", "add_notice", "view_category"],
        )
    )
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# --- Lists and pages ----------------------------------------------------------------------


def test_changelist_renders_every_state_and_filter(tauler_admin, django_assert_max_num_queries):
    draft = NoticeFactory(title="Esborrany pendent")
    shown = notice_on_display(title="Anunci exposat")
    finished = notice_finished(title="Anunci acabat")
    for _ in range(5):
        notice_on_display()
    with django_assert_max_num_queries(12):
        page = tauler_admin.get(reverse(CHANGELIST))
    assert page.status_code == 200
    html = page.content.decode()
    for notice in (draft, shown, finished):
        assert notice.title in html
    assert shown.number in html
    assert str(NoticeState.ON_DISPLAY.label) in html
    assert str(NoticeState.FINISHED.label) in html
    for state in ("draft", "published", "scheduled", "on_display", "finished", "cancelled"):
        assert tauler_admin.get(reverse(CHANGELIST), {"state": state}).status_code == 200
    drafts = tauler_admin.get(reverse(CHANGELIST), {"state": "draft"}).content.decode()
    assert draft.title in drafts and shown.title not in drafts
    found = tauler_admin.get(reverse(CHANGELIST), {"q": shown.number}).content.decode()
    assert shown.title in found and finished.title not in found


def test_change_pages_render_for_a_tauler_clerk(tauler_admin):
    draft = NoticeFactory(documents=1)
    published = notice_on_display(documents=1)
    for notice in (draft, published):
        page = tauler_admin.get(url("change", notice))
        assert page.status_code == 200
    assert tauler_admin.get(reverse("admin:tauler_notice_add")).status_code == 200
    assert tauler_admin.get(reverse("admin:tauler_category_changelist")).status_code == 200
    assert (
        tauler_admin.get(reverse("admin:tauler_publicationlogentry_changelist")).status_code == 200
    )


def test_anonymous_people_are_sent_to_the_login(client):
    notice = NoticeFactory()
    for name in ("change", "publish", "extend", "cancel", "correct"):
        response = client.get(url(name, notice))
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_the_draft_page_offers_publishing_and_the_published_one_the_rest(tauler_admin):
    draft = NoticeFactory(documents=1)
    draft_html = tauler_admin.get(url("change", draft)).content.decode()
    assert url("publish", draft) in draft_html and "Extend the period" not in draft_html
    # A draft has no public page to link to.
    assert "View on site" not in draft_html
    shown = notice_on_display()
    shown_html = tauler_admin.get(url("change", shown)).content.decode()
    assert url("extend", shown) in shown_html
    assert url("cancel", shown) in shown_html
    assert url("correct", shown) in shown_html
    assert url("publish", shown) not in shown_html


# --- Drafts ------------------------------------------------------------------------------------


def test_a_draft_is_added_with_a_pdf_fingerprinted_on_upload(tauler_admin):
    content = pdf_bytes("Pressupost")
    data = draft_data(
        **{
            "documents-TOTAL_FORMS": "1",
            "documents-0-order": "0",
            "documents-0-title": "",
            "documents-0-upload": SimpleUploadedFile("pressupost.pdf", content),
        }
    )
    response = tauler_admin.post(reverse("admin:tauler_notice_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    notice = Notice.objects.get()
    assert notice.published_at is None and notice.number is None
    document = notice.documents.get()
    assert document.title == "pressupost.pdf"
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.file.read() == content
    assert not PublicationLogEntry.objects.exists()


def test_a_file_that_is_not_a_pdf_is_refused(tauler_admin):
    data = draft_data(
        **{
            "documents-TOTAL_FORMS": "1",
            "documents-0-order": "0",
            "documents-0-title": "Plànol",
            "documents-0-upload": SimpleUploadedFile("planol.pdf", b"MZ\x90\x00 not a pdf"),
        }
    )
    response = tauler_admin.post(reverse("admin:tauler_notice_add"), data)
    assert response.status_code == 200
    assert "is not a PDF file" in response.content.decode()
    assert not Notice.objects.exists()
    assert not NoticeDocument.objects.exists()


def test_a_pdf_over_the_size_limit_is_refused_and_nothing_is_kept(tauler_admin, settings):
    settings.PUBLISHED_PDF_MAX_MB = 1
    big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)
    data = draft_data(
        **{
            "documents-TOTAL_FORMS": "1",
            "documents-0-order": "0",
            "documents-0-title": "Pla urbanístic",
            "documents-0-upload": SimpleUploadedFile("pla.pdf", big),
        }
    )
    response = tauler_admin.post(reverse("admin:tauler_notice_add"), data)
    assert response.status_code == 200
    assert "the largest document the seu publishes is 1 MB" in response.content.decode()
    assert not Notice.objects.exists()
    assert not NoticeDocument.objects.exists()


def test_a_draft_needs_a_period_or_to_be_permanent(tauler_admin):
    response = tauler_admin.post(
        reverse("admin:tauler_notice_add"), draft_data(period_business_days="")
    )
    assert response.status_code == 200
    assert "Give the period in business days" in response.content.decode()
    response = tauler_admin.post(
        reverse("admin:tauler_notice_add"),
        draft_data(period_business_days="20", is_permanent="on"),
    )
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert notice.is_permanent and notice.period_business_days is None


def test_a_draft_can_be_edited(tauler_admin):
    notice = NoticeFactory(documents=1)
    page = tauler_admin.get(url("change", notice)).content.decode()
    data = draft_data(notice, title="Títol revisat")
    data.update(hidden_inputs(page))
    # The blank extra row, as a browser sends it: its order keeps its initial 0.
    data.update(
        {"documents-0-order": "0", "documents-0-title": "Edicte revisat", "documents-1-order": "0"}
    )
    response = tauler_admin.post(url("change", notice), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    notice.refresh_from_db()
    assert notice.title == "Títol revisat"
    assert notice.documents.get().title == "Edicte revisat"


def test_a_draft_with_documents_can_be_deleted_a_published_notice_cannot(tauler_clerk, client):
    # The group "Tauler" has no delete permission; a superuser shows the rule is the board's.
    admin_user = UserFactory(email="admin@mollet.example", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    draft = NoticeFactory(documents=2)
    response = client.post(url("delete", draft), {"post": "yes"})
    assert response.status_code == 302
    assert not Notice.objects.filter(pk=draft.pk).exists()
    assert not NoticeDocument.objects.exists()

    published = notice_on_display()
    assert client.get(url("delete", published)).status_code == 403
    assert client.post(url("delete", published), {"post": "yes"}).status_code == 403
    response = client.post(
        reverse(CHANGELIST),
        {"action": "delete_selected", "_selected_action": [published.pk], "post": "yes"},
    )
    assert Notice.objects.filter(pk=published.pk).exists()


def test_the_tauler_group_cannot_delete(tauler_admin):
    draft = NoticeFactory()
    assert tauler_admin.get(url("delete", draft)).status_code == 403


# --- Publishing --------------------------------------------------------------------------------


def test_publishing_gives_the_number_and_writes_the_log(tauler_admin):
    draft = NoticeFactory(documents=1)
    page = tauler_admin.get(url("publish", draft))
    assert page.status_code == 200
    assert escape(draft.title) in page.content.decode()
    response = tauler_admin.post(url("publish", draft), follow=True)
    draft.refresh_from_db()
    assert draft.number
    assert draft.published_by.email == "tauler@mollet.example"
    entry = PublicationLogEntry.objects.get()
    assert entry.event == LogEvent.PUBLISHED
    assert entry.notice_number == draft.number
    assert entry.data["documents"][0]["sha256"] == draft.documents.get().sha256
    assert f"Notice {draft.number} was published" in response.content.decode()
    # Publishing twice is refused, with a message, and changes nothing.
    again = tauler_admin.post(url("publish", draft), follow=True)
    assert "cannot be done to a notice" in again.content.decode()
    assert PublicationLogEntry.objects.count() == 1


def test_publishing_a_start_in_the_past_is_refused_with_the_reason(tauler_admin):
    draft = NoticeFactory(start_at=timezone.now() - timedelta(days=1))
    response = tauler_admin.post(url("publish", draft))
    assert response.status_code == 200
    assert "cannot be in the past" in response.content.decode()
    draft.refresh_from_db()
    assert draft.published_at is None


def test_the_publish_action_publishes_the_selected_drafts(tauler_admin):
    drafts = [NoticeFactory(), NoticeFactory()]
    already = notice_on_display()
    response = tauler_admin.post(
        reverse(CHANGELIST),
        {
            "action": "publish_selected",
            "_selected_action": [n.pk for n in drafts] + [already.pk],
        },
        follow=True,
    )
    assert "2 notices were published." in response.content.decode()
    for notice in drafts:
        notice.refresh_from_db()
        assert notice.number
    assert PublicationLogEntry.objects.count() == 3


def test_publishing_needs_the_publish_permission(publish_less_clerk):
    draft = NoticeFactory()
    shown = notice_on_display()
    assert publish_less_clerk.get(url("change", draft)).status_code == 200
    assert publish_less_clerk.get(url("publish", draft)).status_code == 403
    assert publish_less_clerk.post(url("publish", draft)).status_code == 403
    for name in ("extend", "cancel", "correct"):
        assert publish_less_clerk.post(url(name, shown), {"reason": "x"}).status_code == 403
    changelist = publish_less_clerk.get(reverse(CHANGELIST)).content.decode()
    assert "publish_selected" not in changelist
    draft.refresh_from_db()
    assert draft.published_at is None


def test_the_action_pages_are_csrf_protected(tauler_clerk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tauler_clerk)
    draft = NoticeFactory()
    assert client.post(url("publish", draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.published_at is None


# --- A published notice is read-only -------------------------------------------------------------


def test_a_published_notice_shows_no_editable_field_but_the_pin(tauler_admin):
    notice = notice_on_display(documents=1)
    html = tauler_admin.get(url("change", notice)).content.decode()
    for field in ("title", "text", "category", "start_at_0", "period_business_days"):
        assert f'name="{field}"' not in html
    assert 'name="is_pinned"' in html
    assert 'name="documents-0-upload"' not in html
    assert 'name="documents-0-title"' not in html
    assert notice.documents.get().sha256 in html
    for entry in notice.log_entries.all():
        assert entry.hash in html


def test_a_forged_post_cannot_change_a_published_notice(tauler_admin):
    notice = notice_on_display(documents=1)
    document = notice.documents.get()
    before = Notice.objects.filter(pk=notice.pk).values().get()
    page = tauler_admin.get(url("change", notice)).content.decode()
    data = hidden_inputs(page)
    data.update(
        draft_data(
            notice,
            title="Text canviat",
            text="Un altre text",
            period_business_days="1",
            is_pinned="on",
        )
    )
    data.update(
        {
            "documents-TOTAL_FORMS": "2",
            "documents-INITIAL_FORMS": "1",
            "documents-0-id": str(document.pk),
            "documents-0-notice": str(notice.pk),
            "documents-0-title": "Document canviat",
            "documents-0-upload": SimpleUploadedFile("altre.pdf", pdf_bytes("Altre")),
            "documents-1-title": "Document afegit",
            "documents-1-upload": SimpleUploadedFile("nou.pdf", pdf_bytes("Nou")),
        }
    )
    tauler_admin.post(url("change", notice), data)
    after = Notice.objects.filter(pk=notice.pk).values().get()
    # Only the pin may change.
    assert after.pop("is_pinned") is True
    before.pop("is_pinned")
    assert after == before
    assert list(notice.documents.values_list("pk", "title", "sha256")) == [
        (document.pk, document.title, document.sha256)
    ]
    assert NoticeDocument.objects.count() == 1


def test_the_pin_of_a_published_notice_can_change(tauler_admin):
    notice = notice_on_display()
    data = hidden_inputs(tauler_admin.get(url("change", notice)).content.decode())
    data.update({"is_pinned": "on", "_save": "Save"})
    assert tauler_admin.post(url("change", notice), data).status_code == 302
    notice.refresh_from_db()
    assert notice.is_pinned
    assert PublicationLogEntry.objects.count() == 1


def test_documents_of_a_published_notice_cannot_be_added_by_their_own_form(tauler_admin):
    notice = notice_on_display()
    assert NoticeDocumentFactory._meta.model.objects.count() == 0
    with pytest.raises(Exception, match="cannot change"):
        NoticeDocumentFactory(notice=notice)


def test_staff_can_read_a_draft_document(tauler_admin):
    document = NoticeDocumentFactory(title="Plànol")
    response = tauler_admin.get(
        reverse("admin:tauler_notice_document", args=[document.notice_id, document.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


# --- Extending, cancelling, correcting ------------------------------------------------------


def test_extending_refuses_a_shorter_period_and_accepts_a_longer_one(tauler_admin):
    notice = notice_on_display(period_business_days=20)
    assert tauler_admin.get(url("extend", notice)).status_code == 200
    for days in ("20", "5"):
        response = tauler_admin.post(url("extend", notice), {"business_days": days})
        assert response.status_code == 200
        assert "can only be extended" in response.content.decode()
    notice.refresh_from_db()
    assert notice.period_business_days == 20
    end = notice.end_at

    response = tauler_admin.post(url("extend", notice), {"business_days": "30"}, follow=True)
    assert "is now 30 business days" in response.content.decode()
    notice.refresh_from_db()
    assert notice.period_business_days == 30
    assert notice.end_at > end
    entry = notice.log_entries.get(event=LogEvent.EXTENDED)
    assert entry.data["from"]["business_days"] == 20
    assert entry.data["to"]["business_days"] == 30


def test_a_finished_or_permanent_notice_cannot_be_extended(tauler_admin):
    for notice in (notice_finished(), notice_on_display(permanent=True)):
        response = tauler_admin.post(url("extend", notice), {"business_days": "99"})
        assert response.status_code in (200, 302)
        notice.refresh_from_db()
        assert not notice.log_entries.filter(event=LogEvent.EXTENDED).exists()


def test_cancelling_needs_a_public_reason(tauler_admin):
    notice = notice_on_display()
    assert tauler_admin.get(url("cancel", notice)).status_code == 200
    for reason in ("", "   "):
        response = tauler_admin.post(url("cancel", notice), {"reason": reason})
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()
    notice.refresh_from_db()
    assert notice.cancelled_at is None


def test_cancelling_withdraws_the_notice_and_certifies_what_was_shown(
    tauler_admin, django_capture_on_commit_callbacks
):
    notice = notice_on_display()
    reason = "Publicat amb un annex equivocat."
    with django_capture_on_commit_callbacks(execute=True):
        response = tauler_admin.post(url("cancel", notice), {"reason": reason}, follow=True)
    assert f"Notice {notice.number} was cancelled" in response.content.decode()
    notice.refresh_from_db()
    assert notice.state == NoticeState.CANCELLED
    assert notice.cancel_reason == reason
    assert notice.log_entries.get(event=LogEvent.CANCELLED).data == {"reason": reason}
    assert certificate_for(notice) is not None


def test_a_correction_is_a_new_draft_that_points_to_the_original(tauler_admin):
    original = notice_on_display(title="Bases de la convocatòria")
    assert tauler_admin.get(url("correct", original)).status_code == 200
    response = tauler_admin.post(url("correct", original))
    correction = Notice.objects.get(corrects=original)
    assert response.status_code == 302
    assert response["Location"] == url("change", correction)
    assert correction.published_at is None
    assert "Bases de la convocatòria" in correction.title
    page = tauler_admin.get(url("change", correction)).content.decode()
    assert 'name="title"' in page
    original.refresh_from_db()
    assert original.title == "Bases de la convocatòria"


# --- The publication log ------------------------------------------------------------------------------


def test_the_log_admin_lists_entries_and_refuses_add_change_and_delete(tauler_admin):
    notice = notice_on_display()
    entry = notice.log_entries.get()
    changelist = tauler_admin.get(reverse("admin:tauler_publicationlogentry_changelist"))
    assert changelist.status_code == 200
    html = changelist.content.decode()
    assert notice.number in html and entry.hash[:16] in html
    assert "delete_selected" not in html
    assert tauler_admin.get(reverse("admin:tauler_publicationlogentry_add")).status_code == 403
    change = reverse("admin:tauler_publicationlogentry_change", args=[entry.pk])
    page = tauler_admin.get(change)
    assert page.status_code == 200
    assert 'name="data"' not in page.content.decode()
    assert tauler_admin.post(change, {"data": "{}"}).status_code == 403
    delete = reverse("admin:tauler_publicationlogentry_delete", args=[entry.pk])
    assert tauler_admin.get(delete).status_code == 403
    assert tauler_admin.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.compute_hash() == entry.hash
