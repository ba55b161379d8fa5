"""The touch kiosk and the ticket's status page in a real browser against the real server: a
tap takes one ticket (never two), the confirmation shows its number and a QR code that scans to
the status page, then goes back to the start; Khmer by default, English on request; a printer
that is down is announced; both screen orientations fit without scrolling; the status page
turns into "It's your turn" when an officer calls the ticket.

Set ONEWINDOW_SCREENSHOTS=<folder> to keep screenshots of every screen drawn here.
"""

import os
import re
from io import BytesIO
from pathlib import Path

import pytest
import requests
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import ServerProcess, bearer, free_port
from tests.test_kiosk_pages import compile_catalogues

pytestmark = pytest.mark.e2e

PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """One server for the kiosk tests of this module (each counts from where it starts)."""
    compile_catalogues()
    server = ServerProcess(tmp_path_factory.mktemp("kiosk-office"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def screens(browser):
    """screens(viewport, **options) -> a fresh page in its own context; a JavaScript error on
    any of them fails the test."""
    contexts, errors = [], []

    def open_page(viewport: dict, **options):
        context = browser.new_context(viewport=viewport, has_touch=True, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def screenshot(page, name: str) -> None:
    folder = os.environ.get("ONEWINDOW_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def enrol_in_browser(page, server, name: str = "hall", offers_priority: bool = False):
    """Enrol this browser as kiosk `name` as an office does: `onewindow kiosk enrol NAME` prints
    a link, and the kiosk opens it and presses the button (its key goes to localStorage)."""
    page.goto(server.enrolment_link(name, offers_priority))
    page.locator("#enrol-button").click()
    page.wait_for_url(re.compile(r"/kiosk\?kiosk="))
    return page


def open_kiosk(page, server, query: str = "?kiosk=hall"):
    """The kiosk page of a browser enrolled as kiosk "hall" (its tickets print)."""
    enrol_in_browser(page, server)
    page.goto(f"{server.url}/kiosk{query}")
    expect(page.locator("body")).not_to_have_class(re.compile("loading"))  # the web fonts are in
    page.wait_for_function("window.onewindowKiosk.snapshots > 0")  # the live counts are on
    return page


def waiting(server, service_id: int) -> int:
    services = requests.get(f"{server.api}/services", timeout=10).json()["services"]
    return next(s["waiting"] for s in services if s["id"] == service_id)


def service_button(page, service_id: int):
    return page.locator(f'button.service[data-service-id="{service_id}"]')


def issued_tickets(page) -> list[dict]:
    return page.evaluate("window.onewindowKiosk.issued.map((answer) => answer.ticket)")


def fonts_of(page, selector: str) -> set[tuple[str, bool]]:
    """The fonts Chromium really drew an element's text with: (family, is a web font)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {(f["familyName"], f["isCustomFont"]) for f in fonts}


def assert_fits(page, selectors: list[str]) -> None:
    """The page does not scroll, and each of these elements is wholly on the screen."""
    found = page.evaluate(
        """(selectors) => ({
            width: innerWidth,
            height: innerHeight,
            scrollWidth: document.documentElement.scrollWidth,
            scrollHeight: document.documentElement.scrollHeight,
            boxes: selectors.map((s) => {
                const r = document.querySelector(s).getBoundingClientRect();
                return [s, r.left, r.top, r.right, r.bottom];
            }),
        })""",
        selectors,
    )
    assert found["scrollWidth"] <= found["width"] and found["scrollHeight"] <= found["height"], found
    for selector, left, top, right, bottom in found["boxes"]:
        assert left >= 0 and top >= 0 and right <= found["width"] + 0.5 and bottom <= found["height"] + 0.5, (
            selector,
            (left, top, right, bottom),
            found,
        )


def assert_touch_targets(page) -> None:
    small = page.evaluate(
        """() => [...document.querySelectorAll("button, a")]
            .filter((b) => b.offsetParent !== null)
            .map((b) => [b.id || b.className, b.getBoundingClientRect().width, b.getBoundingClientRect().height])
            .filter(([, w, h]) => w < 64 || h < 64)"""
    )
    assert small == [], small


def assert_confirmation_fits(page) -> None:
    page.wait_for_function("document.getElementById('c-qr').complete && document.getElementById('c-qr').naturalWidth")
    assert_fits(page, ["#c-number", "#c-service", ".facts", "#c-qr", ".qr figcaption", "#done", "#c-countdown"])
    qr = page.locator("#c-qr").bounding_box()
    ticket = page.locator("#confirm .ticket").bounding_box()
    apart = qr["y"] >= ticket["y"] + ticket["height"] or qr["x"] >= ticket["x"] + ticket["width"]
    assert apart, (qr, ticket)  # the QR code never covers the number


def scanned(page) -> str:
    """What a phone reads from the QR code as drawn on the screen."""
    page.wait_for_function("document.getElementById('c-qr').complete && document.getElementById('c-qr').naturalWidth")
    codes = zxingcpp.read_barcodes(Image.open(BytesIO(page.locator("#c-qr").screenshot())))
    assert len(codes) == 1, codes
    return codes[0].text


# ---- the flow ---------------------------------------------------------------------------


def test_in_khmer_a_tap_takes_a_ticket_and_the_kiosk_returns_to_the_start(office, screens):
    page = open_kiosk(screens(PORTRAIT), office)
    expect(page.locator("html")).to_have_attribute("lang", "km")
    expect(page.locator(".bar h1")).to_have_text("យកសំបុត្រលេខរៀង")
    assert fonts_of(page, ".bar h1") == {("Noto Sans Khmer", True)}  # shaped by the web font
    first = page.locator("button.service").first
    expect(first.locator(".fee")).to_have_text("កម្រៃសេវា ១,០០០ រៀល")
    expect(page.locator(".group h2").first).to_have_text("ការងាររដ្ឋបាល")
    no_fee = page.locator("button.service .fee", has_text="—")
    expect(no_fee.first).to_be_visible()
    assert_fits(page, [".bar", ".choose", ".note"])
    assert_touch_targets(page)
    screenshot(page, "kiosk-portrait-km-start")

    before = waiting(office, 1)
    service_button(page, 1).tap()
    confirm = page.locator("#confirm")
    expect(confirm).to_be_visible()
    ticket = issued_tickets(page)[0]
    expect(page.locator("#c-number")).to_have_text(ticket["number"])
    assert re.fullmatch(r"A\d{3}", ticket["number"])
    expect(page.locator("#c-fee")).to_have_text("១,០០០ រៀល")
    expect(page.locator("#c-ahead")).to_have_text(re.compile(r"^[០-៩]+ នាក់$"))
    expect(page.locator("#c-countdown")).to_have_text("ត្រឡប់ទៅទំព័រដើមក្នុងរយៈពេល ២០ វិនាទី")
    assert scanned(page) == ticket["status_url"]
    assert waiting(office, 1) == before + 1
    assert_confirmation_fits(page)
    assert_touch_targets(page)
    screenshot(page, "kiosk-portrait-km-confirm")

    page.locator("#done").tap()
    expect(confirm).to_be_hidden()
    expect(page.locator("#start")).to_be_visible()
    expect(service_button(page, 1)).to_be_enabled()
    # The count on the button is live: the ticket just taken is in it.
    expect(service_button(page, 1).locator(".waiting")).to_have_text(f"មានអ្នករង់ចាំ {khmer(before + 1)} នាក់")


def khmer(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩"))


def test_in_english_and_landscape_and_the_next_citizen_gets_khmer_again(office, screens):
    page = screens(LANDSCAPE)
    page.clock.install()  # to jump over the 20 s of the confirmation screen
    open_kiosk(page, office)
    page.locator("#lang").tap()  # the citizen switches to English
    expect(page.locator(".bar h1")).to_have_text("Take a ticket")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("button.service").first.locator(".fee")).to_have_text("Fee 1,000 riel")
    expect(page.locator(".group h2").first).to_have_text("Administration (district/khan own functions)")
    assert_fits(page, [".bar", ".choose", ".note", ".sectors"])
    assert_touch_targets(page)
    screenshot(page, "kiosk-landscape-en-start")

    service_button(page, 2).tap()
    expect(page.locator("#confirm")).to_be_visible()
    ticket = issued_tickets(page)[0]
    expect(page.locator("#c-number")).to_have_text(ticket["number"])
    expect(page.locator("#c-fee")).to_have_text("5,000 riel")
    expect(page.locator("#c-ahead")).to_have_text(re.compile(r"^\d+ (person|people)$"))
    expect(page.locator("#c-countdown")).to_have_text("Back to the start in 20 s")
    expect(page.locator("#c-slip")).to_have_text("Please take your printed ticket.")
    assert scanned(page) == ticket["status_url"]
    assert_confirmation_fits(page)
    screenshot(page, "kiosk-landscape-en-confirm")

    page.clock.fast_forward(21_000)
    expect(page.locator("#confirm")).to_be_hidden()
    expect(page.locator(".bar h1")).to_have_text("យកសំបុត្រលេខរៀង")  # back to the kiosk's language
    assert_fits(page, [".bar", ".choose", ".note", ".sectors"])
    screenshot(page, "kiosk-landscape-km-start")

    # A kiosk set up in English (?lang=en) stays in English; portrait fits too.
    page = open_kiosk(screens(PORTRAIT), office, "?kiosk=hall&lang=en")
    expect(page.locator(".bar h1")).to_have_text("Take a ticket")
    expect(page.locator("#lang")).to_have_text("ភាសាខ្មែរ")
    service_button(page, 3).tap()
    expect(page.locator("#confirm")).to_be_visible()
    assert_confirmation_fits(page)
    screenshot(page, "kiosk-portrait-en-confirm")
    page.locator("#done").tap()
    expect(page.locator(".bar h1")).to_have_text("Take a ticket")


def test_a_double_tap_takes_one_ticket(office, screens):
    page = open_kiosk(screens(PORTRAIT), office)
    before = waiting(office, 1)
    held = []
    page.route("**/api/v1/tickets", lambda route: held.append(route))  # keep the request in flight
    box = service_button(page, 1).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.touchscreen.tap(x, y)
    page.touchscreen.tap(x, y)
    expect(page.locator("#busy")).to_be_visible()
    expect(service_button(page, 1)).to_be_disabled()
    assert UUID.match(held[0].request.headers["idempotency-key"])
    held[0].continue_()
    expect(page.locator("#confirm")).to_be_visible()
    # A second tap's request would have left the browser before the first one's answer (it is
    # held until just above), so by now it would be here.
    assert len(held) == 1
    assert waiting(office, 1) == before + 1
    page.unroute("**/api/v1/tickets")

    # Two clicks in the same instant (one task), whatever the browser makes of them.
    page.locator("#done").tap()
    page.evaluate(
        """() => {
            const button = document.querySelector('button.service[data-service-id="1"]');
            const click = () => button.dispatchEvent(new MouseEvent("click", { bubbles: true }));
            click();
            click();
        }"""
    )
    expect(page.locator("#confirm")).to_be_visible()
    assert waiting(office, 1) == before + 2
    requests_sent = page.evaluate("window.onewindowKiosk.requests")
    assert len(requests_sent) == 2 and requests_sent[0]["key"] != requests_sent[1]["key"]


def test_after_a_lost_answer_try_again_gets_the_same_ticket_not_a_second(office, screens):
    page = screens(PORTRAIT)
    # As on a kiosk reaching the server over plain HTTP (not localhost): no crypto.randomUUID.
    page.add_init_script("delete Crypto.prototype.randomUUID")
    open_kiosk(page, office)
    assert page.evaluate("typeof crypto.randomUUID") == "undefined"
    before = waiting(office, 4)
    lost = []

    def issue_then_lose_the_answer(route):
        lost.append(route.fetch().json())  # the server issues the ticket...
        route.abort("connectionreset")  # ...and its answer never reaches the kiosk

    page.route("**/api/v1/tickets", issue_then_lose_the_answer)
    service_button(page, 4).tap()
    expect(page.locator("#problem")).to_be_visible()
    expect(page.locator("#problem-message")).to_contain_text("មិនអាចភ្ជាប់ទៅម៉ាស៊ីនមេបានទេ")
    screenshot(page, "kiosk-portrait-km-network-error")
    page.unroute("**/api/v1/tickets")
    assert waiting(office, 4) == before + 1

    page.locator("#retry").tap()
    expect(page.locator("#confirm")).to_be_visible()
    expect(page.locator("#c-number")).to_have_text(lost[0]["ticket"]["number"])
    assert waiting(office, 4) == before + 1
    keys = [r["key"] for r in page.evaluate("window.onewindowKiosk.requests")]
    assert len(keys) == 2 and keys[0] == keys[1]
    assert UUID.match(keys[0])


def test_a_kiosk_whose_printer_is_down_tells_citizens_to_note_their_number(start_server, screens):
    closed = free_port()  # nothing listens there: every print is refused
    server = start_server(
        "printer-down",
        extra_env={"ONEWINDOW_PRINTER": f"network:127.0.0.1:{closed}", "ONEWINDOW_PRINTER_TIMEOUT_S": "1"},
    )
    page = open_kiosk(screens(PORTRAIT), server)
    expect(page.locator("#printer-down")).to_be_hidden()
    service_button(page, 1).tap()
    expect(page.locator("#confirm")).to_be_visible()
    notice = page.locator("#c-printer-down")
    expect(notice).to_be_visible(timeout=8_000)
    expect(notice).to_contain_text("ម៉ាស៊ីនបោះពុម្ពមិនដំណើរការទេ")
    expect(notice).to_contain_text("The printer is not working: please note your number or take a photo of the screen.")
    expect(page.locator("#c-slip")).to_be_hidden()
    assert_confirmation_fits(page)
    assert_fits(page, ["#c-printer-down"])
    screenshot(page, "kiosk-portrait-km-printer-down")

    page.locator("#done").tap()
    expect(page.locator("#printer-down")).to_be_visible()  # and for the next citizen
    # It is this kiosk's printer that is down (the ticket was sent with ?kiosk=hall).
    health = requests.get(f"{server.api}/kiosks/hall/printer", timeout=10).json()["printer"]
    assert health["ok"] is False and health["pending"] == 1
    assert requests.get(f"{server.api}/kiosks/kiosk/printer", timeout=10).json()["printer"]["ok"] is True
    screenshot(page, "kiosk-portrait-km-start-printer-down")


# ---- the status page --------------------------------------------------------------------


def test_the_status_page_follows_the_ticket_until_it_is_called(server, screens):
    compile_catalogues()

    key = server.enrol_kiosk("hall")

    def take() -> dict:
        response = requests.post(
            f"{server.api}/tickets", json={"service_id": 1, "kiosk": "hall"}, headers={"X-Kiosk-Key": key}, timeout=10
        )
        assert response.status_code == 201, response.text
        return response.json()["ticket"]

    first, mine = take(), take()
    english = screens(PHONE, is_mobile=True, device_scale_factor=2)
    english.goto(f"{server.url}/t/{mine['token']}?lang=en")
    khmer_page = screens(PHONE, is_mobile=True, device_scale_factor=2)
    khmer_page.goto(mine["status_url"])  # the QR code's address: Khmer
    for page in (english, khmer_page):
        page.wait_for_function("window.onewindowStatus.connected && window.onewindowStatus.updates > 0")
        page.evaluate("window.sameDocument = true")
    expect(english.locator("#number")).to_have_text(mine["number"])
    expect(english.locator("#status")).to_have_text("Waiting")
    expect(english.locator("#ahead")).to_have_text("1 person")
    expect(khmer_page.locator("#ahead")).to_have_text("១ នាក់")
    assert_fits(english, [".card", ".bar"])
    screenshot(english, "status-phone-en-waiting")
    screenshot(khmer_page, "status-phone-km-waiting")

    headers = bearer(server.login("officer1"))
    called = requests.post(f"{server.api}/counters/1/next", headers=headers, timeout=10).json()["ticket"]
    assert called["id"] == first["id"]
    expect(english.locator("#ahead")).to_have_text("0 people")  # live: one fewer ahead
    requests.post(f"{server.api}/tickets/{first['id']}/no-show", headers=headers, timeout=10).raise_for_status()
    called = requests.post(f"{server.api}/counters/1/next", headers=headers, timeout=10).json()["ticket"]
    assert called["id"] == mine["id"]

    expect(english.locator("#turn")).to_have_text("It's your turn: counter 1")
    expect(khmer_page.locator("#turn")).to_have_text("ដល់វេនរបស់អ្នកហើយ៖ សូមអញ្ជើញទៅបញ្ជរ ១")
    expect(english.locator("#facts")).to_be_hidden()
    for page in (english, khmer_page):
        assert page.evaluate("window.sameDocument")  # updated in place, not reloaded
        # Pushed by the /ticket namespace: the page never asked the server over HTTP.
        fetched = page.evaluate("performance.getEntriesByType('resource').map((entry) => entry.name)")
        assert not [url for url in fetched if "/api/" in url], fetched
    assert fonts_of(khmer_page, "#turn-text") <= {("Noto Sans Khmer", True), ("Noto Sans", True)}
    screenshot(english, "status-phone-en-called")
    screenshot(khmer_page, "status-phone-km-called")
