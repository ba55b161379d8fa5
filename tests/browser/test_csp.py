"""The Content-Security-Policy (onewindow/headers.py) in a real browser: every page works under
it without one refusal, and no page, not even one on the server's own origin, can frame a staff
page."""

import re

import pytest
import requests
from playwright.sync_api import expect

from office.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}
# Every refusal the page sees, as its securitypolicyviolation event reports it.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=LAPTOP)
    context.set_default_timeout(10_000)
    context.add_init_script(RECORD_VIOLATIONS)
    yield context
    context.close()


def log_in(page, server, username: str) -> None:
    page.goto(f"{server.url}/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/login"))


def test_every_page_runs_under_the_policy_without_a_refusal(server, context):
    ticket = requests.post(f"{server.api}/tickets", json={"service_id": 1}, timeout=10).json()["ticket"]
    enrolment = server.enrolment_link("hall").rsplit("/kiosk/enrol/", 1)[1]
    page = context.new_page()
    refused = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    visited = {}
    for path in ("/kiosk", f"/t/{ticket['token']}", "/display", "/login", f"/kiosk/enrol/{enrolment}"):
        page.goto(f"{server.url}{path}")
        expect(page.locator("body")).not_to_have_class(re.compile(r"\bloading\b"))  # fonts in, module ran
        visited[path] = page.evaluate("window.cspViolations")
    log_in(page, server, "supervisor")
    for path, ready in (
        ("/supervisor", "window.onewindowSupervisor && window.onewindowSupervisor.loads > 0"),
        ("/counter", "window.onewindowCounter && window.onewindowCounter.snapshots > 0"),
    ):
        page.goto(f"{server.url}{path}")
        page.wait_for_function(ready)  # its API answers and its Socket.IO snapshot came in
        visited[path] = page.evaluate("window.cspViolations")
    # The administrator enrols a kiosk: its one-time link is shown as a QR code (a data: image).
    admin = context.browser.new_context(viewport=LAPTOP)
    admin.add_init_script(RECORD_VIOLATIONS)
    admin_page = admin.new_page()
    admin_page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    log_in(admin_page, server, "admin")
    admin_page.goto(f"{server.url}/admin/kiosks")
    admin_page.fill("#kiosk-name", "lobby")
    admin_page.click("#enrol-button")
    admin_page.wait_for_function(
        "document.getElementById('enrol-qr').complete && document.getElementById('enrol-qr').naturalWidth"
    )
    visited["/admin/kiosks"] = admin_page.evaluate("window.cspViolations")
    admin.close()
    assert all(found == [] for found in visited.values()), visited
    assert refused == []


def test_a_page_of_the_same_origin_cannot_frame_the_supervisor_view(server, context):
    page = context.new_page()
    log_in(page, server, "supervisor")
    # The attacker's page, served (here by the browser itself) from the server's own origin.
    page.route(
        f"{server.url}/framer.html",
        lambda route: route.fulfill(
            content_type="text/html", body='<!doctype html><iframe id="victim" src="/supervisor"></iframe>'
        ),
    )
    refused = []
    page.on("console", lambda message: "frame-ancestors" in message.text and refused.append(message.text))
    page.goto(f"{server.url}/framer.html")
    victim = page.frame(name="victim")
    for _ in range(50):  # up to 5 s for the frame's navigation to end
        if victim.url not in ("", "about:blank"):
            break
        page.wait_for_timeout(100)
    assert not victim.url.startswith(server.url), f"/supervisor was shown in the frame: {victim.url}"
    assert any("frame-ancestors 'none'" in text for text in refused), refused
