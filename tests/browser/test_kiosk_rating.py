"""The kiosk's quick rating screen in a real browser against the real server: an enrolled kiosk
offers "Rate our service" (a quiet button, never in the way of taking a ticket); the citizen
types the number printed on the ticket with on-screen keys (the services' prefixes and 0-9),
chooses 1-5 and whether a payment was asked, and sends it (POST /api/v1/kiosks/<name>/feedback);
the thanks go back to the start by themselves. A number not issued today and a ticket not yet
served are refused in the kiosk's own language and the screen stays; a screen left alone goes
back to the start after a minute; in Khmer and English, portrait and landscape, every key is big
enough and nothing overflows. An unenrolled kiosk offers no rating.

Set ONEWINDOW_SCREENSHOTS=<folder> to keep screenshots of every screen drawn here.
"""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.test_kiosk_flow import (
    LANDSCAPE,
    PORTRAIT,
    assert_fits,
    assert_touch_targets,
    khmer,
    open_kiosk,
    screens,  # noqa: F401 (the fixture)
    screenshot,
)
from tests.e2e.conftest import ServerProcess, bearer
from tests.test_kiosk_pages import compile_catalogues

pytestmark = pytest.mark.e2e

TOUCH_MIN_PX = 60  # the kiosk's own targets are 64 px or more (kiosk.css --touch)


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """One server for this module's tests (each takes its own tickets)."""
    compile_catalogues()
    server = ServerProcess(tmp_path_factory.mktemp("kiosk-rating-office"))
    server.start()
    yield server
    server.stop()


# ---- helpers ----------------------------------------------------------------------------


def take(server, service_id: int = 1) -> dict:
    response = requests.post(f"{server.api}/tickets", json={"service_id": service_id}, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()["ticket"]


def serve(server, ticket: dict) -> None:
    """An officer at counter 1 (which serves service 1) calls, starts and finishes this ticket;
    tickets called before it are marked not there."""
    headers = bearer(server.login("officer1"))
    for _ in range(100):
        response = requests.post(f"{server.api}/counters/1/next", headers=headers, timeout=10)
        assert response.status_code == 200, response.text
        called = response.json()["ticket"]
        assert called is not None, "the ticket was never called"
        if called["id"] == ticket["id"]:
            break
        requests.post(f"{server.api}/tickets/{called['id']}/no-show", headers=headers, timeout=10).raise_for_status()
    for step in ("start", "finish"):
        response = requests.post(f"{server.api}/tickets/{ticket['id']}/{step}", headers=headers, timeout=10)
        assert response.status_code == 200, (step, response.text)


def words(page, key: str) -> str:
    """A string of the kiosk's text in the language it speaks now (from the page's #text)."""
    return page.evaluate(
        "(key) => JSON.parse(document.getElementById('text').textContent)[document.documentElement.lang][key]",
        key,
    )


def open_rating(page):
    page.locator("#rate-open").tap()
    expect(page.locator("#rate")).to_be_visible()
    expect(page.locator("#start")).to_be_visible()  # underneath, as for the other screens
    assert page.evaluate("window.onewindowKiosk.screen") == "rate"


def type_number(page, number: str) -> None:
    """Type a ticket number as a citizen does: the prefix's key, then each digit's."""
    prefix, digits = re.fullmatch(r"([A-Z]+)(\d+)", number).groups()
    page.locator(f'#r-prefixes button[data-prefix="{prefix}"]').tap()
    for digit in digits:
        page.locator(f'#r-keypad button[data-digit="{digit}"]').tap()
    expect(page.locator("#r-number")).to_have_text(number)


def clear_number(page) -> None:
    page.locator("#r-clear").tap()
    expect(page.locator("#r-number")).to_have_text("")


def sent_ratings(page) -> list[dict]:
    return page.evaluate("window.onewindowKiosk.ratings")


def assert_rating_screen_fits(page) -> None:
    """Nothing on the rating screen overflows the kiosk's screen or its own box, and every
    target on it is big enough for a finger."""
    found = page.evaluate(
        """(min) => {
            const rate = document.getElementById("rate");
            const out = [];
            for (const node of rate.querySelectorAll("*")) {
                if (node.closest("[hidden]") || !node.getClientRects().length) continue;
                const r = node.getBoundingClientRect();
                if (r.left < -0.5 || r.top < -0.5 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) {
                    out.push([node.id || node.className.baseVal || node.className, r.left, r.top, r.right, r.bottom]);
                }
            }
            const small = [...rate.querySelectorAll("button")]
                .filter((b) => b.getClientRects().length)
                .map((b) => [b.id || b.className, b.getBoundingClientRect().width, b.getBoundingClientRect().height])
                .filter(([, w, h]) => w < min || h < min);
            const clipped = [...rate.querySelectorAll("button, p, output")]
                .filter((n) => n.getClientRects().length && n.scrollWidth > n.clientWidth + 1)
                .map((n) => n.id || n.className);
            const prefixes = document.getElementById("r-prefixes");
            if (prefixes.scrollHeight > prefixes.clientHeight + 1) clipped.push("r-prefixes (scrolls)");
            return {
                out,
                small,
                clipped,
                scroll: [rate.scrollWidth, rate.clientWidth, rate.scrollHeight, rate.clientHeight],
            };
        }""",
        TOUCH_MIN_PX,
    )
    assert found["out"] == [], found
    assert found["small"] == [], found
    assert found["clipped"] == [], found
    width, client_width, height, client_height = found["scroll"]
    assert width <= client_width and height <= client_height, found
    assert_fits(page, ["#r-back", "#r-number", "#r-keypad", ".ratings", ".choices", "#r-send"])


# ---- the flow ---------------------------------------------------------------------------


def test_a_citizen_rates_a_finished_service_at_the_kiosk(office, screens):  # noqa: F811
    page = screens(PORTRAIT)
    page.clock.install()  # to jump over the thanks' few seconds
    open_kiosk(page, office)
    rate_open = page.locator("#rate-open")
    expect(rate_open).to_be_visible()
    # Quieter than taking a ticket: smaller than a service's button, and not the first thing.
    assert rate_open.bounding_box()["height"] < page.locator("button.service").first.bounding_box()["height"]
    assert_fits(page, [".bar", ".choose", ".note", "#rate-open"])
    assert_touch_targets(page)

    # A ticket taken at the kiosk, served by the officer at counter 1.
    page.locator('button.service[data-service-id="1"]').tap()
    expect(page.locator("#confirm")).to_be_visible()
    ticket = page.evaluate("window.onewindowKiosk.issued.at(-1).ticket")
    page.locator("#done").tap()
    serve(office, ticket)

    page.locator("#lang").tap()  # the citizen reads English
    open_rating(page)
    expect(page.locator("#r-title")).to_have_text("Rate our service")
    expect(page.locator("#r-send")).to_be_disabled()
    expect(page.locator("#r-hint")).to_be_visible()
    # The services' prefixes are the letter keys.
    prefixes = sorted(s["prefix"] for s in requests.get(f"{office.api}/services", timeout=10).json()["services"])
    assert sorted(page.locator("#r-prefixes button").all_inner_texts()) == prefixes

    type_number(page, ticket["number"])
    expect(page.locator("#r-send")).to_be_disabled()  # a number, but no rating yet
    page.locator('#rate button[data-rating="2"]').tap()
    expect(page.locator('#rate button[data-rating="2"]')).to_have_attribute("aria-pressed", "true")
    expect(page.locator('#rate button[data-rating="4"]')).to_have_attribute("aria-pressed", "false")
    expect(page.locator('#rate button[data-rating="2"] .rating-word')).to_have_text("Bad")
    page.locator('#rate button[data-payment="true"]').tap()
    expect(page.locator('#rate button[data-payment="true"]')).to_have_attribute("aria-pressed", "true")
    expect(page.locator('#rate button[data-payment="false"]')).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#r-send")).to_be_enabled()
    expect(page.locator("#r-hint")).to_be_hidden()
    assert_rating_screen_fits(page)
    screenshot(page, "kiosk-rating-portrait-en-rating-2")

    page.locator("#r-send").tap()
    thanks = page.locator("#thanks")
    expect(thanks).to_be_visible()
    expect(page.locator("#rate")).to_be_hidden()
    expect(thanks.locator(".thanks-text")).to_have_text("Thank you for your rating.")
    expect(page.locator("#t-countdown")).to_have_text(re.compile(r"^Back to the start in \d+ s$"))
    assert_touch_targets(page)
    screenshot(page, "kiosk-rating-portrait-en-thanks")
    assert sent_ratings(page) == [
        {"number": ticket["number"], "rating": 2, "payment_asked": True, "outcome": 201, "code": None}
    ]
    stored = office.rows(
        "SELECT rating, payment_asked, comment, source FROM feedback WHERE ticket_id = ?", ticket["id"]
    )
    assert stored == [(2, 1, None, "kiosk")]

    page.clock.fast_forward(10_000)  # the thanks go back to the start by themselves
    expect(thanks).to_be_hidden()
    expect(page.locator("#start")).to_be_visible()
    expect(page.locator(".bar h1")).to_have_text("យកសំបុត្រលេខរៀង")  # the next citizen: the kiosk's language
    assert page.evaluate("window.onewindowKiosk.screen") == "start"
    expect(page.locator("#rate-open")).to_be_visible()

    # Rated once: the status page may not rate it again.
    again = requests.post(f"{office.api}/status/{ticket['token']}/feedback", json={"rating": 5}, timeout=10)
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_rated", again.text

    # Nor the kiosk: said in the kiosk's language (Khmer), from the code.
    open_rating(page)
    type_number(page, ticket["number"])
    page.locator('#rate button[data-rating="5"]').tap()
    page.locator("#r-send").tap()
    expect(page.locator("#r-message")).to_have_text(words(page, "feedback_already"))
    expect(page.locator("#rate")).to_be_visible()
    assert sent_ratings(page)[-1]["code"] == "already_rated"
    page.locator("#r-back").tap()
    expect(page.locator("#rate")).to_be_hidden()
    assert office.rows("SELECT rating FROM feedback WHERE ticket_id = ?", ticket["id"]) == [(2,)]


def test_an_unknown_number_and_an_unfinished_ticket_are_refused_and_the_screen_stays(office, screens):  # noqa: F811
    waiting_ticket = take(office, 1)  # taken, not served
    issued_today = {row[0] for row in office.rows("SELECT number FROM ticket")}
    unknown = next(f"A{n:03d}" for n in range(999, 0, -1) if f"A{n:03d}" not in issued_today)

    page = open_kiosk(screens(LANDSCAPE), office)
    open_rating(page)
    type_number(page, unknown)
    page.locator('#rate button[data-rating="3"]').tap()
    page.locator("#r-send").tap()
    message = page.locator("#r-message")
    expect(message).to_have_text(words(page, "feedback_not_found"))  # in Khmer, the kiosk's language
    expect(message).not_to_contain_text(f"no ticket {unknown}")  # the kiosk's words, not the server's English
    expect(page.locator("#rate")).to_be_visible()  # the screen stays, with what was chosen
    expect(page.locator("#r-number")).to_have_text(unknown)
    expect(page.locator("#r-number")).to_have_class(re.compile(r"\bwrong\b"))
    expect(page.locator('#rate button[data-rating="3"]')).to_have_attribute("aria-pressed", "true")
    record = sent_ratings(page)[-1]
    assert (record["number"], record["outcome"], record["code"]) == (unknown, 404, "ticket_not_found")
    assert "payment_asked" not in record  # unanswered: not sent
    assert_rating_screen_fits(page)
    screenshot(page, "kiosk-rating-landscape-km-not-found")

    # The citizen corrects the number: the refusal goes, and the ticket is not finished yet.
    page.locator("#r-backspace").tap()
    expect(message).to_be_hidden()
    expect(page.locator("#r-number")).not_to_have_class(re.compile(r"\bwrong\b"))
    clear_number(page)
    expect(page.locator("#r-send")).to_be_disabled()
    type_number(page, waiting_ticket["number"])
    page.locator("#r-send").tap()
    expect(message).to_have_text(words(page, "feedback_not_finished"))
    expect(page.locator("#rate")).to_be_visible()
    record = sent_ratings(page)[-1]
    assert (record["number"], record["outcome"], record["code"]) == (waiting_ticket["number"], 409, "not_finished")
    assert office.rows("SELECT count(*) FROM feedback WHERE ticket_id = ?", waiting_ticket["id"]) == [(0,)]

    page.locator("#r-back").tap()  # Back always returns to the start
    expect(page.locator("#rate")).to_be_hidden()
    expect(page.locator("#start")).to_be_visible()
    # A fresh screen for the next citizen.
    open_rating(page)
    expect(page.locator("#r-number")).to_have_text("")
    expect(page.locator("#r-message")).to_be_hidden()
    expect(page.locator("#rate [aria-pressed=true]")).to_have_count(0)


def test_a_rating_screen_left_alone_returns_to_the_start(office, screens):  # noqa: F811
    page = screens(PORTRAIT)
    page.clock.install()
    open_kiosk(page, office)
    page.locator("#lang").tap()
    open_rating(page)
    page.locator('#r-keypad button[data-digit="1"]').tap()
    page.clock.fast_forward(50_000)
    expect(page.locator("#rate")).to_be_visible()
    page.locator('#rate button[data-rating="4"]').tap()  # a touch: another minute
    page.clock.fast_forward(50_000)
    expect(page.locator("#rate")).to_be_visible()
    page.clock.fast_forward(15_000)  # a minute after the last touch: the citizen walked away
    expect(page.locator("#rate")).to_be_hidden()
    expect(page.locator("#start")).to_be_visible()
    expect(page.locator(".bar h1")).to_have_text("យកសំបុត្រលេខរៀង")
    assert page.evaluate("window.onewindowKiosk.ratings") == []  # nothing was sent

    # Backspace takes a digit at a time, then the prefix; another prefix key replaces the prefix.
    open_rating(page)
    type_number(page, "B104")
    page.locator("#r-backspace").tap()
    expect(page.locator("#r-number")).to_have_text("B10")
    page.locator('#r-prefixes button[data-prefix="C"]').tap()  # another prefix replaces it
    expect(page.locator("#r-number")).to_have_text("C10")
    for _ in range(3):
        page.locator("#r-backspace").tap()
    expect(page.locator("#r-number")).to_have_text("")
    page.locator("#r-back").tap()
    expect(page.locator("#rate")).to_be_hidden()


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_in_khmer_and_english_the_rating_screen_fits_with_big_keys(office, screens, viewport):  # noqa: F811
    page = open_kiosk(screens(viewport), office)
    name = "portrait" if viewport == PORTRAIT else "landscape"
    expect(page.locator("html")).to_have_attribute("lang", "km")
    assert_fits(page, [".bar", ".choose", ".note", "#rate-open"])
    assert_touch_targets(page)
    screenshot(page, f"kiosk-rating-{name}-km-start")
    open_rating(page)
    # Khmer: the page's words are the Khmer ones, the rating's numbers in Khmer digits, the
    # keypad's digits as printed on the ticket with the Khmer digit beside them.
    shown = page.evaluate(
        """() => [...document.querySelectorAll("#rate [data-t]")].map((n) => [n.dataset.t, n.textContent.trim()])"""
    )
    assert len(shown) >= 12
    for key, value in shown:
        assert value == words(page, key).strip(), key
    expect(page.locator('#rate button[data-rating="1"] .rating-number')).to_have_text(khmer(1))
    expect(page.locator('#rate button[data-rating="5"] .rating-number')).to_have_text(khmer(5))
    expect(page.locator('#r-keypad button[data-digit="7"] .km-digit')).to_be_visible()
    expect(page.locator('#r-keypad button[data-digit="7"] .km-digit')).to_have_text(khmer(7))
    expect(page.locator("#r-backspace")).to_have_attribute("aria-label", words(page, "backspace"))
    expect(page.locator("#r-send")).to_have_text(words(page, "send"))
    assert_rating_screen_fits(page)
    screenshot(page, f"kiosk-rating-{name}-km-empty")

    # The longest number the keys allow, a rating and a refusal: still no overflow.
    type_number(page, "A999999")
    page.locator('#r-keypad button[data-digit="9"]').tap()
    expect(page.locator("#r-number")).to_have_text("A999999")  # six digits at most
    page.locator('#rate button[data-rating="1"]').tap()
    page.locator('#rate button[data-payment="false"]').tap()
    page.locator("#r-send").tap()
    expect(page.locator("#r-message")).to_have_text(words(page, "feedback_not_found"))
    assert_rating_screen_fits(page)
    screenshot(page, f"kiosk-rating-{name}-km-refused")

    # English, switched on the start screen: the same screen in English digits.
    page.locator("#r-back").tap()
    page.locator("#lang").tap()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    open_rating(page)
    expect(page.locator("#r-title")).to_have_text("Rate our service")
    expect(page.locator('#rate button[data-rating="1"] .rating-number')).to_have_text("1")
    expect(page.locator('#rate button[data-rating="1"] .rating-word')).to_have_text("Very bad")
    expect(page.locator('#r-keypad button[data-digit="7"] .km-digit')).to_be_hidden()
    expect(page.locator("#r-backspace")).to_have_attribute("aria-label", "Delete the last character")
    type_number(page, "A012")
    page.locator('#rate button[data-rating="5"]').tap()
    assert_rating_screen_fits(page)
    screenshot(page, f"kiosk-rating-{name}-en-filled")


def test_an_unenrolled_kiosk_offers_no_rating(office, screens):  # noqa: F811
    page = screens(PORTRAIT)
    page.goto(f"{office.url}/kiosk")
    expect(page.locator("body")).not_to_have_class(re.compile("loading"))
    expect(page.locator("body")).to_have_attribute("data-enrolled", "no")
    expect(page.locator("#not-enrolled")).to_be_visible()
    expect(page.locator("#rate-open")).to_be_hidden()
