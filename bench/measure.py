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


def measure(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = {"path": path, "status": None, "queries": None, "html_bytes": None, "error": None}
    try:
        client.get(path)  # warm-up: URL resolver, templates, caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
            if response.streaming:
                body = b"".join(response.streaming_content)
            else:
                body = response.content
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

    from django.test import Client

    # 127.0.0.1 is in the benchmark's ALLOWED_HOSTS; "testserver" would not be.
    client = Client(HTTP_HOST="127.0.0.1")
    results = [measure(client, path) for path in paths]
    json.dump(results, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
