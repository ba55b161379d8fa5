"""The officer's counter screen in a real browser against the real server: a whole day at the
counter with the waiting-room display open beside it, a double click and several tabs that
never call two tickets, keyboard shortcuts, and an answer lost on the way."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import TV
from tests.e2e.conftest import DEMO_PASSWORD, bearer

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}
READY = "window.onewindowCounter && window.onewindowCounter.snapshots > 0 && window.onewindowCounter.counter !== null"


@pytest.fixture
def staff(browser):
    """staff(server, username) -> a page of a fresh browser profile, logged in through /login
    and showing /counter. A JavaScript error on any of its pages fails the test."""
    contexts, errors = [], []

    def open_page(server, username: str):
        context = browser.new_context(viewport=LAPTOP)
        context.set_default_timeout(10_000)
        contexts.append(context)
        context.on("page", lambda p: p.on("pageerror", lambda e: errors.append(str(e))))
        page = context.new_page()
        page.goto(f"{server.url}/counter")
        expect(page).to_have_url(re.compile(r"/login\?next=%2Fcounter$"))
        page.fill("#username", username)
        page.fill("#password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        expect(page).to_have_url(f"{server.url}/counter")
        page.wait_for_function("window.onewindowCounter && window.onewindowCounter.snapshots > 0")
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def choose_counter(page, counter_id: int):
    expect(page.locator("#chooser")).to_be_visible()
    page.click(f'#counter-choices [data-counter-id="{counter_id}"]')
    page.wait_for_function(READY)


def open_tab(context, server):
    """Another tab of the same browser: the same login and the counter it remembers."""
    tab = context.new_page()
    tab.goto(f"{server.url}/counter")
    tab.wait_for_function(READY)
    return tab


def ticket(server, ticket_id: int) -> dict:
    """The ticket as staff read it (GET /tickets/<id> is for staff)."""
    staff = bearer(server.login("supervisor"))
    return requests.get(f"{server.api}/tickets/{ticket_id}", headers=staff, timeout=10).json()["ticket"]


def counter(server, counter_id: int) -> dict:
    token = server.login("supervisor")
    return requests.get(f"{server.api}/counters/{counter_id}", headers=bearer(token), timeout=10).json()["counter"]


def buttons(page) -> dict:
    """Which action buttons are enabled, by action."""
    return page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('[data-action]')]"
        ".map((button) => [button.dataset.action, !button.disabled]))"
    )


def test_an_officers_day_with_the_waiting_room_display_open(server, staff, browser):
    tv_context = browser.new_context(viewport=TV)
    tv = tv_context.new_page()
    tv.goto(f"{server.url}/display")
    tv.wait_for_function("window.onewindowDisplay && window.onewindowDisplay.snapshots > 0")

    page = staff(server, "officer1")
    choose_counter(page, 1)
    expect(page.locator("#counter-name")).to_have_text("Counter 1")
    assert buttons(page) == {
        "next": True,
        "start": False,
        "finish": False,
        "recall": False,
        "no-show": False,
        "transfer": False,
        "pause": True,
    }
    first, second, third = server.take(1), server.take(1), server.take(1)
    expect(page.locator('#waiting li[data-service-id="1"] .count')).to_have_text("3")

    # Call, recall, start, finish.
    page.click("#btn-next")
    expect(page.locator("#number")).to_have_text(first["number"])
    expect(tv.locator("#now-number")).to_have_text(first["number"])
    expect(page.locator("#ticket-status")).to_contain_text("Called")
    expect(page.locator("#timer")).to_have_text(re.compile(r"^0:0\d since called$"))
    expect(page.locator('#waiting li[data-service-id="1"] .count')).to_have_text("2")
    assert buttons(page) == {
        "next": False,
        "start": True,
        "finish": False,
        "recall": True,
        "no-show": True,
        "transfer": True,
        "pause": True,
    }
    page.click("#btn-recall")
    expect(tv.locator("#now-recall")).to_be_visible()
    page.click("#btn-start")
    expect(page.locator("#ticket-status")).to_contain_text("Serving")
    expect(page.locator("#timer")).to_have_text(re.compile(r"^0:0[1-9] since started$"))  # it runs
    expect(page.locator("#btn-finish")).to_be_enabled()
    expect(page.locator("#btn-start")).to_be_disabled()
    page.click("#btn-finish")
    expect(page.locator("#idle")).to_contain_text("Press Call next")
    expect(page.locator("#me-served")).to_have_text("1")
    assert ticket(server, first["id"])["status"] == "done"

    # A citizen who does not come.
    page.click("#btn-next")
    expect(page.locator("#number")).to_have_text(second["number"])
    expect(tv.locator("#now-number")).to_have_text(second["number"])
    page.click("#btn-no-show")
    expect(page.locator("#me-no-show")).to_have_text("1")
    assert ticket(server, second["id"])["status"] == "no_show"

    # One who came to the wrong queue: transferred to land management (H, counter 2).
    page.click("#btn-next")
    expect(page.locator("#number")).to_have_text(third["number"])
    expect(tv.locator("#now-number")).to_have_text(third["number"])
    page.click("#btn-transfer")
    expect(page.locator("#transfer")).to_be_visible()
    expect(page.locator('#transfer-choices [data-service-id="1"]')).to_have_count(0)  # not its own
    page.click('#transfer-choices [data-service-id="8"]')
    expect(page.locator("#message")).to_contain_text(f"{third['number']} sent to H")
    expect(page.locator("#idle")).to_be_visible()
    moved = ticket(server, third["id"])
    assert (moved["status"], moved["service_id"], moved["number"]) == ("waiting", 8, third["number"])

    # A break.
    page.click("#btn-pause")
    expect(page.locator("#paused-badge")).to_be_visible()
    expect(page.locator("#btn-next")).to_be_disabled()
    expect(page.locator("#btn-pause")).to_contain_text("Resume")
    page.click("#btn-pause")
    expect(page.locator("#paused-badge")).to_be_hidden()
    assert counter(server, 1)["paused"] is False

    page.click("#logout")
    expect(page).to_have_url(f"{server.url}/login")
    tv_context.close()


def test_a_double_click_calls_one_ticket_and_every_tab_shows_it(server, staff):
    first_tab = staff(server, "officer1")
    choose_counter(first_tab, 1)
    second_tab = open_tab(first_tab.context, server)
    expect(second_tab.locator("#counter-name")).to_have_text("Counter 1")  # remembered
    stale_tab = open_tab(first_tab.context, server)
    stale_tab.evaluate("window.onewindowCounter.socket.disconnect()")  # hears nothing from now on
    tickets = [server.take(1) for _ in range(3)]

    first_tab.dblclick("#btn-next")
    expect(first_tab.locator("#number")).to_have_text(tickets[0]["number"])
    assert first_tab.evaluate("window.onewindowCounter.posts") == 1
    assert counter(server, 1)["current"]["id"] == tickets[0]["id"]
    assert [ticket(server, t["id"])["status"] for t in tickets] == ["called", "waiting", "waiting"]

    # The other tab follows, and will not call while the counter holds a ticket.
    expect(second_tab.locator("#number")).to_have_text(tickets[0]["number"])
    expect(second_tab.locator("#btn-next")).to_be_disabled()
    expect(second_tab.locator("#btn-start")).to_be_enabled()

    # A tab that missed the news still believes the counter is free; the server says no and
    # the tab shows what the server says.
    expect(stale_tab.locator("#btn-next")).to_be_enabled()
    stale_tab.click("#btn-next")
    expect(stale_tab.locator("#number")).to_have_text(tickets[0]["number"])
    expect(stale_tab.locator("#message")).to_contain_text(f"still on ticket {tickets[0]['number']}")
    expect(stale_tab.locator("#btn-next")).to_be_disabled()
    assert [ticket(server, t["id"])["status"] for t in tickets] == ["called", "waiting", "waiting"]

    # Starting in the second tab shows in the first.
    second_tab.click("#btn-start")
    expect(first_tab.locator("#ticket-status")).to_contain_text("Serving")
    expect(first_tab.locator("#btn-finish")).to_be_enabled()


def test_keyboard_shortcuts_and_an_answer_lost_on_the_way(server, staff):
    page = staff(server, "officer1")
    losing = {"answers": False, "lost": 0}

    def lose_the_answer_when_told(route):
        if not losing["answers"]:
            route.continue_()
            return
        route.fetch()  # the server does the work...
        route.abort()  # ...and its answer is lost on the way back
        losing["lost"] += 1

    # Set up before anything is sent (a route added later may miss the first request).
    page.route("**/api/v1/counters/1/next", lose_the_answer_when_told)
    choose_counter(page, 1)
    tickets = [server.take(1) for _ in range(4)]

    page.keyboard.press("n")
    expect(page.locator("#number")).to_have_text(tickets[0]["number"])
    page.keyboard.press("s")
    expect(page.locator("#ticket-status")).to_contain_text("Serving")
    page.keyboard.press("f")
    expect(page.locator("#me-served")).to_have_text("1")

    # Keys typed into a field are text, not actions.
    posts = page.evaluate("window.onewindowCounter.posts")
    page.evaluate("document.body.append(Object.assign(document.createElement('input'), {id: 'note'}))")
    page.click("#note")
    page.keyboard.type("nspx")
    expect(page.locator("#note")).to_have_value("nspx")
    expect(page.locator("#idle")).to_be_visible()
    page.evaluate("document.activeElement.blur()")

    page.keyboard.press("n")
    expect(page.locator("#number")).to_have_text(tickets[1]["number"])
    # Only the "n" pressed outside the field went to the server, and it called one ticket.
    assert page.evaluate("window.onewindowCounter.posts") == posts + 1
    assert ticket(server, tickets[2]["id"])["status"] == "waiting"
    page.keyboard.press("r")
    page.wait_for_function(f"window.onewindowCounter.posts === {posts + 2} && !window.onewindowCounter.busy")
    page.keyboard.press("t")
    expect(page.locator("#transfer")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#transfer")).to_be_hidden()
    page.keyboard.press("x")
    expect(page.locator("#me-no-show")).to_have_text("1")
    page.keyboard.press("p")
    expect(page.locator("#paused-badge")).to_be_visible()
    posts = page.evaluate("window.onewindowCounter.posts")
    page.keyboard.press("n")  # paused: calls nobody
    page.keyboard.press("p")
    expect(page.locator("#paused-badge")).to_be_hidden()
    # The resume was the only request: the "n" before it sent nothing and called nobody.
    page.wait_for_function(f"!window.onewindowCounter.busy && window.onewindowCounter.posts >= {posts + 1}")
    assert page.evaluate("window.onewindowCounter.posts") == posts + 1
    assert counter(server, 1)["current"] is None
    assert ticket(server, tickets[2]["id"])["status"] == "waiting"

    # The server calls the ticket but its answer never reaches the page: the page asks the
    # server what the counter holds and shows it; the ticket is neither lost nor called twice.
    losing["answers"] = True
    page.keyboard.press("n")
    expect(page.locator("#number")).to_have_text(tickets[2]["number"])
    expect(page.locator("#message")).to_contain_text("did not answer")
    assert losing["lost"] == 1
    assert counter(server, 1)["current"]["id"] == tickets[2]["id"]
    assert ticket(server, tickets[3]["id"])["status"] == "waiting"
