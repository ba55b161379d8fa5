"""The Reports page in a real browser against the real server: after a few tickets served
through the API, the supervisor opens /reports, chooses today and one service, and reads the
served count, sees the charts drawn and an export link carrying the period and the filter,
with no refusal from the Content-Security-Policy and no JavaScript error."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import _wait_for_function
from tests.e2e.conftest import DEMO_PASSWORD, bearer

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""


def serve_tickets(server, service_id: int, how_many: int) -> None:
    """officer1 calls, starts and finishes `how_many` tickets of the service at a counter that serves it."""
    token = server.login("officer1")
    counters = requests.get(f"{server.api}/counters", headers=bearer(token), timeout=10).json()["counters"]
    counter = next(c for c in counters if service_id in c["service_ids"])
    for _ in range(how_many):
        server.take(service_id)
    for _ in range(how_many):
        called = requests.post(f"{server.api}/counters/{counter['id']}/next", headers=bearer(token), timeout=10)
        assert called.status_code == 200, called.text
        ticket = called.json()["ticket"]
        assert ticket["service_id"] == service_id, ticket
        for action in ("start", "finish"):
            answer = requests.post(f"{server.api}/tickets/{ticket['id']}/{action}", headers=bearer(token), timeout=10)
            assert answer.status_code == 200, answer.text


def test_the_supervisor_reads_today_for_one_service(server, browser):
    serve_tickets(server, 1, 2)
    server.take(2)  # another service's ticket, still waiting: not in the filtered figures

    context = browser.new_context(viewport=LAPTOP)
    context.set_default_timeout(10_000)
    context.add_init_script(RECORD_VIOLATIONS)
    errors = []
    context.on("page", lambda p: p.on("pageerror", lambda e: errors.append(str(e))))
    try:
        page = context.new_page()
        page.goto(f"{server.url}/supervisor")
        page.fill("#username", "supervisor")
        page.fill("#password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        expect(page).to_have_url(f"{server.url}/supervisor")
        page.click("#reports-link")  # the header's link
        expect(page).to_have_url(f"{server.url}/reports")
        _wait_for_function(page, "window.onewindowReports && window.onewindowReports.loads > 0")

        # Unfiltered: both services are there.
        expect(page.locator('#services tr[data-id="2"]')).to_have_count(1)

        page.check('input[name="period"][value="today"]')
        loads = page.evaluate("window.onewindowReports.loads")
        page.select_option("#service", "1")
        _wait_for_function(page, f"window.onewindowReports.loads > {loads}")
        rows = page.locator("#services tr[data-id]")
        expect(rows).to_have_count(1)
        served = rows.first.locator("td").nth(2)  # name, issued, served, …
        expect(served).to_have_text("2")
        expect(rows.first.locator("td").nth(1)).to_have_text("2")
        expect(page.locator("#officers-time tr[data-id]")).to_have_count(1)

        # The charts, drawn in SVG: arrivals by hour (bars and the wait line), share within target.
        expect(page.locator("#chart-hours svg rect.chart-bar")).not_to_have_count(0)
        expect(page.locator("#chart-target svg rect.chart-bar")).to_have_count(1)
        _wait_for_function(page, "window.onewindowReports.charted === window.onewindowReports.loads")
        expect(page.locator("#chart-days svg")).to_have_count(1)

        # The exports carry the period and the filter.
        today = page.evaluate("JSON.parse(document.getElementById('config').textContent).today")
        for link in ("#summary-csv", "#summary-xlsx"):
            query = parse_qs(urlsplit(page.get_attribute(link, "href")).query)
            assert query == {"from": [today], "to": [today], "service": ["1"]}, query
        tickets = urlsplit(page.get_attribute("#tickets-csv", "href"))
        assert tickets.path == "/api/v1/reports/tickets.csv"
        assert parse_qs(tickets.query) == {"from": [today], "to": [today]}
        # The link answers with this period's CSV (the page's session).
        csv = context.request.get(f"{server.url}{page.get_attribute('#summary-csv', 'href')}")
        assert csv.status == 200 and "text/csv" in csv.headers["content-type"]

        # This month: another period, the link follows.
        loads = page.evaluate("window.onewindowReports.loads")
        page.check('input[name="period"][value="this_month"]')
        _wait_for_function(page, f"window.onewindowReports.loads > {loads}")
        href = page.get_attribute("#summary-csv", "href")
        assert re.search(rf"from={today[:8]}01&to={today}", href), href
        # The signals of the period, the whole office's: the two tickets above were finished
        # within a second of their start, so both are listed as rushed; nobody paused.
        _wait_for_function(page, "window.onewindowReports.signalled === window.onewindowReports.loads")
        expect(page.locator("#short-services li:not(.empty)")).to_have_count(2)
        expect(page.locator("#min-service")).to_have_text("60 s")
        expect(page.locator("#long-pauses li.empty")).to_have_count(1)
        # Waits by day: a bar for each day of the month so far, from the summary's own days.
        _wait_for_function(page, "window.onewindowReports.charted === window.onewindowReports.loads")
        expect(page.locator("#chart-days svg rect.chart-bar")).to_have_count(int(today[8:]))

        assert page.evaluate("window.cspViolations") == []
    finally:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
