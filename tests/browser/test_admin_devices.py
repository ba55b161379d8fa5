"""The administrator's counters and TV displays in a real browser against the real server:
adding a counter with two services through the page (a taken name's message appears next to
the name), then naming a TV display that shows one counter and opening its address: the TV
shows that counter's calls and not another's."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import TV
from tests.e2e.conftest import DEMO_PASSWORD, bearer
from tests.test_kiosk_pages import compile_catalogues

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True, scope="module")
def _catalogues():
    compile_catalogues()


def log_in_as_admin(server, page):
    page.goto(f"{server.url}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form [type=submit]").click()
    page.wait_for_url(re.compile(r"/supervisor"))
    page.goto(f"{server.url}/admin")


def call_at(server, officer: str, counter_id: int, service_id: int) -> dict:
    token = server.login(officer)
    server.take(service_id)
    response = requests.post(f"{server.api}/counters/{counter_id}/next", headers=bearer(token), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["ticket"]


def test_an_admin_adds_a_counter_and_a_tv_display_that_shows_only_its_counter(server, page, browser):
    log_in_as_admin(server, page)
    page.locator("#admin-counters").click()
    page.wait_for_url(re.compile(r"/admin/counters$"))
    expect(page.locator("#counters tr[data-counter-id]")).to_have_count(4)

    # A name another counter has: the message goes next to the name, nothing is added.
    page.fill("#counter-name", "counter 1")
    page.locator('#counter-services label[data-service-id="1"] input').check()
    page.locator("#counter-submit").click()
    note = page.locator('.field-error[data-field="name"]')
    expect(note).to_contain_text("already a counter named")
    expect(page.locator("#counter-name")).to_have_attribute("aria-invalid", "true")
    assert server.rows("SELECT count(*) FROM counter") == [(4,)]

    page.fill("#counter-name", "Counter 5")
    page.locator('#counter-services label[data-service-id="2"] input').check()
    page.locator("#counter-submit").click()
    expect(page.locator("#counter-saved")).to_be_visible()
    expect(note).to_have_count(0)
    row = page.locator("#counters tr", has_text="Counter 5")
    expect(row.locator(".chip")).to_have_text(["A", "B"])
    [(counter_id,)] = server.rows("SELECT id FROM counter WHERE name = 'Counter 5'")
    assert server.rows("SELECT service_id FROM counter_service WHERE counter_id = ? ORDER BY 1", counter_id) == [
        (1,),
        (2,),
    ]

    page.goto(f"{server.url}/admin/displays")
    page.fill("#display-name", "hall-tv")
    page.locator('#display-counters label[data-counter-id="2"] input').check()
    page.locator("#display-lang-en").check()
    page.locator("#display-submit").click()
    expect(page.locator("#display-saved")).to_be_visible()
    address = page.locator('#displays tr[data-display="hall-tv"] input.tv-url').input_value()
    assert address == f"{server.url}/display?name=hall-tv"

    tv = browser.new_context(viewport=TV).new_page()
    errors = []
    tv.on("pageerror", lambda error: errors.append(str(error)))
    tv.goto(address)
    tv.wait_for_function("window.onewindowDisplay && window.onewindowDisplay.snapshots > 0")
    assert tv.evaluate("window.onewindowDisplay.follow.counter_ids") == [2]
    other = call_at(server, "officer1", 1, 1)  # counter 1: not this TV's
    ours = call_at(server, "officer2", 2, 1)
    expect(tv.locator("#now-number")).to_have_text(ours["number"])
    shown = tv.evaluate("[...window.onewindowDisplay.calls.values()].map((call) => call.number)")
    assert ours["number"] in shown and other["number"] not in shown
    assert not errors
    tv.context.close()
