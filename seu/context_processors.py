from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html

from seu import content_language


def seu(request):
    """What every page needs: language links, the language of what staff wrote, the
    official time zone. (The council and the official time come from
    corporativa.context_processors.council.)"""
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
    # What staff wrote is in one language; on a page in another, the elements that
    # hold it carry {{ content_lang_attr }} so screen readers switch voice.
    content_lang = content_language.content_lang()
    return {
        "content_lang": content_lang,
        "content_lang_attr": format_html(' lang="{}"', content_lang) if content_lang else "",
        "official_tz": settings.TIME_ZONE,
        "language_links": languages,
        "admin_url": settings.ADMIN_URL,
    }
