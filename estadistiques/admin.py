"""Read-only back-office views of the statistics' raw material.

Staff can look through recent page views, rolled-up visits, daily counts and
the logs imported, to check a figure or an import; nothing here can be added,
changed or deleted by hand (figures only change through recording, the import
and the rollup). The salts are not registered: nobody needs to see them, and
a salt in the wrong hands lets them test guessed addresses against keys.
"""

from django.contrib import admin

from estadistiques.models import DailyPageCount, ImportedFile, PageView, RolledVisit


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(PageView)
class PageViewAdmin(ReadOnlyAdmin):
    list_display = ["time", "path", "section", "device", "city", "country", "referrer"]
    list_filter = ["section", "device", "country"]
    search_fields = ["path", "referrer", "city"]
    date_hierarchy = "time"
    ordering = ["-time"]
    show_full_result_count = False


@admin.register(RolledVisit)
class RolledVisitAdmin(ReadOnlyAdmin):
    list_display = ["first_at", "last_at", "views", "device", "city", "country", "referrer"]
    list_filter = ["device", "country"]
    search_fields = ["city", "referrer"]
    date_hierarchy = "first_at"
    ordering = ["-first_at"]
    show_full_result_count = False


@admin.register(DailyPageCount)
class DailyPageCountAdmin(ReadOnlyAdmin):
    list_display = ["day", "path", "section", "views"]
    list_filter = ["section"]
    search_fields = ["path"]
    date_hierarchy = "day"
    ordering = ["-day", "-views"]


@admin.register(ImportedFile)
class ImportedFileAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "lines",
        "pageviews",
        "skipped",
        "malformed",
        "first_seen_at",
        "last_imported_at",
    ]
    search_fields = ["name"]
    date_hierarchy = "last_imported_at"
