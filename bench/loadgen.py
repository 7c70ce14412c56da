"""Load on one page: wrk when it is installed, else a built-in generator of Python threads."""

import http.client
import math
import os
import re
import shutil
import subprocess
import threading
import time

from common import (
    CONNECTIONS,
    HOST,
    LOAD_THREADS,
    REQUEST_TIMEOUT,
    WARMUP_SECONDS,
    BenchError,
    tail,
)

UNIT_TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def http_get(port, path, timeout=REQUEST_TIMEOUT, headers=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, response.getheader("Location"), body
    finally:
        connection.close()


def percentile(sorted_values, percent):
    """Nearest-rank percentile of an ascending list."""
    rank = max(1, math.ceil(percent / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def builtin_load(port, path, seconds, connections, headers=None):
    """Keep-alive HTTP/1.1 load from `connections` threads, like wrk but slower."""
    headers = headers or {}
    deadline = time.monotonic() + seconds
    per_thread = [{"latencies": [], "errors": 0, "bad_status": 0} for _ in range(connections)]

    def client(stats):
        connection = None
        while time.monotonic() < deadline:
            if connection is None:
                connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                stats["errors"] += 1
                connection.close()
                connection = None
                continue
            stats["latencies"].append(time.perf_counter() - started)
            if response.status >= 400:
                stats["bad_status"] += 1
            if response.will_close:  # gunicorn's sync workers close after each response
                connection.close()
                connection = None
        if connection is not None:
            connection.close()

    threads = [threading.Thread(target=client, args=(stats,), daemon=True) for stats in per_thread]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    latencies = sorted(value for stats in per_thread for value in stats["latencies"])
    if not latencies:
        raise BenchError(f"no request to {path} succeeded")
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 2),
        "p50_ms": round(percentile(latencies, 50) * 1000, 3),
        "p99_ms": round(percentile(latencies, 99) * 1000, 3),
        "error_responses": sum(stats["bad_status"] for stats in per_thread),
        "socket_errors": sum(stats["errors"] for stats in per_thread),
    }


def to_ms(value, unit):
    return round(float(value) * UNIT_TO_MS[unit], 3)


def parse_wrk(output):
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    latency = {}
    for percent in ("50", "99"):
        match = re.search(
            rf"^\s*{percent}(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.MULTILINE
        )
        if match:
            latency[percent] = to_ms(*match.groups())
    if not rps or len(latency) != 2:
        raise BenchError("cannot read wrk's output:\n" + tail(output))
    requests = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests": int(requests.group(1)) if requests else None,
        "rps": float(rps.group(1)),
        "p50_ms": latency["50"],
        "p99_ms": latency["99"],
        "error_responses": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in sockets.groups()) if sockets else 0,
    }


def wrk_load(wrk, port, path, seconds, headers=None):
    command = [wrk, f"-t{LOAD_THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    command.append(f"--timeout={REQUEST_TIMEOUT}s")
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://{HOST}:{port}{path}")
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + REQUEST_TIMEOUT + 60
    )
    if result.returncode != 0:
        raise BenchError(
            f"wrk failed with exit code {result.returncode}:\n"
            + tail(result.stdout + "\n" + result.stderr)
        )
    return parse_wrk(result.stdout)


def find_wrk():
    """(wrk's path, its version, None), or (None, None, why) for the built-in generator."""
    if os.environ.get("BENCH_LOADGEN", "").strip().lower() == "builtin":
        return None, None, "BENCH_LOADGEN=builtin"
    wrk = shutil.which("wrk")
    if not wrk:
        return None, None, "wrk is not on PATH"
    result = subprocess.run([wrk, "--version"], capture_output=True, text=True)
    first_line = (result.stdout or result.stderr).strip().splitlines()[:1]
    version = " ".join(first_line[0].split()[:2]) if first_line else "wrk"
    return wrk, version, None


def drain(port, service_seconds):
    """Wait until gunicorn is done with what the load generator left behind.

    wrk stops at its deadline with requests still queued: gunicorn accepts and
    answers them anyway, and a slow page's backlog would be measured in the
    next page's row. A request to /healthz queues behind them (the accept
    queue is first come, first served); once it is answered, a worker may
    still be on the last of them, for one service time at most.
    """
    http_get(port, "/healthz")
    if service_seconds > 0.05:
        time.sleep(min(service_seconds, REQUEST_TIMEOUT))


def bench_page(port, path, seconds, wrk, headers=None):
    """Load results for one page; BenchError when it does not answer 200.

    A logged-in page whose session is not accepted redirects to the login
    page, so the 200 check also checks the session cookie.
    """
    started = time.perf_counter()
    status, location, _ = http_get(port, path, headers=headers)
    service_seconds = time.perf_counter() - started
    if status != 200:
        where = f" to {location}" if location else ""
        raise BenchError(f"answered {status}{where}, expected 200")
    # Every worker renders it once.
    builtin_load(port, path, WARMUP_SECONDS, CONNECTIONS, headers)
    try:
        if wrk:
            result = wrk_load(wrk, port, path, seconds, headers)
        else:
            result = builtin_load(port, path, seconds, CONNECTIONS, headers)
    finally:
        drain(port, service_seconds)
    if not result["requests"]:
        raise BenchError(
            f"no request was answered within the {seconds} s of load (one alone took "
            f"{service_seconds * 1000:.0f} ms); try a longer BENCH_SECONDS"
        )
    if result["error_responses"]:
        raise BenchError(f"{result['error_responses']} error responses under load")
    return result
