"""The front-end base every page shares (onewindow/templates/base.html, onewindow/static/): each
page loads the base stylesheet and its own module without a console error, shows itself once
the web fonts are in, and the shared modules write Khmer digits and plural forms from the
catalogues."""

import re

import pytest
import requests
from playwright.sync_api import expect

from office.demo import DEMO_PASSWORD
from tests.test_kiosk_pages import compile_catalogues

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def visit(browser):
    """visit(url) -> the page, loaded, with every console error and JavaScript error noted."""
    context = browser.new_context(viewport=LAPTOP)
    problems = []

    def open_page(url: str):
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: problems.append(f"{url}: {error}"))
        page.on("console", lambda message: message.type == "error" and problems.append(f"{url}: {message.text}"))
        page.goto(url)
        expect(page.locator("body")).not_to_have_class(re.compile(r"\bloading\b"))  # fonts in, module ran
        return page

    yield open_page
    context.close()
    assert not problems, problems


def base_of(page) -> dict:
    return page.evaluate(
        """() => ({
            base: [...document.styleSheets].some((s) => (s.href || "").endsWith("/base/static/base.css")),
            navy: getComputedStyle(document.documentElement).getPropertyValue("--navy").trim(),
            modules: [...document.querySelectorAll('script[type="module"]')].map((s) => new URL(s.src).pathname),
            text: document.getElementById("text") !== null,
        })"""
    )


def test_every_page_loads_the_base_stylesheet_and_its_module_without_errors(server, visit):
    compile_catalogues()
    ticket = requests.post(f"{server.api}/tickets", json={"service_id": 1}, timeout=10).json()["ticket"]
    pages = {
        "/kiosk": "/kiosk/static/kiosk.js",
        f"/t/{ticket['token']}": "/kiosk/static/status.js",
        "/display": "/display/static/tv.js",
    }
    for path, module in pages.items():
        found = base_of(visit(f"{server.url}{path}"))
        assert found == {"base": True, "navy": "#0a1a33", "modules": [module], "text": True}, path

    login = visit(f"{server.url}/login?next=/supervisor")
    assert base_of(login)["base"] and base_of(login)["modules"] == []
    login.fill("#username", "supervisor")
    login.fill("#password", DEMO_PASSWORD)
    login.click("button[type=submit]")
    expect(login).to_have_url(f"{server.url}/supervisor")
    for path, module in (("/supervisor", "/counter/static/supervisor.js"), ("/counter", "/counter/static/counter.js")):
        found = base_of(visit(f"{server.url}{path}"))
        assert found == {"base": True, "navy": "#0a1a33", "modules": [module], "text": True}, path


def test_khmer_digits_and_plural_forms_come_from_the_shared_modules(server, visit):
    compile_catalogues()
    page = visit(f"{server.url}/kiosk")
    said = page.evaluate(
        """async () => {
            const { khmerDigits, formatNumber } = await import("/base/static/digits.js");
            const { words } = await import("/base/static/text.js");
            const en = words("en");
            const km = words("km");
            return {
                digits: khmerDigits("A 2026"),
                riel: formatNumber(12500, "km"),
                en: [0, 1, 2].map((n) => en.count("people", n)),
                km: [1, 3].map((n) => km.count("people", n)),
                waiting: km.count("waiting", 12),
            };
        }"""
    )
    assert said == {
        "digits": "A ២០២៦",
        "riel": "១២,៥០០",
        "en": ["0 people", "1 person", "2 people"],
        "km": ["១ នាក់", "៣ នាក់"],
        "waiting": "មានអ្នករង់ចាំ ១២ នាក់",
    }
    # On the page itself: the counts on the kiosk's buttons, in Khmer digits and words.
    expect(page.locator("button.service .waiting").first).to_have_text(re.compile(r"^មានអ្នករង់ចាំ [០-៩]+ នាក់$"))
