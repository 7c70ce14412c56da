"""The services bench/reliability.py runs the seu against, each of its own.

- `PrivatePostgres`: a PostgreSQL cluster in a temporary folder, on a free
  port of 127.0.0.1, trust authentication; restarted on demand, removed at the
  end. The machine's own PostgreSQL (5432) is never touched.
- `RedisDatabase`: one numbered database of the local Redis, emptied before
  and after.
- `SmtpServer`: aiosmtpd in this process, on a port that stays the same while
  it is stopped and started again, recording every message; or, in its place,
  a server that accepts connections and never says a word.
- `Service`: a long-running child process (gunicorn, the Celery worker) with
  its log file, stopped gently, then for good.

Only the standard library, aiosmtpd and redis (both in the virtualenv).
"""

import contextlib
import glob
import os
import pwd
import selectors
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

HOST = "127.0.0.1"


class SetupError(Exception):
    """Something the run needs is missing or did not start; the message says what."""


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def tail(path, lines=30):
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])


# --- PostgreSQL ------------------------------------------------------------------


def postgres_bin_dir():
    """The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl, or None."""

    def version(path):
        name = Path(path).parent.name
        return tuple(int(part) for part in name.split(".") if part.isdigit())

    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if all(os.access(Path(folder) / tool, os.X_OK) for tool in ("initdb", "pg_ctl")):
            return Path(folder)
    return None


class PrivatePostgres:
    """A throwaway cluster: `start()`, `url(name)`, `restart()`, `stop()`."""

    def __init__(self):
        self.bin_dir = postgres_bin_dir()
        if self.bin_dir is None:
            raise SetupError(
                "No PostgreSQL server binaries under /usr/lib/postgresql/*/bin "
                "(initdb, pg_ctl): install the server package (apt-get install postgresql)."
            )
        self.as_root = os.geteuid() == 0
        if self.as_root and shutil.which("runuser") is None:
            raise SetupError("Running as root, initdb must run as `postgres`: runuser is missing.")
        self.folder = None
        self.port = None
        self.running = False

    @property
    def data(self):
        return self.folder / "data"

    @property
    def log_path(self):
        return self.folder / "postgresql.log"

    def _command(self, tool, *args):
        command = [str(self.bin_dir / tool), *args]
        if self.as_root:
            # initdb and the server refuse to run as root.
            command = ["runuser", "-u", "postgres", "--", *command]
        return command

    def _run(self, tool, *args, timeout=120):
        result = subprocess.run(
            self._command(tool, *args),
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        if result.returncode != 0:
            raise SetupError(
                f"{tool} failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}\n"
                + tail(self.log_path)
            )
        return result

    def start(self):
        self.folder = Path(tempfile.mkdtemp(prefix="seu-reliability-pg-"))
        if self.as_root:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )
        self.port = free_port()
        options = f"-p {self.port} -c listen_addresses={HOST} -k {self.folder}"
        self._run(
            "pg_ctl", "start", "-D", str(self.data), "-l", str(self.log_path), "-w", "-o", options
        )
        self.running = True

    def create_database(self, name):
        createdb = self.bin_dir / "createdb"
        subprocess.run(
            [str(createdb), "-h", HOST, "-p", str(self.port), "-U", "postgres", name],
            check=True,
            capture_output=True,
            stdin=subprocess.DEVNULL,
        )

    def url(self, name):
        return f"postgres://postgres@{HOST}:{self.port}/{name}"

    def restart(self):
        """`pg_ctl restart -m fast`: sessions are cut, the server comes back. Its seconds."""
        started = time.monotonic()
        # -l: without it the new server would log to pg_ctl's output, held open for ever.
        self._run(
            "pg_ctl", "restart", "-D", str(self.data), "-l", str(self.log_path), "-m", "fast", "-w"
        )
        return time.monotonic() - started

    def stop(self):
        if self.folder is None:
            return
        if self.running:
            try:
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", timeout=60)
            except (SetupError, subprocess.TimeoutExpired):
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
            self.running = False

    def remove(self):
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


# --- Redis -----------------------------------------------------------------------


class RedisDatabase:
    """One database of the local Redis, emptied before and after the run."""

    def __init__(self, number, host=HOST, port=6379):
        self.url = f"redis://{host}:{port}/{number}"
        self.number = number
        self.client = None
        self.keys_found = 0

    def open(self):
        import redis

        self.client = redis.Redis.from_url(self.url, socket_connect_timeout=2)
        try:
            self.keys_found = self.client.dbsize()
            self.client.flushdb()
        except redis.RedisError as exc:
            raise SetupError(f"Redis at {self.url} does not answer: {exc}") from None

    def flush(self):
        if self.client is not None:
            try:
                self.client.flushdb()
            finally:
                self.client.close()
                self.client = None


# --- SMTP ------------------------------------------------------------------------


class _RecordingHandler:
    def __init__(self, server):
        self.server = server

    async def handle_DATA(self, smtp, session, envelope):
        content = envelope.original_content or envelope.content
        message = BytesParser(policy=policy.default).parsebytes(content)
        self.server.record(
            {
                "message_id": str(message.get("Message-ID", "")).strip(),
                "to": str(message.get("To", "")),
                "rcpt_tos": list(envelope.rcpt_tos),
                "subject": str(message.get("Subject", "")),
                "received_at": time.time(),
                "monotonic": time.monotonic(),
            }
        )
        return "250 OK"


class _SilentServer:
    """Accepts every connection on the port and never writes a byte, until stopped."""

    def __init__(self, port):
        self.port = port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((HOST, port))
        self.listener.listen(64)
        self.connections = []
        self.accepted = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, name="silent-smtp", daemon=True)
        self.thread.start()

    def _serve(self):
        with selectors.DefaultSelector() as selector:
            selector.register(self.listener, selectors.EVENT_READ)
            while not self.stopping.is_set():
                for _key, _events in selector.select(timeout=0.1):
                    connection, _address = self.listener.accept()
                    self.connections.append(connection)  # held open, never answered
                    self.accepted += 1

    def stop(self):
        self.stopping.set()
        self.thread.join(5)
        self.listener.close()
        for connection in self.connections:
            connection.close()
        self.connections = []


class SmtpServer:
    """A real SMTP server (aiosmtpd) on one port for the whole run.

    `start()` / `stop()` switch it on and off (a connection to the port is then
    refused); `hang()` puts a server in its place that accepts connections and
    never answers, `unhang()` removes it. `messages` lists what arrived."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self.lock = threading.Lock()
        self.controller = None
        self.silent = None

    def record(self, message):
        with self.lock:
            self.messages.append(message)

    def received(self):
        with self.lock:
            return list(self.messages)

    def start(self):
        from aiosmtpd.controller import Controller

        # server_hostname: its own name, so that it does not look the machine's FQDN up.
        self.controller = Controller(
            _RecordingHandler(self),
            hostname=HOST,
            port=self.port,
            server_hostname="seu-reliability-smtp",
            ready_timeout=10,
        )
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def hang(self):
        self.stop()
        self.silent = _SilentServer(self.port)

    def unhang(self):
        if self.silent is not None:
            self.silent.stop()
            self.silent = None

    def close(self):
        self.unhang()
        self.stop()


# --- Child processes -------------------------------------------------------------


class Service:
    """A long-running child process of its own session, its output in `log_path`."""

    def __init__(self, name, command, *, env, cwd, log_path):
        self.name = name
        self.command = command
        self.log_path = Path(log_path)
        self.offset = 0
        with open(self.log_path, "ab") as log_file:
            self.offset = log_file.tell()
            # Its own session: a Ctrl-C reaches this script only, which then stops it.
            self.process = subprocess.Popen(
                command,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process.poll() is None

    def log(self):
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def wait_for_log(self, text, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log():
                return
            if not self.alive():
                raise SetupError(
                    f"{self.name} exited with code {self.process.returncode}:\n"
                    + tail(self.log_path)
                )
            time.sleep(0.2)
        raise SetupError(
            f"{self.name} did not say {text!r} in {timeout} s:\n" + tail(self.log_path)
        )

    def stop(self, timeout=20):
        """SIGTERM to the main process (gunicorn and Celery stop their children and
        finish what they are doing), then SIGKILL to the whole group."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.process.poll() is None:
            self.process.wait()
