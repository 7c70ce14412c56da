from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html

from corporativa.business_days import official_now
from corporativa.models import Council
from seu import content_language


def seu(request):
    """What every page needs: the council, the official time, language links."""
    current = translation.get_language()
    path = request.get_full_path()
    languages = [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    # The owner's record (or settings.SEU_COUNCIL until there is one), cached:
    # no query per page once it has been read, and none at all for a page that
    # never shows it (the admin's), as it is only read when a template asks.
    council = SimpleLazyObject(Council.objects.current)
    # What staff wrote is in one language; on a page in another, the elements that
    # hold it carry {{ content_lang_attr }} so screen readers switch voice.
    content_lang = content_language.content_lang()
    return {
        "content_lang": content_lang,
        "content_lang_attr": format_html(' lang="{}"', content_lang) if content_lang else "",
        "council_name": SimpleLazyObject(lambda: council.name),
        "council": council,
        "official_now": official_now(),
        "official_tz": settings.TIME_ZONE,
        "language_links": languages,
        "admin_url": settings.ADMIN_URL,
    }
