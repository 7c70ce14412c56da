"""What live recording of page views costs a request, for `make bench`.

Run by bench/run.py with the benchmark's production environment, after the
page table (gunicorn is stopped by then):

    .venv/bin/python bench/stats_overhead.py 400

The load generators of the page table send no browser user agent, so the
statistics middleware takes them for bots and records nothing there; this
measures recording on its own, in-process, on the benchmark database:

1. the home page (/ca/) requested N times with a browser's user agent
   through Django's WSGI handler, as gunicorn calls it, alternately with
   STATS_ENABLED on and off, from N different addresses: median and p95 of
   the time until the handler returns the response (what the visitor waits
   for), and the difference of the medians;
2. the response's close(), which the server calls after sending the page and
   where the page view is written: median and p95 with recording on and off;
3. estadistiques.middleware.record() alone, N times: the work recording adds
   to a worker per page view (salt from memory, hash, section, device, one
   INSERT and its commit).

The page views it adds are deleted at the end. Prints one JSON line.
"""

import io
import json
import math
import statistics
import sys
import time

import djangoenv

AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 (seu bench)"
PATH = "/ca/"
WARMUP = 20


def percentile(sorted_values, percent):
    rank = max(1, math.ceil(percent / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summary(samples):
    ordered = sorted(samples)
    return {
        "median": round(statistics.median(ordered), 3),
        "p95": round(percentile(ordered, 95), 3),
    }


def main(count):
    djangoenv.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db.models import Max
    from django.test import RequestFactory

    from estadistiques.middleware import record
    from estadistiques.models import PageView

    first_id = (PageView.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    handler = WSGIHandler()

    def address(index):
        return f"10.{(index >> 16) & 255}.{(index >> 8) & 255}.{index & 255}"

    def environ(index):
        return {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": PATH,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_USER_AGENT": AGENT,
            "REMOTE_ADDR": address(index),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }

    def timed_get(index):
        statuses = []
        started = time.perf_counter()
        response = handler(environ(index), lambda status, headers: statuses.append(status))
        body = b"".join(response)
        answered = time.perf_counter()
        response.close()
        closed = time.perf_counter()
        if not statuses[0].startswith("200") or not body:
            raise SystemExit(f"{PATH} answered {statuses[0]}")
        return (answered - started) * 1000, (closed - answered) * 1000

    samples = {True: ([], []), False: ([], [])}
    for index in range(WARMUP + count):
        for enabled in (True, False) if index % 2 else (False, True):
            settings.STATS_ENABLED = enabled
            answer_ms, close_ms = timed_get(index)
            if index >= WARMUP:
                samples[enabled][0].append(answer_ms)
                samples[enabled][1].append(close_ms)
    settings.STATS_ENABLED = True
    on, off = samples[True][0], samples[False][0]

    factory = RequestFactory(HTTP_HOST="127.0.0.1")
    alone = []
    for index in range(count):
        request = factory.get(PATH, HTTP_USER_AGENT=AGENT, REMOTE_ADDR=address(index))
        started = time.perf_counter()
        record(request)
        alone.append((time.perf_counter() - started) * 1000)

    recorded = PageView.objects.filter(id__gte=first_id).count()
    PageView.objects.filter(id__gte=first_id).delete()
    on_summary, off_summary = summary(on), summary(off)
    print(
        json.dumps(
            {
                "path": PATH,
                "requests": count,
                "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
                "page_on_ms": on_summary,
                "page_off_ms": off_summary,
                "difference_median_ms": round(on_summary["median"] - off_summary["median"], 3),
                "close_on_ms": summary(samples[True][1]),
                "close_off_ms": summary(samples[False][1]),
                "record_ms": summary(alone),
                "page_views_recorded": recorded,
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
