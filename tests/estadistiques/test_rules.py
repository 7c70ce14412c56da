"""The page-view rules shared by live recording and the log import."""

import pytest

from estadistiques.rules import is_bot, is_page_path
from tests.estadistiques.traffic import ANDROID, FIREFOX, IPAD, IPHONE

BROWSERS = [
    FIREFOX,
    IPHONE,
    IPAD,
    ANDROID,
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
    "Mozilla/5.0 (Linux; Android 13; CUBOT KINGKONG 9) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15",
]

BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2)",
    "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
    "check_http/v2.3.3 (monitoring-plugins 2.3.3)",
    "kube-probe/1.29",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "WhatsApp/2.23.20.0",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "TelegramBot (like TwitterBot)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "curl/8.5.0",
    "Wget/1.21.4",
    "python-requests/2.32.3",
    "Python-urllib/3.11",
    "Go-http-client/2.0",
    "okhttp/4.12.0",
    "Java/17.0.2",
    "axios/1.7.2",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/126.0.0.0 Safari/537.36",
    "",
    "   ",
]


@pytest.mark.parametrize("agent", BROWSERS)
def test_browsers_are_not_bots(agent):
    assert not is_bot(agent)


@pytest.mark.parametrize("agent", BOTS)
def test_crawlers_monitors_previews_and_libraries_are_bots(agent):
    assert is_bot(agent)


@pytest.mark.parametrize(
    "path, query",
    [
        ("/ca/", ""),
        ("/es/tramits/", ""),
        ("/ca/tramits/certificat-empadronament/", ""),
        ("/ca/tauler/arxiu/", "q=urbanisme&page=2"),
        ("/en/calendari/2025/", ""),
        ("/ca/tauler/", "format=html"),
    ],
)
def test_pages_are_page_paths(path, query):
    assert is_page_path(path, query)


@pytest.mark.parametrize(
    "path, query",
    [
        ("/static/css/seu.css", ""),
        ("/media/x/y.pdf", ""),
        ("/gestio/", ""),
        ("/gestio/tauler/notice/", ""),
        ("/api/v1/notices", ""),
        ("/healthz", ""),
        ("/favicon.ico", ""),
        ("/robots.txt", ""),
        ("/ca/tauler/feeds/", ""),
        ("/ca/tauler/feeds/categoria/urbanisme/", ""),
        ("/ca/convocatories/calendari.ics", ""),
        ("/ca/tauler/", "format=json"),
        ("/ca/tauler/arxiu/", "q=x&format=csv"),
        ("/ca/tauler/anuncis/2025/3/documents/7/", ""),
        ("/ca/tauler/anuncis/2025/3/diligencia/", ""),
        ("/ca/verificacio/ABCD1234/descarrega/", ""),
        ("/ca/compte/carpeta/exportar/", ""),
    ],
)
def test_files_feeds_admin_api_and_downloads_are_not_page_paths(path, query):
    assert not is_page_path(path, query)


def test_the_admin_prefix_follows_the_setting(settings):
    from estadistiques import rules

    settings.ADMIN_URL = "backoffice/"
    rules._excluded_prefixes.cache_clear()
    assert not is_page_path("/backoffice/")
    assert is_page_path("/gestio/")


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_the_statistics_dashboard_and_its_csv_are_not_page_paths(language):
    assert not is_page_path(f"/{language}/estadistiques/tauler-de-control/")
    assert not is_page_path(f"/{language}/estadistiques/tauler-de-control/", "periode=6-mesos")
    assert not is_page_path(f"/{language}/estadistiques/tauler-de-control/csv/")
    # The public definitions page is an ordinary page.
    assert is_page_path(f"/{language}/estadistiques/definicions/")
