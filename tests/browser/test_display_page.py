"""The waiting-room TV page in a real browser against the real server: calls appear, Khmer is
drawn with the web font, the page survives a server restart without reloading, and calls
are announced one after another."""

import re
import shutil

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM_ARGS, TV
from tests.e2e.conftest import bearer

pytestmark = pytest.mark.e2e


def take(server, service_id: int) -> dict:
    response = requests.post(f"{server.api}/tickets", json={"service_id": service_id}, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()["ticket"]


def call_next(server, counter_id: int, officer: str) -> dict:
    token = server.login(officer)
    response = requests.post(f"{server.api}/counters/{counter_id}/next", headers=bearer(token), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["ticket"]


def open_display(page, server, query: str = ""):
    """Open /display and wait until it has drawn itself from its first snapshot."""
    page.goto(f"{server.url}/display{query}")
    page.wait_for_function("window.onewindowDisplay && window.onewindowDisplay.snapshots > 0")
    expect(page.locator("body")).not_to_have_class("loading")  # the web fonts are in
    return page


def test_a_call_appears_as_the_newest_with_its_counter(server, page):
    open_display(page, server)
    expect(page.locator("#now-number")).to_have_text("—")
    first = take(server, 1)
    call_next(server, 1, "officer1")
    expect(page.locator("#now-number")).to_have_text(first["number"])
    expect(page.locator("#now-counter")).to_have_text("Counter 1")
    expect(page.locator("#now-counter-km")).to_have_text("បញ្ជរ ១")

    second = take(server, 1)
    call_next(server, 2, "officer2")
    expect(page.locator("#now-number")).to_have_text(second["number"])
    expect(page.locator("#now-counter")).to_have_text("Counter 2")
    expect(page.locator("#history li .number")).to_have_text([first["number"]])

    # The same call delivered twice is drawn once.
    page.evaluate(
        """() => {
            const state = window.onewindowDisplay;
            const newest = [...state.calls.values()].sort((a, b) => b.id - a.id)[0];
            state.socket.listeners("called").forEach((handler) => handler({...newest}));
        }"""
    )
    expect(page.locator("#history li .number")).to_have_text([first["number"]])
    assert page.evaluate("window.onewindowDisplay.calls.size") == 2


def test_the_page_shows_people_waiting_and_the_sample_fee_board(server, page):
    take(server, 1)
    take(server, 1)
    open_display(page, server)
    expect(page.locator('#waiting li[data-service-id="1"] .count')).to_have_text("2")
    expect(page.locator('#waiting li[data-service-id="2"] .count')).to_have_text("0")
    take(server, 2)
    expect(page.locator('#waiting li[data-service-id="2"] .count')).to_have_text("1")
    expect(page.locator("#fees tr").first).to_contain_text("1,000")
    expect(page.locator(".fees .label")).to_contain_text("(sample)")
    expect(page.locator("#clock")).to_have_text(re.compile(r"^\d\d:\d\d:\d\d$"))


def test_a_filtered_display_passes_its_filter_to_the_socket_and_shows_only_that(server, page):
    services = requests.get(f"{server.api}/services", timeout=10).json()["services"]
    no_fee = next(s for s in services if s["fee_riel"] is None)
    counters = requests.get(f"{server.api}/counters", timeout=10).json()["counters"]
    counter_three = next(c for c in counters if c["id"] == 3)

    open_display(page, server, "?counters=3")
    follow = page.evaluate("window.onewindowDisplay.follow")
    assert follow["counter_ids"] == [3]  # ?counters=3 reached the server's request.args
    expect(page.locator("#waiting li")).to_have_count(len(counter_three["service_ids"]))

    take(server, 1)
    transport = take(server, counter_three["service_ids"][0])
    call_next(server, 1, "officer1")  # not for this display
    call_next(server, 3, "officer3")
    expect(page.locator("#now-number")).to_have_text(transport["number"])
    assert page.evaluate("window.onewindowDisplay.calls.size") == 1

    open_display(page, server, f"?services={no_fee['id']}")
    expect(page.locator("#fees tr")).to_have_count(1)
    expect(page.locator("#fees tr .fee")).to_have_text("—")


def test_khmer_is_drawn_with_the_web_font_from_vendor(server, page):
    open_display(page, server)
    assert page.evaluate("""document.fonts.check('16px "Noto Sans Khmer"', 'ក')""")
    assert page.evaluate("""document.fonts.check('16px "Noto Sans Khmer"')""")
    fetched = page.evaluate("performance.getEntriesByType('resource').map((entry) => entry.name)")
    khmer_files = [url for url in fetched if "/vendor/@fontsource/noto-sans-khmer/files/" in url]
    assert any("khmer-400-normal.woff2" in url for url in khmer_files), fetched
    assert any("khmer-700-normal.woff2" in url for url in khmer_files), fetched

    # What Chromium really drew the Khmer heading with: the web font, and nothing else.
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    for selector in ('.now .label [lang="km"]', "#date-km"):
        # The date is rewritten every second, which can swap its node between two calls.
        for _attempt in range(5):
            root = cdp.send("DOM.getDocument")["root"]["nodeId"]
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            if fonts:
                break
        assert fonts, selector
        assert {(f["familyName"], f["isCustomFont"]) for f in fonts} == {("Noto Sans Khmer", True)}, (selector, fonts)


def test_after_a_server_restart_the_page_redraws_itself_without_reloading(server, page):
    open_display(page, server)
    ticket = take(server, 1)
    call_next(server, 1, "officer1")
    expect(page.locator("#now-number")).to_have_text(ticket["number"])
    page.evaluate("window.sameDocument = 'still here'")
    banner = page.locator("#banner")
    expect(banner).to_be_hidden()

    server.kill()
    expect(banner).to_be_visible(timeout=5000)
    # Scribble over the screen: only a redraw from the new snapshot puts the call back.
    page.evaluate("document.getElementById('now-number').textContent = '?'")

    server.restart()
    expect(banner).to_be_hidden(timeout=15_000)
    expect(page.locator("#now-number")).to_have_text(ticket["number"])
    expect(page.locator("#now-counter")).to_have_text("Counter 1")
    assert page.evaluate("window.sameDocument") == "still here"
    assert page.evaluate("window.onewindowDisplay.connects") == 2
    # The call it already knew is not announced a second time.
    assert (
        page.evaluate("window.onewindowAnnouncements.map((a) => a.id)").count(
            page.evaluate("[...window.onewindowDisplay.calls.keys()][0]")
        )
        == 1
    )


def test_a_call_made_while_the_page_was_cut_off_is_shown_and_announced_when_it_is_back(server, page):
    open_display(page, server, "?lang=km")
    page.evaluate("window.onewindowDisplay.socket.disconnect()")
    expect(page.locator("#banner")).to_be_visible()
    ticket = take(server, 1)
    call_next(server, 1, "officer1")
    page.evaluate("window.onewindowDisplay.socket.connect()")
    expect(page.locator("#banner")).to_be_hidden()
    expect(page.locator("#now-number")).to_have_text(ticket["number"])
    page.wait_for_function("window.onewindowAnnouncements.length === 1")
    assert page.evaluate("window.onewindowAnnouncements[0].number") == ticket["number"]


def test_calls_that_come_together_are_announced_one_after_another(server, page, english_clips):
    open_display(page, server, "?lang=en")
    first, second = take(server, 1), take(server, 1)
    call_next(server, 1, "officer1")
    call_next(server, 2, "officer2")
    page.wait_for_function(
        "window.onewindowAnnouncements.length === 2 && window.onewindowAnnouncements.every((a) => a.end !== null)",
        timeout=25_000,
    )
    announcements = page.evaluate("window.onewindowAnnouncements")
    assert [a["number"] for a in announcements] == [first["number"], second["number"]]
    assert [a["spoken"] for a in announcements] == [["en"], ["en"]]
    one, two = announcements
    assert one["end"] <= two["start"], announcements  # never on top of each other
    assert one["end"] - one["start"] > 2000  # a chime and seven words take a while
    fetched = page.evaluate("performance.getEntriesByType('resource').map((entry) => entry.name)")
    for clip in ("number", "a", "0", "1", "counter", "2"):
        assert any(url.endswith(f"/display/voice/en/{clip}.wav") for url in fetched), clip


def test_without_recorded_khmer_clips_a_call_is_a_chime_only_and_a_recall_is_announced_again(server, page):
    open_display(page, server, "?lang=km")
    if page.evaluate("JSON.parse(document.getElementById('config').textContent).voices.km.length"):
        pytest.skip("this machine has recorded Khmer clips in its instance folder")
    take(server, 1)
    ticket = call_next(server, 1, "officer1")
    page.wait_for_function("window.onewindowAnnouncements.length === 1 && window.onewindowAnnouncements[0].end")
    requests.post(f"{server.api}/tickets/{ticket['id']}/recall", headers=bearer(server.login("officer1")), timeout=10)
    expect(page.locator("#now-recall")).to_be_visible()
    page.wait_for_function("window.onewindowAnnouncements.length === 2 && window.onewindowAnnouncements[1].end")
    announcements = page.evaluate("window.onewindowAnnouncements")
    assert [(a["number"], a["recall"]) for a in announcements] == [(ticket["number"], False), (ticket["number"], True)]
    assert [(a["spoken"], a["skipped"]) for a in announcements] == [([], ["km"]), ([], ["km"])]
    expect(page.locator("#history li")).to_have_count(0)  # one ticket, shown once


def test_a_browser_that_blocks_audio_asks_for_one_tap(server, playwright):
    browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
    try:
        page = browser.new_page(viewport=TV)
        open_display(page, server)
        overlay = page.locator("#sound-overlay")
        expect(overlay).to_be_visible()
        overlay.click()
        expect(overlay).to_be_hidden()
        page.wait_for_function("window.onewindowDisplay && window.onewindowDisplay.sound === 'running'")
    finally:
        browser.close()
