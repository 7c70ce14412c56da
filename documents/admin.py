from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from documents.codes import code_normalise
from documents.models import IssuedDocument


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    """Read-only: documents are issued by the services and never change."""

    list_display = ["csv_display", "kind", "title", "issued_at", "owner", "size"]
    list_filter = ["kind", "language", "issued_at"]
    list_select_related = ["owner"]
    search_fields = ["csv", "title", "sha256", "owner__email", "owner__full_name"]
    date_hierarchy = "issued_at"
    fields = [
        "kind",
        "title",
        "csv_display",
        "issued_at",
        "language",
        "owner",
        "related_object",
        "sha256",
        "size",
        "verification_page",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Codes are stored without hyphens but copied with them.
        code = code_normalise(search_term)
        if code and code != search_term.strip():
            results |= queryset.filter(csv__startswith=code)
        return results, may_have_duplicates

    @admin.display(description=_("secure verification code (CSV)"), ordering="csv")
    def csv_display(self, obj):
        return obj.csv_display

    @admin.display(description=_("related object"))
    def related_object(self, obj):
        if obj.content_type_id is None:
            return "-"
        related = obj.related
        label = str(related) if related is not None else _("(deleted)")
        return f"{obj.content_type.name}: {label}"

    @admin.display(description=_("verification page"))
    def verification_page(self, obj):
        # The public page, where the original can be downloaded: the file
        # itself has no URL.
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.verification_url)
