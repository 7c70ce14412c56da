"""The statistics dashboard for the Estadístiques staff group, its CSV, and the
public page that defines every metric.

The figures come from estadistiques.reports.build_report, the same function
behind `manage.py stats_report`, so the dashboard and the command always agree.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.dates import MONTHS_3
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from corporativa.business_days import official_today
from estadistiques.charts import Bar, bar_chart, column_chart
from estadistiques.choices import UNKNOWN, Device, SaltPeriod, Section
from estadistiques.forms import PeriodForm
from estadistiques.periods import MAX_DAYS, Period, Preset
from estadistiques.reports import build_report
from estadistiques.retention import retention_days
from seu import exports
from seu.csvcells import csv_cell
from seu.groups import SECTION_GROUPS

# The staff group that reads the statistics (seu.groups creates it).
STATISTICS_GROUP = next(
    name for name, spec in SECTION_GROUPS.items() if spec["app"] == "estadistiques"
)

# How many rows the "top" tables show (the CSV has the same rows).
TOP_ROWS = 20

# The order of the CSV's summary rows: the keys of build_report.
SUMMARY_KEYS = (
    "since",
    "until",
    "salt_period",
    "unique_visitors",
    "visits",
    "pageviews",
    "avg_visit_seconds",
    "mobile_registry_share",
    "registry_entries",
)


# --- Who may look ----------------------------------------------------------------------


def can_see_statistics(user) -> bool:
    """Superusers, and staff in the Estadístiques group."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.is_staff and user.groups.filter(name=STATISTICS_GROUP).exists()


def statistics_staff_required(view):
    """Anonymous visitors go to the login page; anyone else without access gets a 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_see_statistics(request.user):
            return render(
                request,
                "estadistiques/forbidden.html",
                {"group": STATISTICS_GROUP},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapped


# --- Figures as people read them ------------------------------------------------------


def duration_words(seconds) -> str:
    """A duration as minutes and seconds: "3 min 5 s" (an hour is 60 min)."""
    total = round(seconds or 0)
    return _("%(minutes)s min %(seconds)s s") % {
        "minutes": number_format(total // 60, force_grouping=True),
        "seconds": total % 60,
    }


def count(value) -> str:
    return number_format(value or 0, force_grouping=True)


def percent(value) -> str:
    return _("%(value)s %%") % {"value": number_format(value or 0, 1, force_grouping=True)}


SECTION_LABELS = dict(Section.choices)
DEVICE_LABELS = dict(Device.choices)
# In the order people expect them, whatever their shares.
DEVICE_ORDER = [Device.DESKTOP, Device.MOBILE, Device.TABLET]


def city_label(city: str) -> str:
    return _("Unknown") if not city or city == UNKNOWN else city


def month_label(key: str) -> tuple[str, str]:
    """("May", "2026") for "2026-05", with the month's abbreviation in the user's language."""
    year, month = key.split("-")
    return str(MONTHS_3[int(month)]).capitalize(), year


def _ordered_shares(shares: dict, labels: dict, order=None) -> list[dict]:
    if order is None:
        keys = sorted(shares, key=lambda key: (-shares[key], str(labels.get(key, key))))
    else:
        keys = [key for key in order if key in shares]
        keys += sorted(key for key in shares if key not in keys)
    return [_share(key, labels.get(key, key), shares[key]) for key in keys]


def _share(key: str, label, value) -> dict:
    return {"key": key, "label": str(label), "value": value, "shown": percent(value)}


def _share_rows(report: dict) -> dict[str, list[dict]]:
    cities = report["city_share"]
    city_rows = _ordered_shares(cities, {city: city_label(city) for city in cities})
    if len(city_rows) > TOP_ROWS:
        # The long tail of cities in one row, so the chart and table stay readable.
        rest = round(sum(row["value"] for row in city_rows[TOP_ROWS - 1 :]), 1)
        city_rows = [*city_rows[: TOP_ROWS - 1], _share("", _("Other cities"), rest)]
    return {
        "sections": _ordered_shares(report["section_share"], SECTION_LABELS),
        "devices": _ordered_shares(report["device_share"], DEVICE_LABELS, DEVICE_ORDER),
        "cities": city_rows,
    }


def _month_rows(report: dict, period: Period) -> list[dict]:
    """Every month of the period, those without visits too, so the chart has no holes."""
    counts = report["visits_by_month"]
    rows = []
    previous_year = None
    for key in period.months():
        name, year = month_label(key)
        rows.append(
            {
                "key": key,
                "name": name,
                "year": year,
                "new_year": year != previous_year,
                "visits": counts.get(key, 0),
                "shown": count(counts.get(key, 0)),
            }
        )
        previous_year = year
    return rows


def _share_chart(rows, *, chart_id: str, title: str, description: str):
    return bar_chart(
        [Bar(label=row["label"], value=row["value"], shown=row["shown"]) for row in rows],
        chart_id=chart_id,
        title=title,
        description=description,
    )


def _largest(rows, *, value="value") -> dict | None:
    return max(rows, key=lambda row: row[value]) if rows else None


def _share_description(rows) -> str:
    top = _largest(rows)
    if top is None or not top["value"]:
        return _("No data for this period.")
    return _("The largest share is %(label)s, with %(share)s.") % {
        "label": top["label"],
        "share": percent(top["value"]),
    }


def _charts(months, shares) -> dict:
    busiest = _largest(months, value="visits")
    if busiest is None or not busiest["visits"]:
        months_description = _("No visits in this period.")
    else:
        months_description = _(
            "Visits in each month of the period. The busiest month is %(month)s %(year)s, "
            "with %(visits)s visits."
        ) % {"month": busiest["name"], "year": busiest["year"], "visits": count(busiest["visits"])}
    return {
        "months": column_chart(
            [
                Bar(
                    label=row["name"],
                    sublabel=row["year"] if row["new_year"] else "",
                    value=row["visits"],
                    shown=row["shown"],
                )
                for row in months
            ],
            chart_id="chart-months",
            title=_("Visits by month"),
            description=months_description,
        ),
        "sections": _share_chart(
            shares["sections"],
            chart_id="chart-sections",
            title=_("Share of page views by section"),
            description=_share_description(shares["sections"]),
        ),
        "devices": _share_chart(
            shares["devices"],
            chart_id="chart-devices",
            title=_("Share of visits by device"),
            description=_share_description(shares["devices"]),
        ),
        "cities": _share_chart(
            shares["cities"],
            chart_id="chart-cities",
            title=_("Share of visits by city"),
            description=_share_description(shares["cities"]),
        ),
    }


def salt_period_words(salt_period: str) -> str:
    if salt_period == SaltPeriod.MONTH:
        return _(
            "Visitor keys change every month: a person who comes back within the same month "
            "counts as the same visitor, and as a new one in another month."
        )
    return _(
        "Visitor keys change every day: a person who comes back on another day counts as a "
        "new visitor."
    )


# --- Pages ----------------------------------------------------------------------------


def _period_form(request) -> PeriodForm:
    return PeriodForm(request.GET or None, today=official_today())


@never_cache
@require_safe
@statistics_staff_required
def dashboard(request):
    form = _period_form(request)
    context = {"form": form, "max_days": MAX_DAYS, "presets": Preset}
    period = form.period
    if period is not None:
        report = build_report(period.since, period.until, top=TOP_ROWS)
        months = _month_rows(report, period)
        shares = _share_rows(report)
        context.update(
            period=period,
            report=report,
            figures={
                "unique_visitors": count(report["unique_visitors"]),
                "visits": count(report["visits"]),
                "pageviews": count(report["pageviews"]),
                "avg_visit": duration_words(report["avg_visit_seconds"]),
                "mobile_registry_share": percent(report["mobile_registry_share"]),
            },
            salt_period_words=salt_period_words(report["salt_period"]),
            months=months,
            shares=shares,
            charts=_charts(months, shares),
            top_pages=[(path, count(n)) for path, n in report["top_pages"][:TOP_ROWS]],
            top_referrers=[(domain, count(n)) for domain, n in report["top_referrers"][:TOP_ROWS]],
            top_cities=[
                (city_label(city), count(n)) for city, n in report["top_cities"][:TOP_ROWS]
            ],
            csv_query=request.GET.urlencode(),
        )
    return render(request, "estadistiques/dashboard.html", context)


def _csv_rows(report: dict, period: Period):
    """The dashboard's figures as CSV sections: a header row, rows, a blank line between."""
    yield ["metric", "value"]
    for key in SUMMARY_KEYS:
        value = report[key]
        yield [key, value.isoformat() if hasattr(value, "isoformat") else value]
    yield []
    yield ["month", "visits"]
    for key in period.months():
        yield [key, report["visits_by_month"].get(key, 0)]
    for name, header in (
        ("section_share", ["section", "pageviews_percent"]),
        ("device_share", ["device", "visits_percent"]),
        ("city_share", ["city", "visits_percent"]),
    ):
        yield []
        yield header
        shares = report[name]
        for key in sorted(shares, key=lambda key: (-shares[key], key)):
            yield [csv_cell(key), shares[key]]
    for name, header in (
        ("top_pages", ["page", "pageviews"]),
        ("top_referrers", ["referrer", "visits"]),
        ("top_cities", ["top_city", "visits"]),
    ):
        yield []
        yield header
        for key, value in report[name][:TOP_ROWS]:
            yield [csv_cell(key), value]


@never_cache
@require_safe
@statistics_staff_required
def dashboard_csv(request):
    """The dashboard's figures for the same period, as one CSV file with sections."""
    form = _period_form(request)
    period = form.period
    if period is None:
        messages = [str(error) for errors in form.errors.values() for error in errors]
        return HttpResponse(
            "\n".join(messages) + "\n", status=400, content_type="text/plain; charset=utf-8"
        )
    report = build_report(period.since, period.until, top=TOP_ROWS)
    filename = f"estadistiques-{period.since.isoformat()}-{period.until.isoformat()}.csv"
    return exports.csv_response(_csv_rows(report, period), filename=filename)


@require_safe
def definitions(request):
    """The public page that says exactly what each figure counts."""
    salt_period = settings.STATS_SALT_PERIOD
    return render(
        request,
        "estadistiques/definitions.html",
        {
            "salt_period": salt_period,
            # What `stats_rollup` keeps by default (its --older-than).
            "retention_days": retention_days(),
            "sections": [label for _value, label in Section.choices],
            "geoip": bool(settings.GEOIP_PATH),
        },
    )
