"""An office set up in the browser by its administrator, from nothing to a citizen served, as
the issue tells it: on a new office (no services, no counters, one administrator), the
administrator imports the shared CSV of 25 services, adds a counter for one of them and an
officer; a citizen takes a ticket at an enrolled kiosk; the officer logs in, opens that
counter, calls, serves and finishes the ticket; the administrator disables the officer, and the
officer's open counter screen goes to the login page."""

import re
import subprocess
from importlib import resources

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.test_admin_staff import logged_in
from tests.browser.test_counter_day import READY
from tests.e2e.conftest import DEMO_PASSWORD
from tests.test_kiosk_pages import compile_catalogues

pytestmark = pytest.mark.e2e

SERVICE = "Y"  # the shared CSV's 25th service: what the new counter serves


@pytest.fixture(autouse=True, scope="module")
def _catalogues():
    compile_catalogues()


@pytest.fixture
def new_office(start_server):
    """A real server on an office with nothing in it but its administrator."""
    server = start_server(demo=False)
    add = [*server.command, "user", "add", "admin", "--role", "admin", "--password", DEMO_PASSWORD]
    subprocess.run(add, env=server.env, cwd=server.workdir, check=True, capture_output=True, timeout=60)
    return server


def test_an_administrator_sets_up_a_new_office_and_its_officer_serves_the_first_citizen(new_office, browser):
    server = new_office
    admin = logged_in(browser, server, "admin", DEMO_PASSWORD, "/admin")

    # The services: the shared CSV, checked first, then confirmed.
    admin.click("#admin-services")
    admin.wait_for_url(re.compile(r"/admin/services$"))
    admin.locator("#import-file").set_input_files(str(resources.files("office").joinpath("data/owso-services.csv")))
    admin.click("#import-check")
    expect(admin.locator("#import-added")).to_have_attribute("data-count", "25")
    admin.click("#import-confirm")
    expect(admin.locator("#services tr[data-service-id]")).to_have_count(25)
    ((service_id,),) = server.rows("SELECT id FROM service WHERE prefix = ?", SERVICE)

    # A counter for one of them.
    admin.goto(f"{server.url}/admin/counters")
    admin.fill("#counter-name", "Counter 1")
    admin.locator(f'#counter-services label[data-service-id="{service_id}"] input').check()
    admin.click("#counter-submit")
    expect(admin.locator("#counter-saved")).to_be_visible()
    ((counter_id,),) = server.rows("SELECT id FROM counter WHERE name = 'Counter 1'")

    # An officer.
    admin.goto(f"{server.url}/admin/users")
    admin.fill("#new-username", "sokha")
    admin.fill("#new-password", "sokha-password")
    admin.select_option("#new-role", "officer")
    admin.click("#add-user-button")
    expect(admin.locator('tr[data-user="sokha"]')).to_have_attribute("data-active", "true")

    # A citizen takes a ticket of the new service at an enrolled kiosk.
    key = server.enrol_kiosk("hall")
    taken = requests.post(
        f"{server.api}/tickets", json={"service_id": service_id}, headers={"X-Kiosk-Key": key}, timeout=10
    )
    assert taken.status_code == 201, taken.text
    ticket = taken.json()["ticket"]
    assert ticket["number"] == f"{SERVICE}001"

    # The officer serves it from the counter screen.
    officer = logged_in(browser, server, "sokha", "sokha-password", "/counter")
    officer.wait_for_function("window.onewindowCounter && window.onewindowCounter.snapshots > 0")
    officer.click(f'#counter-choices [data-counter-id="{counter_id}"]')
    officer.wait_for_function(READY)
    expect(officer.locator("#counter-name")).to_have_text("Counter 1")
    officer.click("#btn-next")
    expect(officer.locator("#number")).to_have_text(ticket["number"])
    officer.click("#btn-start")
    expect(officer.locator("#ticket-status")).to_contain_text("Serving")
    officer.click("#btn-finish")
    expect(officer.locator("#me-served")).to_have_text("1")
    ((status, served_by),) = server.rows(
        "SELECT t.status, u.username FROM ticket t JOIN user u ON u.id = t.officer_id WHERE t.id = ?", ticket["id"]
    )
    assert (status, served_by) == ("done", "sokha")

    # Disabled by the administrator: the open counter screen logs out.
    admin.once("dialog", lambda dialog: dialog.accept())
    admin.locator('tr[data-user="sokha"] button.disable').click()
    expect(admin.locator('tr[data-user="sokha"]')).to_have_attribute("data-active", "false")
    officer.wait_for_url(re.compile(r"/login\?next=%2Fcounter"), timeout=5_000)

    # Each step is in the history, by the administrator.
    kinds = {
        kind
        for (kind,) in server.rows(
            "SELECT kind FROM event WHERE kind IN ('services_imported', 'counter_added', 'user_added', 'user_disabled')"
        )
    }
    assert kinds == {"services_imported", "counter_added", "user_added", "user_disabled"}
    assert not admin.js_errors and not officer.js_errors
    officer.context.close()
    admin.context.close()
