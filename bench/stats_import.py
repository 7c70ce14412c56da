"""Import speed of `stats_import_log`: lines per second on a generated access log.

    .venv/bin/python bench/stats_import.py            # 1,000,000 lines, fresh SQLite file
    .venv/bin/python bench/stats_import.py 200000     # another size
    DATABASE_URL=postgres://.../seu_bench_stats .venv/bin/python bench/stats_import.py

Writes var/bench/stats-access.log (combined format, reproducible: fixed seed)
unless it already has the requested number of lines, then imports it with
`stats_import_log` into a fresh SQLite database var/bench/stats-import.sqlite3
(or the DATABASE_URL database, which must be a throwaway one: the page views
stay) and prints lines/s and page views/s. The traffic is a plausible day mix
over 30 days: about a third page views, the rest static files, bots, redirects,
404s, API calls and feeds, from a few thousand visitors.
"""

import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
LOG_PATH = BENCH_DIR / "stats-access.log"
SQLITE_PATH = BENCH_DIR / "stats-import.sqlite3"
DEFAULT_LINES = 1_000_000

AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Safari/605.1.15",
]
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    "curl/8.5.0",
]
PAGES = [
    "/ca/",
    "/ca/tramits/",
    "/ca/tramits/certificat-empadronament/",
    "/ca/tramits/?q=padr%C3%B3",
    "/ca/tauler/",
    "/ca/tauler/arxiu/?q=urbanisme",
    "/ca/convocatories/",
    "/ca/informacio/",
    "/ca/calendari/",
    "/es/",
    "/es/tramits/",
    "/es/tauler/",
    "/en/",
] + [f"/ca/tauler/anuncis/2025/{n}/" for n in range(1, 200)]
ASSETS = ["/static/css/seu.css", "/static/js/seu.js", "/static/img/escut.svg", "/favicon.ico"]
OTHER = [
    ("GET", "/", 302),
    ("GET", "/ca/no-existeix/", 404),
    ("GET", "/api/v1/notices", 200),
    ("GET", "/ca/tauler/feeds/", 200),
    ("POST", "/ca/compte/entrar/", 302),
    ("GET", "/healthz", 200),
]
REFERRERS = ["-", "-", "-", "https://www.google.com/", "https://t.co/x", "https://www.bing.com/"]


def generate(path: Path, count: int, seed: int = 20250310) -> None:
    rng = random.Random(seed)
    visitors = [
        (
            f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
            rng.choice(AGENTS),
        )
        for _ in range(5000)
    ]
    start = datetime(2025, 3, 1, tzinfo=timezone(timedelta(hours=1)))
    step = timedelta(days=30) / count
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            moment = start + step * index
            stamp = moment.strftime("%d/%b/%Y:%H:%M:%S %z")
            roll = rng.random()
            if roll < 0.08:
                ip, agent = f"66.249.{rng.randrange(256)}.{rng.randrange(256)}", rng.choice(BOTS)
                method, target, status = "GET", rng.choice(PAGES), 200
            else:
                ip, agent = rng.choice(visitors)
                if roll < 0.42:
                    method, target, status = "GET", rng.choice(PAGES), 200
                elif roll < 0.90:
                    method, target, status = "GET", rng.choice(ASSETS), 200
                else:
                    method, target, status = rng.choice(OTHER)
            referrer = rng.choice(REFERRERS)
            out.write(
                f'{ip} - - [{stamp}] "{method} {target} HTTP/1.1" {status} '
                f'{rng.randrange(200, 40000)} "{referrer}" "{agent}"\n'
            )


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    count = int(argv[0]) if argv else DEFAULT_LINES
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if not LOG_PATH.exists() or count_lines(LOG_PATH) != count:
        print(f"Writing {count:,} lines to {LOG_PATH.relative_to(ROOT)}", flush=True)
        generate(LOG_PATH, count)
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        SQLITE_PATH.unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    python = str(ROOT / ".venv" / "bin" / "python")
    if not Path(python).exists():
        python = sys.executable
    manage = [python, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    print(f"Importing with stats_import_log ({env['DATABASE_URL'].split(':')[0]})", flush=True)
    started = time.monotonic()
    done = subprocess.run(
        [*manage, "stats_import_log", "--no-progress", str(LOG_PATH)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - started
    print(done.stdout.strip())
    print(
        f"Import speed: {count / seconds:,.0f} lines/s over {count:,} lines "
        f"({seconds:.1f} s wall time, process start-up included)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
