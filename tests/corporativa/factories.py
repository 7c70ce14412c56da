from datetime import date, timedelta

import factory

from corporativa.models import LocalHoliday


class LocalHolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalHoliday
        django_get_or_create = ("date",)

    # Mondays of 2035, far from the years the tests count deadlines in: a test
    # that wants a local holiday on a given day passes `date` itself.
    date = factory.Sequence(lambda n: date(2035, 1, 8) + timedelta(weeks=n))
    name = factory.Sequence(lambda n: f"Festa local {n}")
    note = ""
