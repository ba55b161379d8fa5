"""The supervisor's live view in a real browser against the real server: counters and queues
follow what happens, a queue past its target wait stands out, services are reassigned, a call
out of order needs a reason and lands in today's report; Khmer is drawn with the web font."""

import re
import sqlite3

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, bearer

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def supervisor_page(browser, server):
    context = browser.new_context(viewport=LAPTOP)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server.url}/supervisor")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fsupervisor$"))
    page.fill("#username", "supervisor")
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{server.url}/supervisor")
    page.wait_for_function("window.onewindowSupervisor && window.onewindowSupervisor.loads > 0")
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def post(server, path: str, username: str) -> requests.Response:
    response = requests.post(f"{server.api}{path}", headers=bearer(server.login(username)), timeout=10)
    assert response.status_code == 200, response.text
    return response


def card(page, counter_id: int):
    return page.locator(f'#counters [data-counter-id="{counter_id}"]')


def queue_row(page, service_id: int):
    return page.locator(f'#queues tr[data-service-id="{service_id}"]')


def test_the_supervisor_follows_the_floor_and_acts_on_it(server, supervisor_page):
    page = supervisor_page
    expect(page.locator("#counters article")).to_have_count(4)
    expect(card(page, 1).locator(".card-current")).to_contain_text("Free")

    first, second, third = server.take(1), server.take(1), server.take(1)
    expect(queue_row(page, 1).locator(".waiting-count")).to_have_text("3")

    post(server, "/counters/1/next", "officer1")
    expect(card(page, 1).locator(".number")).to_have_text(first["number"])
    expect(card(page, 1).locator(".status")).to_contain_text("Called")
    expect(card(page, 1).locator(".officer")).to_have_text("officer1")
    expect(card(page, 1).locator(".since")).to_have_text(re.compile(r"^0:0[1-9]$"))  # ticking
    expect(card(page, 1).locator(".call-out-of-order")).to_be_disabled()  # busy
    post(server, "/counters/3/sign-in", "officer3")  # an officer pauses only where signed in
    post(server, "/counters/3/pause", "officer3")
    expect(card(page, 3)).to_have_class(re.compile(r"\bpaused\b"))
    expect(card(page, 3).locator(".badge")).to_contain_text("Paused")

    # A queue past its target wait (20 min in the demo) stands out.
    expect(queue_row(page, 1)).not_to_have_class(re.compile(r"\blate\b"))
    with sqlite3.connect(server.db_path, timeout=5) as db:
        db.execute("UPDATE ticket SET issued_at = issued_at - 25 * 60 * 1000 WHERE id = ?", (second["id"],))
    server.take(2)  # any change makes the page read the overview again
    expect(queue_row(page, 1)).to_have_class(re.compile(r"\blate\b"))
    expect(queue_row(page, 1).locator(".oldest")).to_have_text(re.compile(r"^25:\d\d$"))

    # Counter 4 takes on service A as well.
    card(page, 4).locator(".edit-services").click()
    expect(page.locator("#services-dialog")).to_be_visible()
    page.check('#service-checks input[value="1"]')
    page.click("#services-save")
    expect(page.locator("#services-dialog")).to_be_hidden()
    expect(card(page, 4).locator(".chip").first).to_have_text("A")
    token = server.login("supervisor")
    counter_four = requests.get(f"{server.api}/counters/4", headers=bearer(token), timeout=10).json()["counter"]
    assert 1 in counter_four["service_ids"]

    # A call out of order at counter 4: the reason is required, and it goes on the record.
    card(page, 4).locator(".call-out-of-order").click()
    expect(page.locator("#call-dialog")).to_be_visible()
    expect(page.locator(f'#call-ticket option[value="{first["id"]}"]')).to_have_count(0)  # already called
    page.select_option("#call-ticket", str(third["id"]))
    page.evaluate("document.getElementById('call-reason').required = false")  # the server checks too
    page.click("#call-submit")
    expect(page.locator("#call-error")).to_contain_text("reason is required")
    page.fill("#call-reason", "Pregnant woman, asked by the head of office")
    page.click("#call-submit")
    expect(page.locator("#call-dialog")).to_be_hidden()
    expect(card(page, 4).locator(".number")).to_have_text(third["number"])
    row = page.locator("#report tr").first
    expect(row).to_contain_text(third["number"])
    expect(row.locator(".passed")).to_have_text(second["number"])
    expect(row.locator(".reason")).to_have_text("Pregnant woman, asked by the head of office")
    expect(row).to_contain_text("Counter 4 · supervisor")
    expect(page.locator("#report-empty")).to_be_hidden()
    # And in today's signals, by officer and reason; nothing rushed or long-paused yet.
    expect(page.locator("#out-of-order-officers li")).to_contain_text(
        "supervisor: 1 · Pregnant woman, asked by the head of office (1)"
    )
    expect(page.locator("#short-services li.empty")).to_have_count(1)
    expect(page.locator("#min-service")).to_have_text("60 s")


def test_khmer_is_drawn_with_the_web_font_on_the_staff_pages(server, supervisor_page):
    page = supervisor_page
    pages = (("/supervisor", '.bar .page-name [lang="km"]'), ("/counter", '.action.call [lang="km"]'), ("/login", "h1"))
    for path, selector in pages:
        page.goto(f"{server.url}{path}")
        expect(page.locator("body")).not_to_have_class(re.compile(r"\bloading\b"))
        page.evaluate("document.fonts.ready")
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        # The web fonts only (Noto Sans Khmer, and Noto Sans for any Latin), none of the system's.
        assert "Noto Sans Khmer" in {f["familyName"] for f in fonts}, (path, fonts)
        web_fonts = {("Noto Sans Khmer", True), ("Noto Sans", True)}
        assert {(f["familyName"], f["isCustomFont"]) for f in fonts} <= web_fonts, (path, fonts)
        cdp.detach()
