"""What tells a supervisor whether the record and the service can be trusted, in a real browser
against the real server: the event log's panel on /supervisor (never verified, then "Verify now":
intact with the number of events checked; after a row is altered in the server's database, the
red BROKEN alert naming the event), and a citizen's rating that says a payment was asked beyond
the official fee: in the supervisor's signals of today and, on /reports, in the payment-asked
list, the citizens' comments and the rating columns of the services, counters and officers.
A comment is the public's text: it is shown as text, never run as markup."""

import re
import sqlite3

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import _wait_for_function
from tests.e2e.conftest import DEMO_PASSWORD, bearer

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}
SERVICE, OFFICER = 1, "officer1"
PAID = "asked for 20000 riel"
MARKUP = '<img src="x" id="injected"> <b>very</b> good'
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def supervisor(browser, server):
    """A 1366x768 page logged in as the demo supervisor on /supervisor; a JavaScript error or a
    refusal of the Content-Security-Policy fails the test."""
    context = browser.new_context(viewport=LAPTOP)
    context.set_default_timeout(10_000)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server.url}/supervisor")
    page.fill("#username", "supervisor")
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{server.url}/supervisor")
    _wait_for_function(page, "window.onewindowSupervisor && window.onewindowSupervisor.loads > 0")
    _wait_for_function(page, "window.onewindowSupervisor.auditLoads > 0")
    yield page
    violations = page.evaluate("window.cspViolations")
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert violations == [], violations


def serve_and_rate(server, rating: int, payment_asked: bool | None, comment: str | None) -> dict:
    """A citizen takes a ticket of SERVICE; OFFICER calls, starts and finishes it at a counter
    serving it; the citizen rates it from the status page's API. The ticket, with its counter."""
    headers = bearer(server.login(OFFICER))
    counters = requests.get(f"{server.api}/counters", headers=headers, timeout=10).json()["counters"]
    counter = next(c for c in counters if SERVICE in c["service_ids"])
    ticket = server.take(SERVICE)
    called = requests.post(f"{server.api}/counters/{counter['id']}/next", headers=headers, timeout=10)
    assert called.status_code == 200, called.text
    assert called.json()["ticket"]["id"] == ticket["id"]
    for action in ("start", "finish"):
        answer = requests.post(f"{server.api}/tickets/{ticket['id']}/{action}", headers=headers, timeout=10)
        assert answer.status_code == 200, answer.text
    body = {"rating": rating, "payment_asked": payment_asked, "comment": comment}
    rated = requests.post(f"{server.api}/status/{ticket['token']}/feedback", json=body, timeout=10)
    assert rated.status_code == 201, rated.text
    return {**ticket, "counter_id": counter["id"], "counter": counter["name"]}


def test_the_event_log_panel_verifies_the_chain_and_shows_where_it_breaks(server, supervisor):
    page = supervisor
    panel = page.locator("#audit")
    status = page.locator("#audit-status")
    expect(panel).to_have_attribute("data-state", "never")
    expect(status).to_contain_text("Never verified")
    expect(panel).to_be_in_viewport()  # on a laptop's screen, without scrolling

    (events,) = server.rows("SELECT MAX(seq) FROM event")[0]
    assert events >= 3
    page.click("#audit-verify")
    expect(panel).to_have_attribute("data-state", "intact")
    expect(status).to_contain_text(
        re.compile(rf"Last verified: \d{{4}}-\d\d-\d\d \d\d:\d\d — intact \({events} events\)")
    )
    expect(page.locator("#audit-verify")).to_be_enabled()
    expect(page.locator("#audit-error")).to_be_hidden()
    # The verification is on the record: a new page reads it back.
    page.reload()
    _wait_for_function(page, "window.onewindowSupervisor && window.onewindowSupervisor.auditLoads > 0")
    expect(status).to_contain_text(f"intact ({events} events)")

    # Someone alters an event in the database: the next verification names it, in red.
    with sqlite3.connect(server.db_path, timeout=5) as db:
        db.execute("UPDATE event SET at = at + 1 WHERE seq = 3")
    db.close()
    page.click("#audit-verify")
    expect(panel).to_have_attribute("data-state", "broken")
    expect(status).to_have_attribute("role", "alert")
    expect(status).to_contain_text("Event log BROKEN at #3:")
    expect(status.locator(".problem")).to_contain_text("#3")
    assert page.evaluate("getComputedStyle(document.getElementById('audit')).backgroundColor") == "rgb(253, 232, 232)"
    assert page.evaluate("getComputedStyle(document.getElementById('audit-status')).color") == "rgb(176, 0, 32)"
    # And it stays so for whoever opens the page next.
    page.reload()
    _wait_for_function(page, "window.onewindowSupervisor && window.onewindowSupervisor.auditLoads > 0")
    expect(panel).to_have_attribute("data-state", "broken")
    expect(status).to_contain_text("BROKEN at #3")


def test_a_verification_the_server_refuses_shows_why(server, supervisor):
    page = supervisor
    page.route(
        "**/api/v1/audit/verify",
        lambda route: route.fulfill(
            status=503,
            content_type="application/json",
            body='{"error": {"code": "unavailable", "message": "The database is busy."}}',
        ),
    )
    page.click("#audit-verify")
    expect(page.locator("#audit-error")).to_be_visible()
    expect(page.locator("#audit-error")).to_contain_text("The database is busy.")
    expect(page.locator("#audit-verify")).to_be_enabled()
    expect(page.locator("#audit")).to_have_attribute("data-state", "never")


def test_a_payment_asked_shows_in_the_signals_the_comments_and_the_ratings(server, supervisor):
    page = supervisor
    expect(page.locator("#payment-asked li.empty")).to_have_count(1)

    paid = serve_and_rate(server, 1, True, PAID)
    # Live: the rating's event makes the page read today's signals again.
    item = page.locator("#payment-asked li:not(.empty)")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(f"{paid['number']} · {paid['counter']} · {OFFICER} · 1/5 · {PAID}")
    expect(item).to_contain_text(re.compile(r"^\d\d:\d\d · "))

    happy = serve_and_rate(server, 5, False, MARKUP)  # a comment, no payment asked
    serve_and_rate(server, 3, None, None)  # a rating alone, the payment question unanswered
    page.wait_for_timeout(1500)  # the signals read again: still only the payment asked
    expect(page.locator("#payment-asked li:not(.empty)")).to_have_count(1)

    page.click("#reports-link")
    expect(page).to_have_url(f"{server.url}/reports")
    _wait_for_function(page, "window.onewindowReports && window.onewindowReports.loads > 0")
    _wait_for_function(page, "window.onewindowReports.commented === window.onewindowReports.loads")

    # The integrity signals of the period.
    listed = page.locator("#payment-asked li:not(.empty)")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(f"{paid['number']} · {paid['counter']} · {OFFICER} · 1/5 · {PAID}")

    # The comments, newest first, the public's text as text.
    rows = page.locator("#comments tr[data-ticket-id]")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-ticket-id", str(happy["id"]))
    expect(rows.nth(0).locator(".comment")).to_have_text(MARKUP)
    expect(rows.nth(0).locator(".rating")).to_have_text("5 / 5")
    expect(page.locator("#injected")).to_have_count(0)
    expect(page.locator("#comments b")).to_have_count(0)
    first = rows.nth(1)
    expect(first.locator(".number")).to_have_text(paid["number"])
    expect(first.locator(".comment")).to_have_text(PAID)
    expect(first.locator(".rating")).to_have_text("1 / 5")
    expect(first).to_contain_text(OFFICER)
    expect(first).to_contain_text(paid["counter"])
    expect(first.locator(".service")).to_contain_text("A ·")
    expect(page.locator("#comments-total")).to_have_text("· 2")

    # The rating columns: 3 ratings (1, 5, 3), mean 3.0; of the 2 who answered, 1 was asked.
    for table, row_id in (("services", SERVICE), ("counters", paid["counter_id"])):
        row = page.locator(f'#{table} tr[data-id="{row_id}"]')
        expect(row.locator(".ratings")).to_have_text("3")
        expect(row.locator(".rating-mean")).to_have_text("3.0 / 5")
        expect(row.locator(".payment-share")).to_have_text("50 % (1/2)")
    officer = page.locator("#officers tr[data-id]").filter(has_text=OFFICER)
    expect(officer.locator(".payment-share")).to_have_text("50 % (1/2)")
    expect(officer.locator(".rating-mean")).to_have_text("3.0 / 5")
    expect(page.locator("#services-head")).to_contain_text("Mean rating")
    # A service nobody rated: its mean and share are "—", its ratings 0.
    unrated = page.locator('#services tr[data-id="2"]')
    if unrated.count():
        expect(unrated.locator(".rating-mean")).to_have_text("—")
        expect(unrated.locator(".payment-share")).to_have_text("—")

    # Filtered to another officer: no comment of theirs.
    loads = page.evaluate("window.onewindowReports.loads")
    other = page.evaluate(
        "JSON.parse(document.getElementById('config').textContent).officers.find((o) => o.username === 'officer2').id"
    )
    page.select_option("#officer", str(other))
    _wait_for_function(page, f"window.onewindowReports.commented > {loads}")
    expect(page.locator("#comments tr[data-ticket-id]")).to_have_count(0)
    expect(page.locator("#comments td.empty")).to_have_count(1)
