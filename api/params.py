"""Query parameters and pagination of the API.

The rules, which api/schema.py states for clients:
- an empty value counts as absent (`?state=` is no filter), as an HTML form sends it;
- unknown parameters are ignored, so cache-busting parameters do no harm;
- a value that cannot be read is refused with 400 and the parameter's name;
- `page` counts from 1; a page past the last is 404 (page 1 of an empty list is 200);
- `page_size` over the maximum is refused, not clamped, so a client never
  silently gets fewer rows than it asked for.
"""

import re

from django.core.paginator import Paginator
from django.http import QueryDict

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_TEXT_LENGTH = 200
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


class BadParameter(Exception):
    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


class PageNotFound(Exception):
    pass


class Params:
    """Typed reads of a request's query string; each raises BadParameter."""

    def __init__(self, query: QueryDict):
        self.query = query

    def _raw(self, name: str) -> str | None:
        value = self.query.get(name, "").strip()
        return value or None

    def integer(
        self, name: str, *, minimum: int, maximum: int, default: int | None = None
    ) -> int | None:
        raw = self._raw(name)
        if raw is None:
            return default
        if not raw.isascii() or not raw.isdigit():
            raise BadParameter(name, f"“{name}” must be a whole number.")
        digits = raw.lstrip("0") or "0"
        # The length first: int() of thousands of digits is slow, then refused.
        if len(digits) > len(str(maximum)) or not minimum <= int(digits) <= maximum:
            raise BadParameter(name, f"“{name}” must be between {minimum} and {maximum}.")
        return int(digits)

    def boolean(self, name: str) -> bool | None:
        raw = self._raw(name)
        if raw is None:
            return None
        if raw.lower() not in ("true", "false"):
            raise BadParameter(name, f"“{name}” must be true or false.")
        return raw.lower() == "true"

    def choice(self, name: str, choices) -> str | None:
        raw = self._raw(name)
        if raw is not None and raw not in choices:
            raise BadParameter(name, f"“{name}” must be one of: {', '.join(choices)}.")
        return raw

    def slug(self, name: str) -> str | None:
        raw = self._raw(name)
        if raw is not None and not SLUG.match(raw):
            raise BadParameter(name, f"“{name}” must be a slug (letters, digits, - and _).")
        return raw

    def text(self, name: str) -> str | None:
        raw = self._raw(name)
        if raw is not None and len(raw) > MAX_TEXT_LENGTH:
            raise BadParameter(name, f"“{name}” must be at most {MAX_TEXT_LENGTH} characters.")
        return raw


def paginate(request, queryset, serialize) -> dict:
    """The list envelope: count, page, page_size, next, previous and results."""
    params = Params(request.GET)
    page_size = params.integer(
        "page_size", minimum=1, maximum=MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE
    )
    number = params.integer("page", minimum=1, maximum=10**9, default=1)
    paginator = Paginator(queryset, page_size)
    if number > paginator.num_pages:
        raise PageNotFound
    page = paginator.page(number)
    return {
        "count": paginator.count,
        "page": number,
        "page_size": page_size,
        "next": _page_url(request, number + 1) if page.has_next() else None,
        "previous": _page_url(request, number - 1) if page.has_previous() else None,
        "results": [serialize(obj) for obj in page.object_list],
    }


def _page_url(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
