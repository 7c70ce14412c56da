from django.shortcuts import render


def calendar(request, year=None):
    # Placeholder until the business-day calendar lands (being written now).
    return render(request, "corporativa/calendar.html", {"year": year})
