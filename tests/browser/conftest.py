"""Browser tests: Playwright for Python driving Debian's Chromium.

They never download a browser: they use the `chromium` on PATH and are skipped,
with the reason shown, when there is none (`apt-get install chromium`).
"""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 740}


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)
            if CHROMIUM is None:
                item.add_marker(
                    pytest.mark.skip(reason="chromium is not on PATH (apt-get install chromium)")
                )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own
    # ORM calls stay synchronous and safe, so Django's guard is relaxed while
    # the browser is open (and only then: subprocesses must not inherit it).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page_factory(browser):
    """Make pages with a given viewport; every console error about the CSP or the
    Permissions-Policy header (a feature name Chromium does not know) fails the test."""
    contexts = []
    problems = []

    def make(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="ca-ES")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda msg: (
                problems.append(msg.text)
                if (msg.type == "error" and "Content Security Policy" in msg.text)
                # Chromium warns of a feature name it does not know.
                or "Permissions-Policy" in msg.text
                else None
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert not problems, f"Content-Security-Policy or Permissions-Policy errors: {problems}"


@pytest.fixture
def page(page_factory):
    return page_factory()


def assert_accessible(page):
    """Run axe-core on the page and fail with its report on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def assert_fits(page, width):
    """Nothing overflows sideways: the page never needs horizontal scrolling."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide on a {width}px screen"
