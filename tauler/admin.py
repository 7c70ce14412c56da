"""The notice board's back office.

Drafts are edited here like any record. Everything that carries a rule of the
board goes through tauler.services, exactly as elsewhere: publishing,
extending, cancelling and correcting each have a small page of their own
(a confirmation or a one-field form) reached from the buttons of a notice's
page, and need the permission tauler.publish_notice. Once a notice is
published its page is read-only, apart from the pin, and its documents can be
neither added, changed nor removed.
"""

from datetime import timedelta
from functools import update_wrapper

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from corporativa.business_days import last_moment_shown
from tauler import services
from tauler.certificates import certificate_for
from tauler.choices import NoticeState
from tauler.forms import (
    DRAFT_FIELDS,
    CancelForm,
    CorrectionForm,
    ExtendForm,
    NoticeDocumentForm,
    NoticeDraftForm,
    NoticePinForm,
    PublishForm,
)
from tauler.models import Category, Notice, NoticeDocument, PublicationLogEntry


def _when(value) -> str:
    if value is None:
        return "—"
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S")


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
class NoticeAdmin(admin.ModelAdmin):
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
            "moment": _when(end),
        }

    @admin.display(description=_("end of publication"))
    def end_display(self, obj):
        if obj.end_at is None:
            return gettext("No end (permanent)")
        return gettext("%(end)s (%(days)s natural days)") % {
            "end": _when(obj.end_at),
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
                    _when(e.at),
                    e.hash,
                )
                for e in entries
            ),
        )

    # --- Actions ------------------------------------------------------------------

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm(services.PERMISSION)

    @admin.action(description=_("Publish the selected drafts"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        published = 0
        for notice in queryset.order_by("start_at", "id"):
            if notice.published_at is not None:
                continue
            try:
                notice = services.notice_publish(notice=notice, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request,
                    gettext("%(title)s was not published: %(reason)s")
                    % {"title": notice.title, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                published += 1
        if published:
            self.message_user(
                request,
                ngettext("%(n)s notice was published.", "%(n)s notices were published.", published)
                % {"n": published},
                messages.SUCCESS,
            )
        elif not queryset.filter(published_at__isnull=True).exists():
            self.message_user(request, gettext("No draft was selected."), messages.WARNING)

    def get_urls(self):
        def wrap(view):
            def wrapper(*args, **kwargs):
                return self.admin_site.admin_view(view)(*args, **kwargs)

            wrapper.model_admin = self
            return update_wrapper(wrapper, view)

        return [
            path(
                "<path:object_id>/publish/", wrap(self.publish_view), name="tauler_notice_publish"
            ),
            path("<path:object_id>/extend/", wrap(self.extend_view), name="tauler_notice_extend"),
            path("<path:object_id>/cancel/", wrap(self.cancel_view), name="tauler_notice_cancel"),
            path(
                "<path:object_id>/correct/", wrap(self.correct_view), name="tauler_notice_correct"
            ),
            path(
                "<path:object_id>/documents/<int:document_pk>/",
                wrap(self.document_view),
                name="tauler_notice_document",
            ),
            *super().get_urls(),
        ]

    def _notice_or_404(self, request, object_id) -> Notice:
        notice = self.get_object(request, unquote(object_id))
        if notice is None:
            raise Http404
        return notice

    def _change_url(self, notice) -> str:
        return reverse("admin:tauler_notice_change", args=[notice.pk])

    def _action_page(
        self,
        request,
        object_id,
        *,
        form_class,
        form_kwargs=None,
        allowed,
        title,
        intro,
        submit,
        perform,
        summary=(),
    ):
        """One of the steps that need the permission to publish: a confirmation
        or a one-field form, then the service, then back to the notice."""
        notice = self._notice_or_404(request, object_id)
        if not request.user.has_perm(services.PERMISSION):
            raise PermissionDenied
        if notice.state not in allowed:
            self.message_user(
                request,
                gettext("This cannot be done to a notice in the state “%(state)s”.")
                % {"state": NoticeState(notice.state).label},
                messages.ERROR,
            )
            return HttpResponseRedirect(self._change_url(notice))
        form_kwargs = form_kwargs or {}
        if request.method == "POST":
            form = form_class(request.POST, **form_kwargs)
            if form.is_valid():
                try:
                    return perform(notice, form.cleaned_data)
                except ValidationError as error:
                    form.add_error(None, error)
        else:
            form = form_class(**form_kwargs)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": notice,
            "title": title,
            "subtitle": str(notice),
            "intro": intro,
            "summary": summary,
            "form": form,
            "submit_label": submit,
            "change_url": self._change_url(notice),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/tauler/notice/action_form.html", context)

    def _summary(self, notice):
        period = (
            gettext("Permanent")
            if notice.is_permanent
            else ngettext("%(n)s business day", "%(n)s business days", notice.period_business_days)
            % {"n": notice.period_business_days}
        )
        rows = [
            (_("Title"), notice.title),
            (_("Category"), notice.category),
            (_("Issuing department"), notice.department),
            (_("Case reference"), notice.case_reference or "—"),
            (_("Start of publication"), _when(notice.start_at)),
            (_("Period"), period),
        ]
        if notice.end_at:
            rows.append((_("End of publication"), _when(notice.end_at)))
        return rows

    def publish_view(self, request, object_id):
        notice = self._notice_or_404(request, object_id)
        summary = self._summary(notice)
        if notice.published_at is None and not notice.is_permanent and notice.period_business_days:
            summary.append((_("End of publication"), self.planned_end(notice)))
        documents = list(notice.documents.all())
        summary.append(
            (
                _("Documents"),
                ", ".join(f"{d.title} ({d.sha256[:12]}…)" for d in documents)
                or gettext("None: the notice will be published without documents."),
            )
        )
        if notice.corrects_id:
            summary.append((_("Corrects"), str(notice.corrects)))

        def perform(notice, data):
            notice = services.notice_publish(notice=notice, by=request.user)
            if notice.end_at:
                message = gettext(
                    "Notice %(number)s was published. It is on display from %(start)s until "
                    "%(end)s."
                )
            else:
                message = gettext(
                    "Notice %(number)s was published. It is on display from %(start)s, with no end."
                )
            values = {
                "number": notice.number,
                "start": _when(notice.start_at),
                "end": _when(notice.end_at),
            }
            self.message_user(request, message % values, messages.SUCCESS)
            return HttpResponseRedirect(self._change_url(notice))

        return self._action_page(
            request,
            object_id,
            form_class=PublishForm,
            allowed=[NoticeState.DRAFT],
            title=gettext("Publish the notice"),
            intro=gettext(
                "Once published, the notice gets its number and its text, documents and start "
                "can never change again; its period can only be extended. Check it before "
                "publishing."
            ),
            submit=gettext("Publish"),
            summary=summary,
            perform=perform,
        )

    def extend_view(self, request, object_id):
        notice = self._notice_or_404(request, object_id)

        def perform(notice, data):
            notice = services.notice_extend(
                notice=notice, by=request.user, business_days_count=data["business_days"]
            )
            self.message_user(
                request,
                gettext(
                    "The period of notice %(number)s is now %(days)s business days, until %(end)s."
                )
                % {
                    "number": notice.number,
                    "days": notice.period_business_days,
                    "end": _when(notice.end_at),
                },
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(notice))

        return self._action_page(
            request,
            object_id,
            form_class=ExtendForm,
            form_kwargs={"notice": notice},
            allowed=[NoticeState.SCHEDULED, NoticeState.ON_DISPLAY],
            title=gettext("Extend the display period"),
            intro=gettext(
                "The period can be extended, never shortened. The extension is written to the "
                "public publication log."
            ),
            submit=gettext("Extend"),
            summary=self._summary(notice),
            perform=perform,
        )

    def cancel_view(self, request, object_id):
        notice = self._notice_or_404(request, object_id)

        def perform(notice, data):
            notice = services.notice_cancel(notice=notice, by=request.user, reason=data["reason"])
            self.message_user(
                request,
                gettext("Notice %(number)s was cancelled. It stays in the archive with the reason.")
                % {"number": notice.number},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(notice))

        return self._action_page(
            request,
            object_id,
            form_class=CancelForm,
            allowed=[NoticeState.SCHEDULED, NoticeState.ON_DISPLAY],
            title=gettext("Cancel the notice"),
            intro=gettext(
                "The notice leaves the board at once and stays in the archive, marked as "
                "cancelled, with the reason you give. This cannot be undone."
            ),
            submit=gettext("Cancel the notice"),
            summary=self._summary(notice),
            perform=perform,
        )

    def correct_view(self, request, object_id):
        notice = self._notice_or_404(request, object_id)

        def perform(notice, data):
            draft = services.notice_correction_draft(original=notice, by=request.user)
            self.message_user(
                request,
                gettext(
                    "A correction of notice %(number)s was created as a draft: edit it and "
                    "publish it."
                )
                % {"number": notice.number},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(draft))

        return self._action_page(
            request,
            object_id,
            form_class=CorrectionForm,
            allowed=[
                NoticeState.SCHEDULED,
                NoticeState.ON_DISPLAY,
                NoticeState.FINISHED,
                NoticeState.CANCELLED,
            ],
            title=gettext("Create a correction"),
            intro=gettext(
                "A published notice never changes: a correction is a new notice that points to "
                "this one. A draft is created with this notice's text, to be edited and "
                "published."
            ),
            submit=gettext("Create the correction draft"),
            summary=self._summary(notice),
            perform=perform,
        )

    def document_view(self, request, object_id, document_pk):
        notice = self._notice_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, notice):
            raise PermissionDenied
        try:
            document = notice.documents.get(pk=document_pk)
        except NoticeDocument.DoesNotExist:
            raise Http404 from None
        name = " ".join(document.title.replace("/", "-").split()) or "document"
        if not name.lower().endswith(".pdf"):
            name += ".pdf"
        return FileResponse(document.file.open("rb"), filename=name, content_type="application/pdf")


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
