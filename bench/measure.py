"""SQL queries and HTML bytes per page, for `make bench`.

Run by bench/run.py with the benchmark's production environment:

    .venv/bin/python bench/measure.py /ca/ /ca/tramits/ ...

For every path it makes one warm-up request with the Django test client,
then counts the SQL queries of a second one. Prints a JSON list on stdout,
one object per path: path, status, queries, html_bytes and error (or null).
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(path):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    result = {"path": path, "status": None, "queries": None, "html_bytes": None, "error": None}
    try:
        # Warm-up: URL resolver, templates, caches. The counted request comes
        # from a new client, without the cookies of the first, as wrk's do.
        # 127.0.0.1 is in the benchmark's ALLOWED_HOSTS; "testserver" is not.
        Client(HTTP_HOST="127.0.0.1").get(path)
        with CaptureQueriesContext(connection) as queries:
            response = Client(HTTP_HOST="127.0.0.1").get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
    except Exception as exc:  # the view crashed: report it, keep measuring the rest
        result["error"] = f"{type(exc).__name__}: {exc}"
        return result
    result["status"] = response.status_code
    result["queries"] = len(queries.captured_queries)
    result["html_bytes"] = len(body)
    return result


def main(paths):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seu.settings")

    import django

    django.setup()

    results = [measure(path) for path in paths]
    json.dump(results, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
