"""Traffic samples for the statistics tests, and a writer of combined-format log lines."""

from datetime import datetime
from zoneinfo import ZoneInfo

MADRID = ZoneInfo("Europe/Madrid")

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
IPAD = (
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
CURL = "curl/8.5.0"


def madrid(day, hour, minute, second=0, month=3, year=2025):
    return datetime(year, month, day, hour, minute, second, tzinfo=MADRID)


def log_line(*, ip, when, method, target, status, referrer, agent, size=1234):
    stamp = when.strftime("%d/%b/%Y:%H:%M:%S %z")
    return (
        f'{ip} - - [{stamp}] "{method} {target} HTTP/1.1" {status} {size} '
        f'"{referrer or "-"}" "{agent or "-"}"'
    )


# (ip, Madrid time, method, target, referrer, user agent): a day and a bit of traffic
# covering every rule. The equality test replays it through the middleware and
# writes the log of what the site answered, as nginx would.
REPLAY = [
    (
        "192.0.2.10",
        madrid(10, 9, 0, 0),
        "GET",
        "/ca/",
        "https://www.google.com/search?q=seu",
        FIREFOX,
    ),
    (
        "192.0.2.10",
        madrid(10, 9, 0, 1),
        "GET",
        "/static/css/seu.css",
        "http://testserver/ca/",
        FIREFOX,
    ),
    ("192.0.2.10", madrid(10, 9, 10, 0), "GET", "/ca/tramits/", "http://testserver/ca/", FIREFOX),
    ("192.0.2.10", madrid(10, 9, 29, 59), "GET", "/ca/tramits/no-existeix/", "", FIREFOX),
    ("192.0.2.10", madrid(10, 9, 39, 58), "GET", "/ca/tauler/", "", FIREFOX),
    ("192.0.2.10", madrid(10, 10, 9, 57), "GET", "/ca/tauler/?format=json", "", FIREFOX),
    ("192.0.2.10", madrid(10, 10, 9, 58), "GET", "/ca/informacio/", "", FIREFOX),
    ("192.0.2.10", madrid(10, 10, 39, 58), "GET", "/ca/calendari/", "", FIREFOX),
    ("192.0.2.10", madrid(10, 10, 40, 0), "POST", "/ca/compte/entrar/", "", FIREFOX),
    ("192.0.2.10", madrid(10, 10, 41, 0), "HEAD", "/ca/", "", FIREFOX),
    ("192.0.2.10", madrid(10, 10, 42, 0), "GET", "/ca/tauler/feeds/", "", FIREFOX),
    ("198.51.100.7", madrid(10, 11, 0, 0), "GET", "/es/convocatories/", "https://t.co/x1", IPHONE),
    ("198.51.100.7", madrid(10, 11, 6, 0), "GET", "/api/v1/notices", "", IPHONE),
    ("198.51.100.7", madrid(10, 11, 7, 0), "GET", "/gestio/", "", IPHONE),
    ("198.51.100.7", madrid(10, 11, 8, 0), "GET", "/healthz", "", IPHONE),
    ("198.51.100.7", madrid(10, 11, 20, 0), "GET", "/es/tauler/arxiu/?q=urbanisme", "", IPHONE),
    ("198.51.100.7", madrid(10, 11, 21, 0), "GET", "/es/compte/entrar/", "", IPHONE),
    ("66.249.66.1", madrid(10, 11, 30, 0), "GET", "/ca/", "", GOOGLEBOT),
    ("203.0.113.9", madrid(10, 11, 31, 0), "GET", "/ca/tramits/", "", CURL),
    ("203.0.113.20", madrid(10, 12, 0, 0), "GET", "/en/", "https://duckduckgo.com/", ANDROID),
    ("203.0.113.20", madrid(10, 12, 0, 30), "GET", "/", "", ANDROID),
    ("2001:db8::5", madrid(10, 23, 50, 0), "GET", "/en/", "https://www.bing.com/", IPAD),
    ("2001:db8::5", madrid(11, 0, 10, 0), "GET", "/en/calendari/", "", IPAD),
    ("2001:db8::5", madrid(11, 0, 20, 0), "GET", "/en/tramits/", "", IPAD),
]
