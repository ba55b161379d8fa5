"""A kiosk's enrolment in a real browser against the real server: the one-time link asks
before it enrols, its button keeps the device key in localStorage and opens the kiosk page,
whose tickets then print on its printer (and keep printing after a reload); a page without
a key says it is not enrolled and prints nothing; priority is offered only by a kiosk
enrolled to; a revoked kiosk stops printing; the admin's page makes the link."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, bearer
from tests.test_kiosk_pages import compile_catalogues

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True, scope="module")
def _catalogues():
    compile_catalogues()


def ready(page):
    expect(page.locator("body")).not_to_have_class(re.compile("loading"))
    page.wait_for_function("window.onewindowKiosk && window.onewindowKiosk.snapshots > 0")
    return page


def tap_service(page, service_id: int = 1) -> dict:
    before = page.evaluate("window.onewindowKiosk.issued.length")
    page.locator(f'button.service[data-service-id="{service_id}"]').click()
    expect(page.locator("#confirm")).to_be_visible()
    page.wait_for_function(f"window.onewindowKiosk.issued.length > {before}")
    ticket = page.evaluate("window.onewindowKiosk.issued.at(-1).ticket")
    page.locator("#done").click()
    return ticket


def printed_for(server, ticket: dict) -> list[str]:
    return [p for (p,) in server.rows("SELECT printer FROM print_job WHERE ticket_id = ?", ticket["id"])]


def saved_key(page):
    return page.evaluate("JSON.parse(localStorage.getItem('onewindow.kiosk') || 'null')")


def test_a_kiosk_opened_through_its_link_keeps_its_key_and_prints(server, page):
    link = server.enrolment_link("hall")
    page.goto(link)
    expect(page.locator("#enrol")).to_contain_text("hall")
    assert saved_key(page) is None  # opening the link enrolled nothing yet
    page.locator("#enrol-button").click()
    page.wait_for_url(re.compile(r"/kiosk\?kiosk=hall$"))
    ready(page)
    saved = saved_key(page)
    assert saved["name"] == "hall" and len(saved["key"]) >= 43
    expect(page.locator("body")).to_have_attribute("data-enrolled", "yes")
    expect(page.locator("#not-enrolled")).to_be_hidden()
    expect(page.locator("#priority")).to_be_hidden()  # not enrolled to offer priority

    ticket = tap_service(page)
    assert printed_for(server, ticket) == ["hall"]

    # The key survives a reload and a bare /kiosk address.
    page.goto(f"{server.url}/kiosk")
    ready(page)
    assert saved_key(page)["key"] == saved["key"]
    assert printed_for(server, tap_service(page)) == ["hall"]

    # The link is spent.
    assert requests.get(link, timeout=10).status_code == 404
    page.goto(link)
    expect(page.locator("#enrol-button")).to_have_count(0)
    expect(page.locator("#enrol-problem")).to_be_visible()


def test_a_kiosk_page_without_a_key_says_so_and_prints_nothing(server, page):
    page.goto(f"{server.url}/kiosk?kiosk=hall")
    ready(page)
    expect(page.locator("#not-enrolled")).to_be_visible()
    expect(page.locator("#not-enrolled")).to_contain_text("not enrolled")
    expect(page.locator("#priority")).to_be_hidden()
    page.locator('button.service[data-service-id="1"]').click()
    expect(page.locator("#confirm")).to_be_visible()
    expect(page.locator("#c-not-enrolled")).to_be_visible()
    expect(page.locator("#c-slip")).to_be_hidden()
    ticket = page.evaluate("window.onewindowKiosk.issued.at(-1).ticket")
    assert printed_for(server, ticket) == []
    assert server.rows("SELECT count(*) FROM print_job") == [(0,)]


def test_only_a_kiosk_enrolled_for_priority_offers_it(server, page):
    page.goto(server.enrolment_link("desk", offers_priority=True))
    page.locator("#enrol-button").click()
    page.wait_for_url(re.compile(r"/kiosk\?kiosk=desk$"))
    ready(page)
    priority = page.locator("#priority")
    expect(priority).to_be_visible()
    priority.click()
    expect(priority).to_have_attribute("aria-pressed", "true")
    ticket = tap_service(page)
    assert ticket["priority"] is True and printed_for(server, ticket) == ["desk"]
    expect(priority).to_have_attribute("aria-pressed", "false")  # for the next citizen: off again
    assert tap_service(page)["priority"] is False


def test_a_revoked_kiosk_stops_printing(server, page):
    page.goto(server.enrolment_link("hall"))
    page.locator("#enrol-button").click()
    page.wait_for_url(re.compile(r"/kiosk\?kiosk=hall$"))
    ready(page)
    admin = bearer(server.login("admin"))
    assert requests.post(f"{server.api}/admin/kiosks/hall/revoke", headers=admin, timeout=10).status_code == 200
    ticket = tap_service(page)  # refused as the hall, then given as a ticket that is not printed
    assert printed_for(server, ticket) == []
    expect(page.locator("#not-enrolled")).to_be_visible()
    assert saved_key(page) is None


def test_the_admin_page_makes_the_link_that_enrols_a_kiosk(server, page, browser):
    page.goto(f"{server.url}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form [type=submit]").click()
    page.wait_for_url(re.compile(r"/supervisor"))
    page.locator("#admin-link").click()
    page.wait_for_url(re.compile(r"/admin$"))
    page.locator("#admin-kiosks").click()
    page.wait_for_url(re.compile(r"/admin/kiosks$"))
    page.fill("#kiosk-name", "lobby")
    page.locator("#enrol-button").click()
    expect(page.locator("#enrolment")).to_be_visible()
    link = page.locator("#enrol-link").text_content()
    assert "/kiosk/enrol/" in link
    assert page.locator("#enrol-qr").get_attribute("src").startswith("data:image/svg+xml;base64,")
    expect(page.locator('tr[data-kiosk="lobby"]')).to_have_attribute("data-state", "pending")

    kiosk = browser.new_context().new_page()
    kiosk.goto(link)
    kiosk.locator("#enrol-button").click()
    kiosk.wait_for_url(re.compile(r"/kiosk\?kiosk=lobby$"))
    ready(kiosk)
    assert printed_for(server, tap_service(kiosk)) == ["lobby"]
    kiosk.context.close()

    page.reload()
    expect(page.locator('tr[data-kiosk="lobby"]')).to_have_attribute("data-state", "enrolled")
