"""The back office of Convocatòries.

A draft call is edited here like any record. Publishing, resolving,
cancelling and extending the application period are list actions that call
convocatories.services, as the public site would, and need the permission
convocatories.publish_call. Once a call is published nothing of it is changed
or deleted: its page is read-only, and its timeline and documents are only
added to (through the same services); its period can only be extended, which
adds a public phase.

Staff read the applications of each call in their own list, filtered by call,
with a link to each submission's case in Tràmits.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from convocatories import services
from convocatories.choices import CallKind, CallStatus, PhaseKind
from convocatories.models import Application, Call, CallDocument, Phase
from documents.uploads import pdf_fingerprint, published_pdf_attach

JOB_FIELDS = ["position", ("job_group", "post_type"), ("places", "selection_system")]
FUNDING_FIELDS = [("total_budget", "max_per_beneficiary"), "beneficiaries", "bdns_code"]
COMMON_FIELDS = [
    "kind",
    ("reference", "slug"),
    "title",
    "department",
    "summary",
    "text",
    "bases_document",
    "procedure",
]
PERIOD_FIELDS = [
    "period_mode",
    ("opens_on", "closes_on"),
    ("published_on", "period_business_days"),
]


def _is_published(call) -> bool:
    return call is not None and call.pk is not None and call.published_at is not None


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else "—"


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(s.value, s.label) for s in CallStatus]

    def queryset(self, request, queryset):
        value = self.value()
        if value == CallStatus.DRAFT:
            return queryset.filter(published_at__isnull=True)
        if value in CallStatus.values:
            return queryset.with_status(value, at=timezone.now())
        return queryset


class CallForm(forms.ModelForm):
    """A draft call; the bases must be a PDF, fingerprinted when saved."""

    class Meta:
        model = Call
        fields = [
            name
            for group in (COMMON_FIELDS, JOB_FIELDS, FUNDING_FIELDS, PERIOD_FIELDS)
            for item in group
            for name in (item if isinstance(item, tuple) else (item,))
        ]

    def clean_bases_document(self):
        upload = self.cleaned_data.get("bases_document")
        if upload and "bases_document" in self.changed_data and hasattr(upload, "chunks"):
            pdf_fingerprint(upload)
        return upload


class PhaseInline(admin.StackedInline):
    model = Phase
    extra = 0
    fields = [
        ("kind", "title"),
        ("date", "ends_on", "time"),
        "place",
        "text",
        "published_at",
    ]
    readonly_fields = ["published_at"]
    ordering = ["date", "time", "id"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        # An extension phase is written only by the action that moves the
        # deadline (services.call_extend), never typed by hand.
        if db_field.name == "kind":
            kwargs["choices"] = [
                choice for choice in db_field.get_choices() if choice[0] != PhaseKind.EXTENSION
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    # A published call's phases are public: they are added to, never changed.
    def has_change_permission(self, request, obj=None):
        return not _is_published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_published(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if obj is not None and obj.cancelled_at is not None:
            return False
        return super().has_add_permission(request, obj)


class CallDocumentForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("PDF file"),
        required=False,
        help_text=_("Only PDF files. Its SHA-256 fingerprint is computed when it is saved."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    class Meta:
        model = CallDocument
        fields = ["order", "title", "phase"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if self.instance.pk is None and not upload:
            if cleaned.get("title"):
                self.add_error(
                    "upload", ValidationError(_("Choose the PDF file."), code="required")
                )
            return cleaned
        if upload:
            try:
                pdf_fingerprint(upload)
            except ValidationError as error:
                self.add_error("upload", error)
        return cleaned


class CallDocumentInline(admin.TabularInline):
    model = CallDocument
    form = CallDocumentForm
    extra = 1
    verbose_name = _("PDF document")
    verbose_name_plural = _("PDF documents (of the call, or of one of its phases)")
    ordering = ["order", "id"]

    def get_fields(self, request, obj=None):
        return ["order", "title", "phase", "upload", "file_link", "sha256", "size"]

    def get_readonly_fields(self, request, obj=None):
        return ["file_link", "sha256", "size"]

    def get_formset(self, request, obj=None, **kwargs):
        self._call = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "phase":
            call = getattr(self, "_call", None)
            kwargs["queryset"] = (
                Phase.objects.filter(call=call) if call is not None else Phase.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # A published call's documents are public and fingerprinted: never changed or removed.
    def has_change_permission(self, request, obj=None):
        return not _is_published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_published(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if obj is not None and obj.cancelled_at is not None:
            return False
        return super().has_add_permission(request, obj)

    @admin.display(description=_("file"))
    def file_link(self, document):
        if not document.pk:
            return "—"
        url = reverse("admin:convocatories_call_document", args=[document.call_id, document.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Open the PDF"))


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the call's page, for everyone to read."),
    )


class ExtendForm(forms.Form):
    new_last_day = forms.DateField(
        label=_("New last day to apply"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Later than the current last day. If it is not a business day, the period ends "
            "on the next business day."
        ),
    )
    reason = forms.CharField(
        label=_("Public reason for the extension"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown in the call's timeline, for everyone to read."),
    )


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    form = CallForm
    list_display = [
        "reference",
        "title",
        "kind",
        "status_display",
        "department",
        "last_day_display",
        "published_at",
    ]
    list_display_links = ["reference", "title"]
    list_filter = ["kind", StatusFilter, "department"]
    search_fields = ["reference", "title", "position", "summary"]
    date_hierarchy = "opens_at"
    list_select_related = ["department"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["procedure"]
    inlines = [PhaseInline, CallDocumentInline]
    actions = ["publish_selected", "resolve_selected", "cancel_selected", "extend_selected"]

    record_fields = [
        "status_display",
        "public_link",
        "publication_check",
        ("published_at", "published_by"),
        ("resolved_at", "resolved_by"),
        ("cancelled_at", "cancelled_by"),
        "cancel_reason",
        "applications_link",
    ]
    # Who made each act: set by the services, never typed.
    acted_by_fields = ["published_by", "resolved_by", "cancelled_by"]
    display_fields = [
        "status_display",
        "public_link",
        "publication_check",
        "period_display",
        "bases_fingerprint",
        "applications_link",
    ]

    # --- Pages ----------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(None, {"fields": [*COMMON_FIELDS, "bases_fingerprint"]})]
        job = (_("Job call"), {"fields": JOB_FIELDS})
        funding = (_("Grant, scholarship or subsidy"), {"fields": FUNDING_FIELDS})
        if obj is None:
            job[1]["description"] = _("Only for public job calls.")
            funding[1]["description"] = _("Only for grants, scholarships and subsidies.")
            fieldsets += [job, funding]
        else:
            fieldsets.append(job if obj.kind == CallKind.JOB else funding)
        fieldsets.append(
            (
                _("Application period"),
                {
                    "fields": [*PERIOD_FIELDS, "period_display"],
                    "description": _(
                        "Either two dates, or a number of business days counted from the day "
                        "after the publication in the official bulletin. A period ending on a "
                        "non-business day ends on the next business day."
                    ),
                },
            )
        )
        fieldsets.append((_("Record"), {"fields": self.record_fields}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if _is_published(obj):
            model_fields = [f.name for f in Call._meta.fields if f.editable and f.name != "id"]
            return [*model_fields, *self.display_fields, *self.acted_by_fields]
        return [
            *self.display_fields,
            *self.acted_by_fields,
            "published_at",
            "resolved_at",
            "cancelled_at",
            "cancel_reason",
        ]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if _is_published(obj) else self.prepopulated_fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_applications=Count("applications"))

    # --- Saving -----------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if _is_published(obj):
            # Every field is read-only: nothing of the call itself is written.
            return
        if "bases_document" in form.changed_data:
            upload = form.cleaned_data.get("bases_document")
            if upload:
                # The one way bases are stored: checked, fingerprinted, saved.
                services.call_bases_set(call=obj, upload=upload)
                return
            obj.bases_sha256, obj.bases_size = "", None
        services.call_draft_save(call=obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        call = form.instance
        if formset.model is Phase:
            self._phases_save(request, call, formset)
        elif formset.model is CallDocument:
            self._documents_save(call, formset)
        else:
            super().save_formset(request, form, formset, change)

    def _phases_save(self, request, call, formset):
        if not _is_published(call):
            formset.save()
            return
        added = []
        for phase_form in formset.extra_forms:
            if not phase_form.has_changed() or phase_form in formset.deleted_forms:
                continue
            data = phase_form.cleaned_data
            added.append(
                services.call_phase_add(
                    call=call,
                    by=request.user,
                    kind=data["kind"],
                    date=data["date"],
                    title=data.get("title") or "",
                    ends_on=data.get("ends_on"),
                    time=data.get("time"),
                    place=data.get("place") or "",
                    text=data.get("text") or "",
                )
            )
        formset.new_objects, formset.changed_objects, formset.deleted_objects = added, [], []

    def _documents_save(self, call, formset):
        added, changed = [], []
        published = _is_published(call)
        for document_form in formset.forms:
            if not document_form.has_changed() or document_form in formset.deleted_forms:
                continue
            data = document_form.cleaned_data
            upload = data.get("upload")
            if document_form.instance.pk is None:
                if upload:
                    added.append(
                        services.call_document_add(
                            call=call,
                            title=data.get("title") or upload.name,
                            upload=upload,
                            phase=data.get("phase"),
                            order=data.get("order") or 0,
                        )
                    )
            elif not published:
                document = document_form.save(commit=False)
                if upload:
                    published_pdf_attach(document=document, upload=upload)
                document.save()
                changed.append((document, document_form.changed_data))
        deleted = []
        if not published:
            for document_form in formset.deleted_forms:
                document = document_form.instance
                if document.pk:
                    self._file_drop(document.file)
                    document.delete()
                    deleted.append(document)
        formset.new_objects, formset.changed_objects = added, changed
        formset.deleted_objects = deleted

    @staticmethod
    def _file_drop(file):
        if file:
            storage, name = file.storage, file.name
            transaction.on_commit(lambda: storage.delete(name))

    # A published call stays for ever (its applications protect it too).
    def has_delete_permission(self, request, obj=None):
        return not _is_published(obj) and super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        if queryset.filter(published_at__isnull=False).exists():
            raise PermissionDenied
        for call in queryset:
            self.delete_model(request, call)

    # --- Columns and read-only fields -------------------------------------------

    @admin.display(description=_("status"))
    def status_display(self, obj):
        if obj is None or obj.pk is None:
            return CallStatus.DRAFT.label
        return CallStatus(obj.status).label

    @admin.display(description=_("last day to apply"), ordering="closes_at")
    def last_day_display(self, obj):
        last = obj.last_day
        return last.strftime("%d/%m/%Y") if last else "—"

    @admin.display(description=_("computed period"))
    def period_display(self, obj):
        if obj is None or obj.pk is None or obj.opens_at is None:
            return gettext("Computed when the call is saved.")
        days = obj.application_days()
        text = gettext("Open from %(opens)s; the last day is %(last)s; closes at %(closes)s.") % {
            "opens": _when(obj.opens_at),
            "last": obj.last_day.strftime("%d/%m/%Y"),
            "closes": _when(obj.closes_at),
        }
        if days and obj.closes_on and days[1] != obj.closes_on:
            text += " " + gettext(
                "(%(day)s is not a business day: the period moves to the next one.)"
            ) % {"day": obj.closes_on.strftime("%d/%m/%Y")}
        return text

    @admin.display(description=_("public page"))
    def public_link(self, obj):
        if not _is_published(obj):
            return gettext("None yet: the call is a draft.")
        url = obj.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.display(description=_("ready to publish?"))
    def publication_check(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        if _is_published(obj):
            return gettext("Published on %(when)s.") % {"when": _when(obj.published_at)}
        problems = services.publication_problems(obj)
        if not problems:
            return gettext("Yes: use the action “Publish the selected calls” in the list.")
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((p,) for p in problems))
        )

    @admin.display(description=_("bases fingerprint"))
    def bases_fingerprint(self, obj):
        if obj is None or not obj.bases_document:
            return "—"
        url = reverse("admin:convocatories_call_bases", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a> · {} bytes · SHA-256 <code>{}</code>',
            url,
            gettext("Open the PDF"),
            obj.bases_size or "—",
            obj.bases_sha256 or "—",
        )

    @admin.display(description=_("applications"), ordering="n_applications")
    def applications_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        count = getattr(obj, "n_applications", None)
        if count is None:
            count = obj.applications.count()
        url = reverse("admin:convocatories_application_changelist") + f"?call__id__exact={obj.pk}"
        label = ngettext("%(n)s application", "%(n)s applications", count) % {"n": count}
        return format_html('<a href="{}">{}</a>', url, label)

    # --- Actions ------------------------------------------------------------------

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm(services.PERMISSION)

    def _report(self, request, done: int, failures: list[tuple[Call, ValidationError]], *, verb):
        for call, error in failures:
            self.message_user(
                request,
                gettext("%(reference)s: %(reason)s")
                % {"reference": call.reference, "reason": " ".join(error.messages)},
                messages.ERROR,
            )
        if done:
            self.message_user(request, verb(done), messages.SUCCESS)

    def _apply(self, request, queryset, service, verb, **kwargs):
        done, failures = 0, []
        for call in queryset.order_by("id"):
            try:
                service(call=call, by=request.user, **kwargs)
            except ValidationError as error:
                failures.append((call, error))
            else:
                done += 1
        self._report(request, done, failures, verb=verb)

    @admin.action(description=_("Publish the selected calls"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.call_publish,
            lambda n: (
                ngettext("%(n)s call was published.", "%(n)s calls were published.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Mark the selected calls as resolved"), permissions=["publish"])
    def resolve_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.call_resolve,
            lambda n: (
                ngettext(
                    "%(n)s call was marked as resolved.", "%(n)s calls were marked as resolved.", n
                )
                % {"n": n}
            ),
        )

    @admin.action(description=_("Cancel the selected calls…"), permissions=["publish"])
    def cancel_selected(self, request, queryset):
        form = CancelForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            self._apply(
                request,
                queryset,
                services.call_cancel,
                lambda n: (
                    ngettext("%(n)s call was cancelled.", "%(n)s calls were cancelled.", n)
                    % {"n": n}
                ),
                reason=form.cleaned_data["reason"],
            )
            return None
        return TemplateResponse(
            request,
            "admin/convocatories/call/cancel.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Cancel calls"),
                "opts": self.model._meta,
                "calls": queryset,
                "form": form,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            },
        )

    @admin.action(description=_("Extend the application period…"), permissions=["publish"])
    def extend_selected(self, request, queryset):
        """One call at a time: each extension is its own decision, with its own reason."""
        calls = list(queryset.order_by("id")[:2])
        if len(calls) != 1:
            self.message_user(
                request, gettext("Choose exactly one call to extend."), messages.ERROR
            )
            return None
        call = calls[0]
        form = ExtendForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            try:
                services.call_extend(
                    call=call,
                    by=request.user,
                    new_last_day=form.cleaned_data["new_last_day"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, field_errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, field_errors)
                else:
                    form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    gettext("%(reference)s: the last day to apply is now %(day)s.")
                    % {"reference": call.reference, "day": call.last_day.strftime("%d/%m/%Y")},
                    messages.SUCCESS,
                )
                return None
        return TemplateResponse(
            request,
            "admin/convocatories/call/extend.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Extend the application period"),
                "opts": self.model._meta,
                "call": call,
                "form": form,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "selected": [call.pk],
            },
        )

    # --- Files --------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:call_pk>/documents/<int:document_pk>/",
                self.admin_site.admin_view(self.document_view),
                name="convocatories_call_document",
            ),
            path(
                "<int:call_pk>/bases/",
                self.admin_site.admin_view(self.bases_view),
                name="convocatories_call_bases",
            ),
            *super().get_urls(),
        ]

    def document_view(self, request, call_pk, document_pk):
        """Staff read any document, a draft's too: the files have no public URL."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        document = CallDocument.objects.filter(call_id=call_pk, pk=document_pk).first()
        if document is None:
            raise Http404
        return FileResponse(document.file.open("rb"), content_type="application/pdf")

    def bases_view(self, request, call_pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        call = Call.objects.filter(pk=call_pk).first()
        if call is None or not call.bases_document:
            raise Http404
        return FileResponse(call.bases_document.open("rb"), content_type="application/pdf")


class OnTimeFilter(admin.SimpleListFilter):
    title = _("filed")
    parameter_name = "filed"

    def lookups(self, request, model_admin):
        return [("on_time", _("Within the period")), ("late", _("Outside the period"))]

    def queryset(self, request, queryset):
        within = Q(submission__registered_at__gte=F("call__opens_at")) & Q(
            submission__registered_at__lt=F("call__closes_at")
        )
        if self.value() == "on_time":
            return queryset.filter(within)
        if self.value() == "late":
            return queryset.exclude(within)
        return queryset


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """The applications of the calls: read-only; each case is processed in Tràmits."""

    list_display = [
        "submission_link",
        "call",
        "applicant",
        "registered_at",
        "on_time",
        "case_status",
    ]
    list_filter = [OnTimeFilter, "call__kind", "call"]
    search_fields = [
        "submission__number",
        "submission__applicant_name",
        "submission__applicant_document",
        "call__reference",
        "call__title",
    ]
    list_select_related = ["call", "submission"]
    date_hierarchy = "created_at"
    fields = ["call", "submission_link", "applicant", "registered_at", "on_time", "case_status"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("registry number"), ordering="submission__number")
    def submission_link(self, obj):
        url = reverse("admin:tramits_submission_change", args=[obj.submission_id])
        return format_html('<a href="{}">{}</a>', url, obj.submission.number)

    @admin.display(description=_("applicant"), ordering="submission__applicant_name")
    def applicant(self, obj):
        return obj.submission.applicant_name

    @admin.display(description=_("registered at"), ordering="submission__registered_at")
    def registered_at(self, obj):
        return _when(obj.submission.registered_at)

    @admin.display(description=_("within the period"), boolean=True)
    def on_time(self, obj):
        return obj.filed_on_time

    @admin.display(description=_("case status"), ordering="submission__status")
    def case_status(self, obj):
        return obj.submission.get_status_display()
