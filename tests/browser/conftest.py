"""Browser tests: Debian's Chromium, driven by Playwright (sync API), against the real server.

Playwright's own browser download (`playwright install`) is never used: the browser is the
system's `chromium` (apt-get install chromium; `scripts/setup test` installs it). Without it,
or without the playwright package, these tests are skipped and say why.
"""

import shutil
import time

import pytest

# The end-to-end fixtures: `server` (the real `onewindow serve` with the demo office) and
# `start_server`, imported so that pytest offers them here too.
from tests.e2e.conftest import server, start_server  # noqa: F401

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# How a waiting-room TV runs Chromium in kiosk mode: sound without anyone touching the screen.
KIOSK_ARGS = [*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"]
TV = {"width": 1920, "height": 1080}


def _wait_for_function(page, expression: str, *, timeout: float = 10_000, polling: float = 50):
    """Page.wait_for_function without eval in the page. Playwright's own evals its predicate
    inside the page, which the server's Content-Security-Policy (no 'unsafe-eval',
    onewindow/headers.py) refuses; page.evaluate goes through the DevTools protocol, which the
    page's CSP does not govern. Same arguments (milliseconds), same TimeoutError."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + timeout / 1000
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise PlaywrightTimeout(f"wait_for_function({expression!r}): still falsy after {timeout} ms")
        time.sleep(polling / 1000)


def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("no chromium on this machine: apt-get install chromium (or run scripts/setup test)")
    return path


@pytest.fixture(scope="session")
def playwright():
    chromium_path()
    try:
        from playwright.sync_api import Page, sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: .venv/bin/pip install -e '.[test]'")
    Page.wait_for_function = _wait_for_function
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright):
    """Chromium as a kiosk-mode TV runs it (autoplay allowed), shared by the whole session."""
    browser = playwright.chromium.launch(executable_path=chromium_path(), args=KIOSK_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser):
    """A fresh 1920x1080 page; a JavaScript error on it, or anything the server's
    Content-Security-Policy refuses (onewindow/headers.py), fails the test."""
    context = browser.new_context(viewport=TV)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors, refused = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert not refused, f"refused by the Content-Security-Policy: {refused}"


@pytest.fixture(scope="session")
def english_clips():
    """The English voice clips scripts/setup generates (made here if espeak-ng is at hand)."""
    from display import voices

    if len(voices.available_clips("/nonexistent", "en")) < len(voices.CLIPS):
        if shutil.which("espeak-ng") is None:
            pytest.skip("no English voice clips and no espeak-ng: apt-get install espeak-ng (or scripts/setup)")
        voices.generate("en")
    return voices.GENERATED_DIR / "en"
