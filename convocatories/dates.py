"""Dates in plain words, the way each language writes them on a call's page.

"fins al 15 de desembre de 2026 a les 23:59", "hasta el 15 de diciembre de
2026 a las 23:59", "until 15 December 2026 at 23:59".

Written out here rather than through a date format string: Catalan elides
"de" before a vowel ("d'abril", "d'agost", "d'octubre") and the article
before the days one and eleven ("fins a l'1", "l'11 de maig"), which no
format string can say. Languages other than these three fall back to English.
"""

from datetime import date, time

from django.utils import translation

from corporativa.business_days import official_today

MONTHS = {
    "ca": (
        "gener",
        "febrer",
        "març",
        "abril",
        "maig",
        "juny",
        "juliol",
        "agost",
        "setembre",
        "octubre",
        "novembre",
        "desembre",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def _language(language: str | None) -> str:
    code = (language or translation.get_language() or "en").split("-")[0].lower()
    return code if code in MONTHS else "en"


def _ca_de(word: str) -> str:
    """Catalan "de" before a word: "d'" before a vowel sound."""
    return f"d'{word}" if word[0] in "aeiouàèéíòóú" else f"de {word}"


def _ca_article(day: int) -> str:
    """The Catalan article before a day number: "l'1", "l'11", otherwise "el 15"."""
    return f"l'{day}" if day in (1, 11) else f"el {day}"


def _clock(moment: time) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def date_words(day: date, language: str | None = None) -> str:
    """ "15 de desembre de 2026", "15 de diciembre de 2026", "15 December 2026"."""
    lang = _language(language)
    month = MONTHS[lang][day.month - 1]
    if lang == "ca":
        return f"{day.day} {_ca_de(month)} de {day.year}"
    if lang == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{day.day} {month} {day.year}"


def on_date_words(day: date, language: str | None = None) -> str:
    """ "el 15 de desembre de 2026" / "l'1 d'octubre de 2026", "el 15 de…", "on 15 December 2026"."""
    lang = _language(language)
    words = date_words(day, lang)
    if lang == "ca":
        return f"{_ca_article(day.day)}{words[len(str(day.day)) :]}"
    if lang == "es":
        return f"el {words}"
    return f"on {words}"


def at_time_words(moment: time, language: str | None = None) -> str:
    """ "a les 23:59" / "a la 1:15", "a las 23:59" / "a la 1:15", "at 23:59"."""
    lang = _language(language)
    clock = _clock(moment) if lang != "en" else f"{moment.hour:02d}:{moment.minute:02d}"
    if lang == "ca":
        return f"a la {clock}" if moment.hour == 1 else f"a les {clock}"
    if lang == "es":
        return f"a la {clock}" if moment.hour == 1 else f"a las {clock}"
    return f"at {clock}"


def until_words(day: date, at: time = time(23, 59), language: str | None = None) -> str:
    """The end of a period in plain words: "fins al 15 de desembre de 2026 a les 23:59"."""
    lang = _language(language)
    clock = at_time_words(at, lang)
    if lang == "ca":
        article = _ca_article(day.day)
        # "fins a" + "el 15" contracts to "fins al 15"; "fins a l'1" stays.
        until = "fins al" + article[2:] if article.startswith("el ") else f"fins a {article}"
        return f"{until}{date_words(day, lang)[len(str(day.day)) :]} {clock}"
    if lang == "es":
        return f"hasta el {date_words(day, lang)} {clock}"
    return f"until {date_words(day, lang)} {clock}"


def period_words(first: date, last: date, language: str | None = None) -> str:
    """A whole period: "del 2 al 15 de desembre de 2026 a les 23:59" in full dates.

    Catalan: "de l'1 d'octubre de 2026 a l'11 de novembre de 2026 a les 23:59".
    """
    lang = _language(language)
    clock = at_time_words(time(23, 59), lang)
    start, end = date_words(first, lang), date_words(last, lang)
    if lang == "ca":
        since = f"de l'{start}" if first.day in (1, 11) else f"del {start}"
        until = f"a l'{end}" if last.day in (1, 11) else f"al {end}"
        return f"{since} {until} {clock}"
    if lang == "es":
        return f"del {start} al {end} {clock}"
    return f"from {start} to {end} {clock}"


def days_left_words(last_day: date, today: date | None = None, language: str | None = None) -> str:
    """How long is left until the end of `last_day`: "queden 3 dies", "last day today".

    Empty once the day is past.
    """
    lang = _language(language)
    left = (last_day - (today or official_today())).days
    if left < 0:
        return ""
    if left == 0:
        return {"ca": "avui és l'últim dia", "es": "hoy es el último día"}.get(
            lang, "last day today"
        )
    if lang == "ca":
        return "queda 1 dia" if left == 1 else f"queden {left} dies"
    if lang == "es":
        return "queda 1 día" if left == 1 else f"quedan {left} días"
    return "1 day left" if left == 1 else f"{left} days left"
