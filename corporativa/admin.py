from functools import update_wrapper

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from corporativa.business_days import official_today
from corporativa.choices import RegulationStatus
from corporativa.forms import RegulationDocumentForm, SessionDocumentForm
from corporativa.models import (
    AccessibilityReport,
    Council,
    Department,
    Faq,
    FaqTopic,
    LocalHoliday,
    MunicipalBody,
    Office,
    OpeningHours,
    Page,
    Person,
    PoliticalGroup,
    Regulation,
    RegulationDocument,
    Session,
    SessionDocument,
    SpecialHours,
    SpecialPeriod,
)
from corporativa.views import pdf_response

# Web addresses typed without a scheme are taken as https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class YearListFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.in_year(int(self.value()))
        return queryset


@admin.register(LocalHoliday)
class LocalHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "name"]
    list_filter = [YearListFilter]
    date_hierarchy = "date"
    search_fields = ["name", "note"]
    fields = ["date", "name", "note"]

    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, obj):
        # Staff see at a glance whether the day chosen falls on a weekend.
        return date_format(obj.date, "l")


# --- The council ------------------------------------------------------------------


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    """One record: it can be edited but neither added twice nor deleted."""

    formfield_overrides = HTTPS_URLS

    fieldsets = [
        (
            _("Owner of the seu"),
            {
                "fields": [
                    "name",
                    "tax_id",
                    "address",
                    ("postcode", "town"),
                    "phone",
                    "email",
                    "dpo_email",
                    "website",
                ]
            },
        ),
        (
            _("Act that created the seu"),
            {"fields": ["act_title", "act_date", "act_bulletin", "act_url", "act_summary"]},
        ),
    ]
    list_display = ["name", "tax_id", "email", "updated_at"]

    def has_add_permission(self, request):
        return not Council.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # A list of one is no list: go straight to the record (or to create it).
        council = Council.objects.first()
        if council is not None:
            url = reverse("admin:corporativa_council_change", args=[council.pk])
        elif self.has_add_permission(request):
            url = reverse("admin:corporativa_council_add")
        else:
            return super().changelist_view(request, extra_context)
        return HttpResponseRedirect(url)

    def get_changeform_initial_data(self, request):
        # The first record starts from what the environment says (settings.SEU_COUNCIL).
        initial = super().get_changeform_initial_data(request)
        fallback = Council.from_settings()
        for field in ["name", "tax_id", "address", "phone", "email", "dpo_email", "website"]:
            initial.setdefault(field, getattr(fallback, field))
        return initial


# --- Government -------------------------------------------------------------------


@admin.register(PoliticalGroup)
class PoliticalGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "order"]
    list_editable = ["order"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "deputy_order", "group", "term_start", "term_end"]
    list_filter = ["role", "group"]
    list_select_related = ["group"]
    search_fields = ["name", "areas", "email"]
    date_hierarchy = "term_start"
    fields = [
        "name",
        ("role", "deputy_order"),
        "group",
        "areas",
        "photo",
        "email",
        ("term_start", "term_end"),
    ]


# --- Bodies and sessions ----------------------------------------------------------


@admin.register(MunicipalBody)
class MunicipalBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "order"]
    list_filter = ["kind"]
    list_editable = ["order"]
    search_fields = ["name", "summary", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]


class DocumentLinkMixin:
    """A link to a stored PDF through the admin (the files have no public URL)."""

    document_url_name = ""

    @admin.display(description=_("file"))
    def file_link(self, document):
        if not document.pk or not document.file:
            return "—"
        url = reverse(self.document_url_name, args=[document.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Open the PDF"))


class SessionDocumentInline(DocumentLinkMixin, admin.TabularInline):
    model = SessionDocument
    form = SessionDocumentForm
    fields = ["kind", "title", "upload", "file_link", "sha256", "size"]
    readonly_fields = ["file_link", "sha256", "size"]
    extra = 0
    max_num = 2
    document_url_name = "admin:corporativa_session_document"


class DocumentViewMixin:
    """An admin URL that serves the PDF of one of the object's documents to staff."""

    document_model = None

    def get_urls(self):
        def wrap(view):
            def wrapper(*args, **kwargs):
                return self.admin_site.admin_view(view)(*args, **kwargs)

            wrapper.model_admin = self
            return update_wrapper(wrapper, view)

        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "documents/<int:document_pk>/",
                wrap(self.document_view),
                name="{}_{}_document".format(*info),
            ),
            *super().get_urls(),
        ]

    def document_view(self, request, document_pk):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            document = self.document_model.objects.get(pk=document_pk)
        except self.document_model.DoesNotExist:
            raise Http404 from None
        return pdf_response(document)


@admin.register(Session)
class SessionAdmin(DocumentViewMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["body", "starts_at", "kind", "place", "has_agenda", "has_minutes"]
    list_filter = ["body", "kind"]
    list_select_related = ["body"]
    date_hierarchy = "starts_at"
    search_fields = ["body__name", "place", "notes"]
    inlines = [SessionDocumentInline]
    document_model = SessionDocument

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("documents")

    @admin.display(description=_("agenda"), boolean=True)
    def has_agenda(self, obj):
        return any(d.kind == "agenda" for d in obj.documents.all())

    @admin.display(description=_("minutes"), boolean=True)
    def has_minutes(self, obj):
        return any(d.kind == "minutes" for d in obj.documents.all())


# --- Departments and offices ------------------------------------------------------


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone", "councillor"]
    list_select_related = ["councillor"]
    search_fields = ["name", "email", "summary", "description", "services"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["offices"]
    autocomplete_fields = ["councillor"]
    fields = [
        "name",
        "slug",
        "summary",
        "description",
        "services",
        "head",
        "councillor",
        "offices",
        "email",
        "phone",
    ]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 1


class SpecialPeriodInline(admin.TabularInline):
    model = SpecialPeriod
    fields = ["name", "start", "end", "closed", "note"]
    extra = 0
    show_change_link = True
    verbose_name_plural = _(
        "special opening periods (open a period to set its hours, unless it is closed)"
    )


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "phone", "email", "order"]
    list_editable = ["order"]
    search_fields = ["name", "summary", "address"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningHoursInline, SpecialPeriodInline]


class SpecialHoursInline(admin.TabularInline):
    model = SpecialHours
    extra = 1


@admin.register(SpecialPeriod)
class SpecialPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "start", "end", "closed"]
    list_filter = ["office", "closed"]
    list_select_related = ["office"]
    date_hierarchy = "start"
    search_fields = ["name", "office__name"]
    inlines = [SpecialHoursInline]


# --- Regulations ------------------------------------------------------------------


class RegulationStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return RegulationStatus.choices

    def queryset(self, request, queryset):
        if self.value() in RegulationStatus.values:
            return queryset.with_status(self.value(), official_today())
        return queryset


class RegulationDocumentInline(DocumentLinkMixin, admin.TabularInline):
    model = RegulationDocument
    form = RegulationDocumentForm
    fields = ["order", "title", "upload", "file_link", "sha256", "size"]
    readonly_fields = ["file_link", "sha256", "size"]
    extra = 1
    document_url_name = "admin:corporativa_regulation_document"


@admin.register(Regulation)
class RegulationAdmin(DocumentViewMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "kind", "approved_on", "published_on", "status", "is_published"]
    list_filter = ["kind", RegulationStatusFilter, "is_published"]
    search_fields = ["title", "summary", "bulletin_reference"]
    date_hierarchy = "approved_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["repealed_by"]
    inlines = [RegulationDocumentInline]
    document_model = RegulationDocument
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "is_published"]}),
        (
            _("Approval and publication"),
            {"fields": ["approved_on", "published_on", "bulletin_reference", "bulletin_url"]},
        ),
        (_("Repeal"), {"fields": ["repealed_on", "repealed_by", "repeal_note"]}),
    ]

    @admin.display(description=_("status"))
    def status(self, obj):
        return obj.status_on(official_today()).label


# --- Pages and questions ----------------------------------------------------------


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["path", "title", "order", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "summary", "body", "path"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent"]
    ordering = ["path"]
    fields = ["title", "slug", "parent", "order", "summary", "body", "is_published"]


class FaqInline(admin.StackedInline):
    model = Faq
    fields = ["question", "answer", "order", "is_published"]
    extra = 1


@admin.register(FaqTopic)
class FaqTopicAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    inlines = [FaqInline]


@admin.register(Faq)
class FaqAdmin(admin.ModelAdmin):
    list_display = ["question", "topic", "order", "is_published"]
    list_filter = ["topic", "is_published"]
    list_select_related = ["topic"]
    list_editable = ["order", "is_published"]
    search_fields = ["question", "answer"]


# --- Accessibility reports ----------------------------------------------------------


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    """Reports arrive from the public form; staff only follow them up."""

    list_display = ["created_at", "page_url", "status", "has_contact", "updated_at"]
    list_filter = ["status"]
    search_fields = ["page_url", "description", "name", "email"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "page_url", "description", "name", "email", "language"]
    fields = [*readonly_fields, "status", "staff_note"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("can be answered"), boolean=True)
    def has_contact(self, obj):
        return bool(obj.email)

    def save_model(self, request, obj, form, change):
        # Only the follow-up changes; what the visitor wrote stays as sent.
        obj.save(update_fields=["status", "staff_note", "updated_at"])
