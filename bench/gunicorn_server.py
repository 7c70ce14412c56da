"""gunicorn for the benchmark: its command line and settings, start, health, stop."""

import os
import signal
import socket
import subprocess
import time

from common import (
    BENCH_DIR,
    GUNICORN_LOG,
    HEALTH_TIMEOUT,
    HOST,
    ROOT,
    STOP_TIMEOUT,
    WORKER_CLASS,
    WORKER_THREADS,
    WORKERS,
    BenchError,
    tail,
    venv_bin,
)
from loadgen import http_get


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_command(env, port):
    """The gunicorn command line, and its fully resolved settings.

    gunicorn runs from the repository root, so a gunicorn.conf.py there is
    read; the explicit flags below override what it says about them.
    """
    gunicorn = venv_bin("gunicorn")
    command = [
        gunicorn,
        "seu.wsgi:application",
        "--workers",
        str(WORKERS),
        "--worker-class",
        WORKER_CLASS,
        "--threads",
        str(WORKER_THREADS),
        "--bind",
        f"{HOST}:{port}",
        # No recycling: a worker restarting every few thousand requests
        # (max_requests in gunicorn.conf.py) would put its boot in the p99.
        "--max-requests",
        "0",
        "--log-level",
        "warning",
    ]
    help_text = subprocess.run([gunicorn, "--help"], capture_output=True, text=True).stdout
    if "--no-control-socket" in help_text:
        # gunicorn >= 25 opens a control socket in the home folder; two runs would clash.
        command.append("--no-control-socket")

    # --print-config loads the config file and the application, then exits:
    # a broken configuration fails here, before any port is opened.
    result = subprocess.run(
        [*command, "--print-config"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BenchError(
            "gunicorn cannot load its configuration or the application:\n"
            + tail(result.stdout + "\n" + result.stderr)
        )
    config = {}
    for line in result.stdout.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            config[key.strip()] = value.strip()
    config["access_log_discarded"] = config.get("accesslog", "None") != "None"
    if config["access_log_discarded"]:
        # The config file turns the access log on; no flag turns it off, so discard it.
        command += ["--access-logfile", os.devnull]
    return command, config


def start_gunicorn(command, env):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    with open(GUNICORN_LOG, "wb") as log_file:
        # Its own session: a Ctrl-C reaches this script only, which then stops it.
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def gunicorn_log_tail():
    try:
        return tail(GUNICORN_LOG.read_text(errors="replace"))
    except OSError:
        return ""


def wait_until_healthy(process, port):
    deadline = time.monotonic() + HEALTH_TIMEOUT
    last = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(
                f"gunicorn exited with code {process.returncode} before answering:\n"
                + gunicorn_log_tail()
            )
        try:
            status, _, _ = http_get(port, "/healthz", timeout=2)
            if status == 200:
                return
            last = f"status {status}"
        except OSError as exc:
            last = str(exc)
        time.sleep(0.2)
    raise BenchError(
        f"/healthz did not answer 200 within {HEALTH_TIMEOUT} s ({last}):\n" + gunicorn_log_tail()
    )


def stop_gunicorn(process):
    if process.poll() is not None:
        return
    process.terminate()  # graceful: the master stops its workers, then exits
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        # The master is still running, so its process group is still ours.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
