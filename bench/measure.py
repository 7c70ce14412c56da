"""SQL queries and HTML bytes per page, for `make bench`.

Run by bench/run.py with the benchmark's production environment:

    .venv/bin/python bench/measure.py home "procedure catalogue" ...

The arguments are labels of bench/pages.py (all pages without any). For
every page it finds the path (calling the page's function, if it has one),
makes one warm-up request with the Django test client, then counts the SQL
queries of a second one; pages loaded as a demo user are requested logged in
as that user (client.force_login). Prints a JSON list on stdout, one object
per page: label, path (null when it could not be found), user, status,
queries, html_bytes and error (or null).
"""

import json
import sys

import djangoenv
import pages as bench_pages


def client_for(user):
    from django.test import Client

    # 127.0.0.1 is in the benchmark's ALLOWED_HOSTS; "testserver" is not.
    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)
    return client


def measure(page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = {
        "label": page.label,
        "path": page.path if isinstance(page.path, str) else None,
        "user": page.user,
        "status": None,
        "queries": None,
        "html_bytes": None,
        "error": None,
    }
    try:
        if result["path"] is None:
            result["path"] = page.path()
            if not result["path"]:
                result["error"] = f"{page.path_shown} found no such page in the demo data"
                return result
        user = djangoenv.user_for(page.user) if page.user else None
        path = bench_pages.url_path(result["path"])
        # Warm-up: URL resolver, templates, caches. The counted request comes
        # from a new client, without the cookies of the first, as wrk's do;
        # a logged-in page's client logs in first, outside the count.
        client_for(user).get(path)
        client = client_for(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
    except Exception as exc:  # the view crashed: report it, keep measuring the rest
        result["error"] = f"{type(exc).__name__}: {exc}"
        return result
    result["status"] = response.status_code
    result["queries"] = len(queries.captured_queries)
    result["html_bytes"] = len(body)
    if response.status_code in (301, 302, 303, 307, 308):
        result["error"] = f"redirected to {response.get('Location')}"
    return result


def main(labels):
    djangoenv.setup()
    pages = bench_pages.entries()
    unknown = set(labels) - {page.label for page in pages}
    if unknown:
        sys.stderr.write(f"unknown page(s): {', '.join(sorted(unknown))}\n")
        return 2
    results = [measure(page) for page in pages if not labels or page.label in labels]
    json.dump(results, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
