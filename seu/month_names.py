"""Month names as Catalan dates need them.

Django's Catalan DATE_FORMAT is "j E \\d\\e Y", where E is the month's
"alternative" name, but Django's own Catalan catalogue gives the bare name, so
dates read "3 abril de 2026". Listing the names here puts them in our
catalogue, which Django reads first, with the preposition Catalan needs:
"3 d'abril de 2026", "24 de desembre de 2026". The three-letter names (used
by the statistics charts) get the standard Catalan abbreviations the same way.
"""

from django.utils.translation import gettext_lazy, pgettext_lazy

ALTERNATIVE_MONTHS = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)

SHORT_MONTHS = (
    gettext_lazy("jan"),
    gettext_lazy("feb"),
    gettext_lazy("mar"),
    gettext_lazy("apr"),
    gettext_lazy("may"),
    gettext_lazy("jun"),
    gettext_lazy("jul"),
    gettext_lazy("aug"),
    gettext_lazy("sep"),
    gettext_lazy("oct"),
    gettext_lazy("nov"),
    gettext_lazy("dec"),
)
