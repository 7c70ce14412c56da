from django.conf import settings
from django.urls import translate_url
from django.utils import timezone, translation


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
    return {
        "council_name": settings.SEU_COUNCIL_NAME,
        "council": settings.SEU_COUNCIL,
        "official_now": timezone.localtime(),
        "official_tz": settings.TIME_ZONE,
        "language_links": languages,
        "admin_url": settings.ADMIN_URL,
    }
