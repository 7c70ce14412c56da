from django.http import Http404
from django.shortcuts import render

from corporativa.business_days import non_business_days, official_today


def calendar_years(today=None) -> list[int]:
    """The years the public calendar offers: last year, this year and the next."""
    this_year = (today or official_today()).year
    return [this_year - 1, this_year, this_year + 1]


def calendar(request, year=None):
    """The public calendar of non-business days that the seu must publish."""
    years = calendar_years()
    if year is None:
        year = years[1]
    elif year not in years:
        # Holidays of far years are either history or not yet decided.
        raise Http404("No calendar for that year")
    return render(
        request,
        "corporativa/calendar.html",
        {
            "year": year,
            "holidays": non_business_days(year),
            "other_years": [other for other in years if other != year],
        },
    )
