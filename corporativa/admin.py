from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from corporativa.models import Department, LocalHoliday


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


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone"]
    search_fields = ["name", "email"]
    prepopulated_fields = {"slug": ["name"]}
