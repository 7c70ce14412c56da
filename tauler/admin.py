"""The notice board's back office.

Drafts are edited here like any record. Everything that carries a rule of the
board goes through tauler.services, exactly as elsewhere: publishing,
extending, cancelling and correcting each have a small page of their own
(a confirmation or a one-field form) reached from the buttons of a notice's
page, and need the permission tauler.publish_notice. Once a notice is
published its page is read-only, apart from the pin, and its documents can be
neither added, changed nor removed. Those steps, and the PDFs' downloads, are
in tauler/admin_actions.py.
"""

from datetime import timedelta

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from corporativa.business_days import last_moment_shown
from tauler import services
from tauler.admin_actions import NoticeActionsMixin, when
from tauler.certificates import certificate_for
from tauler.choices import NoticeState
from tauler.forms import (
    DRAFT_FIELDS,
    NoticeDocumentForm,
    NoticeDraftForm,
    NoticePinForm,
)
from tauler.models import Category, Notice, NoticeDocument, PublicationLogEntry


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "notice_count"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("notices"))

    @admin.display(description=_("notices"), ordering="n")
    def notice_count(self, obj):
        return obj.n


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", NoticeState.DRAFT.label),
            ("published", _("Published (any state)")),
            ("scheduled", NoticeState.SCHEDULED.label),
            ("on_display", NoticeState.ON_DISPLAY.label),
            ("finished", NoticeState.FINISHED.label),
            ("cancelled", NoticeState.CANCELLED.label),
        ]

    def queryset(self, request, queryset):
        at = timezone.now()
        match self.value():
            case "draft":
                return queryset.filter(published_at__isnull=True)
            case "published":
                return queryset.published()
            case "scheduled":
                return queryset.scheduled(at=at)
            case "on_display":
                return queryset.on_display(at=at)
            case "finished":
                return queryset.finished(at=at)
            case "cancelled":
                return queryset.cancelled()
        return queryset


def _is_published(notice) -> bool:
    return notice is not None and notice.published_at is not None


class NoticeDocumentInline(admin.TabularInline):
    model = NoticeDocument
    form = NoticeDocumentForm
    verbose_name = _("PDF document")
    verbose_name_plural = _("PDF documents")
    readonly_fields = ["file_link", "sha256", "size"]
    ordering = ["order", "id"]

    def get_fields(self, request, obj=None):
        if _is_published(obj):
            return ["order", "title", "file_link", "sha256", "size"]
        return ["order", "title", "upload", "file_link", "sha256", "size"]

    def get_readonly_fields(self, request, obj=None):
        if _is_published(obj):
            return ["order", "title", "file_link", "sha256", "size"]
        return self.readonly_fields

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if _is_published(obj) else 1

    # The documents of a published notice are fixed: the log holds their hashes.
    def has_add_permission(self, request, obj=None):
        return not _is_published(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _is_published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_published(obj) and super().has_delete_permission(request, obj)

    def get_view_on_site_url(self, obj=None):
        # A draft's documents have no public address yet.
        if obj is None or not _is_published(obj.notice):
            return None
        return super().get_view_on_site_url(obj)

    @admin.display(description=_("file"))
    def file_link(self, document):
        if not document.pk:
            return "—"
        # The files have no public URL: staff read them through the admin.
        url = reverse("admin:tauler_notice_document", args=[document.notice_id, document.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Open the PDF"))


@admin.register(Notice)
class NoticeAdmin(NoticeActionsMixin, admin.ModelAdmin):
    list_display = [
        "number_display",
        "title",
        "state_display",
        "category",
        "department",
        "start_at",
        "end_at",
        "is_pinned",
    ]
    list_display_links = ["number_display", "title"]
    list_filter = [StateFilter, "category", "department", "is_pinned"]
    search_fields = ["number", "title", "case_reference"]
    date_hierarchy = "start_at"
    list_select_related = ["category", "department"]
    autocomplete_fields = ["corrects"]
    inlines = [NoticeDocumentInline]
    actions = ["publish_selected"]
    change_form_template = "admin/tauler/notice/change_form.html"

    draft_fieldsets = [
        (
            None,
            {
                "fields": [
                    "state_display",
                    "title",
                    "text",
                    ("category", "department"),
                    "case_reference",
                    "corrects",
                ]
            },
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "start_at",
                    ("period_business_days", "is_permanent"),
                    "planned_end",
                    "is_pinned",
                ]
            },
        ),
    ]
    published_fieldsets = [
        (
            None,
            {
                "fields": [
                    ("number_display", "state_display"),
                    "public_link",
                    "title",
                    "text",
                    ("category", "department"),
                    "case_reference",
                    "corrects",
                    "corrections_display",
                ]
            },
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "start_at",
                    "end_display",
                    ("period_business_days", "is_permanent"),
                    "is_pinned",
                ]
            },
        ),
        (
            _("Record"),
            {
                "fields": [
                    ("published_at", "published_by"),
                    ("cancelled_at", "cancel_reason"),
                    "finished_logged_at",
                    "certificate_display",
                    "log_display",
                ]
            },
        ),
    ]
    published_readonly = [
        "number_display",
        "state_display",
        "public_link",
        *[f for f in DRAFT_FIELDS if f != "is_pinned"],
        "corrections_display",
        "end_display",
        "published_at",
        "published_by",
        "cancelled_at",
        "cancel_reason",
        "finished_logged_at",
        "certificate_display",
        "log_display",
    ]

    # --- Pages ----------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        return self.published_fieldsets if _is_published(obj) else self.draft_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if _is_published(obj):
            return self.published_readonly
        return ["state_display", "planned_end"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = NoticePinForm if _is_published(obj) else NoticeDraftForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("period_business_days", 20)
        initial.setdefault(
            "start_at",
            (timezone.localtime() + timedelta(minutes=15)).replace(second=0, microsecond=0),
        )
        return initial

    def get_view_on_site_url(self, obj=None):
        # A draft has no public page (and no number to build its address with).
        if not _is_published(obj):
            return None
        return super().get_view_on_site_url(obj)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The "corrects" box looks notices up here: only published ones can be corrected.
        if request.GET.get("field_name") == "corrects":
            queryset = queryset.published()
        return queryset, may_have_duplicates

    def change_view(self, request, object_id, form_url="", extra_context=None):
        notice = self.get_object(request, unquote(object_id))
        extra_context = {**(extra_context or {}), "notice_tools": self._tools(request, notice)}
        return super().change_view(request, object_id, form_url, extra_context=extra_context)

    def _tools(self, request, notice):
        if notice is None or not request.user.has_perm(services.PERMISSION):
            return []
        state = notice.state
        tools = []

        def tool(name, label):
            tools.append(
                {"url": reverse(f"admin:tauler_notice_{name}", args=[notice.pk]), "label": label}
            )

        if state == NoticeState.DRAFT:
            tool("publish", _("Publish"))
            return tools
        if state in (NoticeState.SCHEDULED, NoticeState.ON_DISPLAY):
            if not notice.is_permanent:
                tool("extend", _("Extend the period"))
            tool("cancel", _("Cancel"))
        tool("correct", _("Create a correction"))
        return tools

    # --- Saving -----------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if _is_published(obj):
            # Only the pin: writing the whole row could put back a period that
            # an extension has just changed.
            Notice.objects.filter(pk=obj.pk).update(is_pinned=obj.is_pinned)
            return
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if _is_published(form.instance):
            # Nothing of a published notice's documents is saved, whatever was posted.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        documents = formset.save(commit=False)
        for document in formset.deleted_objects:
            services.document_file_delete(document)
        for document in documents:
            document.save()

    # Published notices are kept for ever; a draft can go, with its documents.
    def has_delete_permission(self, request, obj=None):
        return not _is_published(obj) and super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        objs = list(objs)
        if objs and not any(_is_published(o) for o in objs):
            # A draft's documents protect it only from a careless cascade: they
            # are deleted with it (delete_model).
            documents = NoticeDocument.objects.filter(notice__in=objs)
            protected = []
            if documents:
                deleted = [
                    *deleted,
                    *(f"{NoticeDocument._meta.verbose_name}: {d}" for d in documents),
                ]
                counts[NoticeDocument._meta.verbose_name_plural] = len(documents)
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        services.notice_draft_delete(notice=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for notice in queryset:
            self.delete_model(request, notice)

    # --- Columns and read-only fields -------------------------------------------

    @admin.display(description=_("number"), ordering="number")
    def number_display(self, obj):
        return obj.number or gettext("(draft)")

    @admin.display(description=_("state"))
    def state_display(self, obj):
        if obj.pk is None:
            return NoticeState.DRAFT.label
        return NoticeState(obj.state).label

    @admin.display(description=_("end if published now"))
    def planned_end(self, obj):
        if obj.pk is None or obj.is_permanent or not obj.period_business_days:
            return gettext("No end (permanent)") if obj.is_permanent else "—"
        end = services.end_of_period(
            start_at=obj.start_at, business_days_count=obj.period_business_days
        )
        return gettext("Until %(end)s (comes down at %(moment)s)") % {
            "end": last_moment_shown(end).strftime("%d/%m/%Y %H:%M"),
            "moment": when(end),
        }

    @admin.display(description=_("end of publication"))
    def end_display(self, obj):
        if obj.end_at is None:
            return gettext("No end (permanent)")
        return gettext("%(end)s (%(days)s natural days)") % {
            "end": when(obj.end_at),
            "days": obj.natural_days,
        }

    @admin.display(description=_("public page"))
    def public_link(self, obj):
        url = obj.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.display(description=_("corrected by"))
    def corrections_display(self, obj):
        corrections = list(obj.corrections.order_by("created_at"))
        if not corrections:
            return "—"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:tauler_notice_change", args=[c.pk]), str(c)) for c in corrections),
        )

    @admin.display(description=_("publication certificate"))
    def certificate_display(self, obj):
        certificate = certificate_for(obj)
        if certificate is not None:
            return format_html(
                '<a href="{}">{}</a>',
                reverse("admin:documents_issueddocument_change", args=[certificate.pk]),
                certificate.csv_display,
            )
        return gettext(
            "Not issued yet: it is issued when the display period ends "
            "(or after a cancellation, if the notice was on display)."
        )

    @admin.display(description=_("publication log"))
    def log_display(self, obj):
        entries = obj.log_entries.order_by("sequence")
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">#{}</a> {} · {} · <code>{}</code>',
            (
                (
                    reverse("admin:tauler_publicationlogentry_change", args=[e.pk]),
                    e.sequence,
                    e.get_event_display(),
                    when(e.at),
                    e.hash,
                )
                for e in entries
            ),
        )


@admin.register(PublicationLogEntry)
class PublicationLogEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are appended by tauler.services and never change."""

    list_display = ["sequence", "event", "notice_link", "at", "short_hash"]
    list_filter = ["event"]
    search_fields = ["notice_number", "hash"]
    date_hierarchy = "at"
    fields = ["sequence", "event", "notice_link", "at", "data", "previous_hash", "hash"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("notice"), ordering="notice_number")
    def notice_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:tauler_notice_change", args=[obj.notice_id]),
            obj.notice_number,
        )

    @admin.display(description=_("hash"))
    def short_hash(self, obj):
        return format_html('<code title="{}">{}…</code>', obj.hash, obj.hash[:16])
