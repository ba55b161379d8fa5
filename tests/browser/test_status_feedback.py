"""Rating the service on the ticket's status page (/t/<token>), in a real browser on a
phone-sized screen against the real server: the form appears by itself once the officer
finishes the ticket, keeps what the citizen chose through live updates and a lost connection,
sends once (POST /api/v1/status/<token>/feedback), and then only thanks; the server refuses a
second rating. In Khmer the same form is drawn.

Set ONEWINDOW_SCREENSHOTS=<folder> to keep screenshots of the screens drawn here.
"""

import os
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.conftest import bearer

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
MIN_TARGET_PX = 44
COMMENT = "Quick and polite. សូមអរគុណ"
SERVICE, COUNTER, OFFICER = 1, 1, "officer1"  # the demo office: officer1 serves counter 1, which serves 1


@pytest.fixture
def phone(browser):
    """phone(url) -> a fresh 360x740 touch page (its own context); a JavaScript error on it, or
    anything the Content-Security-Policy refuses, fails the test."""
    contexts, errors, refused = [], [], []

    def open_page(url: str):
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
        )
        page.goto(url)
        page.wait_for_function("window.onewindowStatus.connected && window.onewindowStatus.updates > 0")
        page.wait_for_function("!document.body.classList.contains('loading')")  # the web fonts are in
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert not refused, f"refused by the Content-Security-Policy: {refused}"


def screenshot(page, name: str) -> None:
    folder = os.environ.get("ONEWINDOW_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def officer_act(server, headers: dict, path: str) -> dict:
    response = requests.post(f"{server.api}{path}", headers=headers, timeout=10)
    assert response.status_code == 200, f"{path}: {response.status_code} {response.text}"
    return response.json()


def serve(server, ticket: dict) -> None:
    """The demo officer calls the ticket at their counter, starts and finishes its service."""
    headers = bearer(server.login(OFFICER))
    called = officer_act(server, headers, f"/counters/{COUNTER}/next")["ticket"]
    assert called["id"] == ticket["id"]
    officer_act(server, headers, f"/tickets/{ticket['id']}/start")
    officer_act(server, headers, f"/tickets/{ticket['id']}/finish")


def status(server, token: str) -> dict:
    response = requests.get(f"{server.api}/status/{token}", timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def assert_no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width} px wide"


def assert_big_enough(page, selector: str) -> None:
    """Every visible element matching `selector` is at least 44x44 CSS px and wholly inside
    the screen's width."""
    boxes = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((node) => node.offsetParent !== null)
            .map((node) => { const r = node.getBoundingClientRect();
                             return {left: r.left, right: r.right, width: r.width, height: r.height}; })""",
        selector,
    )
    assert boxes, f"nothing visible matches {selector}"
    for box in boxes:
        assert box["width"] >= MIN_TARGET_PX and box["height"] >= MIN_TARGET_PX, (selector, box)
        assert box["left"] >= 0 and box["right"] <= PHONE["width"], (selector, box)


def rating_button(page, n: int):
    return page.locator(f'#feedback button[data-rating="{n}"]')


def test_a_citizen_rates_the_service_once_on_their_phone(server, phone):
    ticket = server.take(SERVICE)
    token = ticket["token"]
    page = phone(f"{server.url}/t/{token}?lang=en")
    page.evaluate("window.sameDocument = true")
    expect(page.locator("#status")).to_have_text("Waiting")
    expect(page.locator("#feedback")).to_be_hidden()  # nothing to rate yet
    assert status(server, token)["feedback"] == {"open": False, "given": False, "closes_at": None}

    serve(server, ticket)
    # Live: the form appears once the ticket is done, without a reload.
    form = page.locator("#feedback-form")
    expect(form).to_be_visible()
    expect(page.locator("#status")).to_have_text("Done — thank you")
    assert page.evaluate("window.sameDocument")
    expect(page.locator("#feedback-question")).to_have_text("How was the service?")
    for n, word in enumerate(("Very bad", "Bad", "OK", "Good", "Very good"), start=1):
        expect(rating_button(page, n)).to_contain_text(str(n))
        expect(rating_button(page, n)).to_contain_text(word)
        expect(rating_button(page, n)).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#payment-question")).to_contain_text("Was any payment asked beyond the official fee?")
    expect(page.locator("#feedback-comment")).to_have_attribute("maxlength", "1000")
    send = page.locator("#feedback-send")
    expect(send).to_be_disabled()  # until a rating is chosen
    assert_big_enough(page, "#feedback button")
    assert_no_horizontal_scroll(page)
    screenshot(page, "status-phone-en-feedback")

    # The citizen fills it in.
    rating_button(page, 2).tap()
    rating_button(page, 4).tap()  # changed their mind: one rating only
    expect(rating_button(page, 4)).to_have_attribute("aria-pressed", "true")
    expect(rating_button(page, 2)).to_have_attribute("aria-pressed", "false")
    expect(send).to_be_enabled()
    yes, no = page.locator('#feedback [data-payment="true"]'), page.locator('#feedback [data-payment="false"]')
    yes.tap()
    yes.tap()  # a second tap takes the answer back: unanswered is allowed
    expect(yes).to_have_attribute("aria-pressed", "false")
    no.tap()
    expect(no).to_have_attribute("aria-pressed", "true")
    expect(yes).to_have_attribute("aria-pressed", "false")
    page.locator("#feedback-comment").tap()
    page.locator("#feedback-comment").fill(COMMENT)
    assert_no_horizontal_scroll(page)

    # A live update meanwhile (the page asks for its status again) does not reset the form.
    updates = page.evaluate("window.onewindowStatus.updates")
    page.evaluate("window.onewindowStatus.socket.emit('snapshot')")
    page.wait_for_function(f"window.onewindowStatus.updates > {updates}")
    expect(form).to_be_visible()
    expect(rating_button(page, 4)).to_have_attribute("aria-pressed", "true")
    expect(no).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#feedback-comment")).to_have_value(COMMENT)

    # No connection when sending: the form stays, with what was chosen, and says to try again.
    page.route("**/api/v1/status/*/feedback", lambda route: route.abort("internetdisconnected"))
    send.tap()
    expect(page.locator("#feedback-message")).to_have_text("Your rating was not sent: no connection. Please try again.")
    expect(form).to_be_visible()
    expect(rating_button(page, 4)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#feedback-comment")).to_have_value(COMMENT)
    expect(send).to_be_enabled()
    assert status(server, token)["feedback"]["given"] is False
    page.unroute("**/api/v1/status/*/feedback")

    # Sent: the thanks replace the form.
    with page.expect_request("**/api/v1/status/*/feedback") as sent:
        send.tap()
    request = sent.value
    assert request.method == "POST"
    assert request.headers["content-type"] == "application/json"
    assert request.post_data_json == {"rating": 4, "payment_asked": False, "comment": COMMENT}
    expect(page.locator("#feedback-message")).to_have_text("Thank you for your rating.")
    expect(form).to_be_hidden()
    assert page.evaluate("window.sameDocument")
    assert_no_horizontal_scroll(page)
    screenshot(page, "status-phone-en-feedback-thanks")

    # The server has it.
    assert status(server, token)["feedback"]["given"] is True
    assert status(server, token)["feedback"]["open"] is False

    # Reloaded: the thanks, not the form.
    page.reload()
    page.wait_for_function("window.onewindowStatus.updates > 0 && !document.body.classList.contains('loading')")
    expect(page.locator("#feedback-message")).to_have_text("Thank you for your rating.")
    expect(page.locator("#feedback-message")).to_be_visible()
    expect(form).to_be_hidden()

    # Once only.
    again = requests.post(f"{server.api}/status/{token}/feedback", json={"rating": 1}, timeout=10)
    assert again.status_code == 409, again.text
    assert again.json()["error"]["code"] == "already_rated"


def test_a_refused_rating_says_why_in_the_pages_language_and_hides_the_form(server, phone):
    ticket = server.take(SERVICE)
    serve(server, ticket)
    page = phone(f"{server.url}/t/{ticket['token']}?lang=en")
    expect(page.locator("#feedback-form")).to_be_visible()
    # Rated meanwhile from elsewhere (another tab), while this page heard nothing (its live
    # connection is off): it still shows the form, and the server refuses.
    page.evaluate("window.onewindowStatus.socket.disconnect()")
    first = requests.post(f"{server.api}/status/{ticket['token']}/feedback", json={"rating": 5}, timeout=10)
    assert first.status_code == 201, first.text
    rating_button(page, 3).tap()
    page.locator("#feedback-send").tap()
    expect(page.locator("#feedback-message")).to_have_text("This ticket was already rated. Thank you.")
    expect(page.locator("#feedback-form")).to_be_hidden()
    assert status(server, ticket["token"])["feedback"]["given"] is True


def test_the_form_is_drawn_in_khmer_too(server, phone):
    ticket = server.take(SERVICE)
    serve(server, ticket)
    page = phone(f"{server.url}/t/{ticket['token']}?lang=km")
    assert page.evaluate("document.documentElement.lang") == "km"
    expect(page.locator("#feedback-form")).to_be_visible()
    expect(page.locator("#feedback-question")).to_be_visible()
    assert page.locator("#feedback-question").inner_text().strip()
    expect(page.locator("#payment-question")).to_be_visible()
    expect(page.locator("#feedback-comment")).to_be_visible()
    for n, digit in enumerate("១២៣៤៥", start=1):
        expect(rating_button(page, n)).to_be_visible()
        expect(rating_button(page, n).locator(".rating-number")).to_have_text(digit)  # Khmer digits
        assert rating_button(page, n).locator(".rating-word").inner_text().strip()
    expect(page.locator('#feedback [data-payment="true"]')).to_be_visible()
    expect(page.locator('#feedback [data-payment="false"]')).to_be_visible()
    expect(page.locator("#feedback-send")).to_be_disabled()
    assert_big_enough(page, "#feedback button")
    assert_no_horizontal_scroll(page)
    screenshot(page, "status-phone-km-feedback")

    rating_button(page, 5).tap()
    page.locator("#feedback-send").tap()
    expect(page.locator("#feedback-form")).to_be_hidden()
    expect(page.locator("#feedback-message")).to_be_visible()
    assert status(server, ticket["token"])["feedback"]["given"] is True
