"""The administrator's staff and settings pages in a real browser, against the real server:
adding an officer (a refused password says so next to its field), and disabling them, which
logs them out of the counter screen they have open; the settings page puts a refused opening
day's message in that day's row, and a saved office name is on the TV at once."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.test_counter_day import LAPTOP, READY
from tests.e2e.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def logged_in(browser, server, username: str, password: str, path: str):
    """A page of a fresh browser profile, logged in through /login and showing `path`."""
    context = browser.new_context(viewport=LAPTOP)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []  # JavaScript errors, and anything the Content-Security-Policy refused
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(f"{server.url}{path}")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{server.url}{path}")
    page.js_errors = errors
    return page


def test_disabling_an_officer_logs_them_out_of_their_open_counter_screen(server, browser):
    admin = logged_in(browser, server, "admin", DEMO_PASSWORD, "/admin/users")
    expect(admin.locator('tr[data-user="officer1"]')).to_be_visible()

    admin.fill("#new-username", "dara")
    admin.fill("#new-password", "short")
    admin.select_option("#new-role", "officer")
    admin.click("#add-user-button")
    message = admin.locator('#add-user .field-error[data-field="password"]')
    expect(message).to_contain_text("at least 8 characters")
    expect(admin.locator("#new-password")).to_have_attribute("aria-invalid", "true")

    admin.fill("#new-password", "dara-password")
    admin.click("#add-user-button")
    expect(admin.locator('tr[data-user="dara"]')).to_have_attribute("data-active", "true")
    expect(message).to_have_count(0)

    officer = logged_in(browser, server, "dara", "dara-password", "/counter")
    officer.wait_for_function("window.onewindowCounter && window.onewindowCounter.snapshots > 0")
    expect(officer.locator("#chooser")).to_be_visible()
    officer.click('#counter-choices [data-counter-id="1"]')
    officer.wait_for_function(READY)

    admin.once("dialog", lambda dialog: dialog.accept())  # "Disable dara? They are logged out…"
    admin.locator('tr[data-user="dara"] button.disable').click()
    disabled_at = time.monotonic()
    expect(admin.locator('tr[data-user="dara"]')).to_have_attribute("data-active", "false")

    officer.wait_for_url(re.compile(r"/login\?next=%2Fcounter"), timeout=5_000)
    print(f"\ncounter screen on the login page {time.monotonic() - disabled_at:.2f} s after the click")
    assert server.rows("SELECT kind FROM event WHERE kind = 'user_disabled'") == [("user_disabled",)]
    assert not admin.js_errors and not officer.js_errors
    officer.context.close()
    admin.context.close()


def test_the_settings_page_shows_a_refused_day_in_its_row_and_a_saved_name_reaches_the_tv(server, browser):
    admin = logged_in(browser, server, "admin", DEMO_PASSWORD, "/admin/settings")
    admin.wait_for_function("window.onewindowSettings && window.onewindowSettings.settings")
    expect(admin.locator("#timezone")).to_have_value("Asia/Phnom_Penh")

    admin.fill("#office-name-en", "Daun Penh OWSO")
    admin.fill("#hours-mon .day-opens", "17:00")
    admin.fill("#hours-mon .day-closes", "07:30")
    admin.click("#save-settings")
    expect(admin.locator("#hours-mon .day-message .field-error")).to_contain_text("must be before it closes")
    expect(admin.locator("#settings-saved")).to_be_hidden()

    admin.fill("#hours-mon .day-opens", "07:30")
    admin.fill("#hours-mon .day-closes", "17:00")
    admin.click("#save-settings")
    expect(admin.locator("#settings-saved")).to_be_visible()
    expect(admin.locator("#hours-mon .day-message .field-error")).to_have_count(0)

    tv = admin.context.new_page()
    tv.goto(f"{server.url}/display")
    expect(tv.locator(".office").first).to_contain_text("Daun Penh OWSO")

    admin.goto(f"{server.url}/admin/history")
    change = admin.locator('#history tr[data-kind="settings_changed"]').first
    expect(change.locator('li[data-field="office_name_en"] .after')).to_have_text("Daun Penh OWSO")
    expect(change.locator(".who")).to_have_text("admin")
    # A kind nothing has been done of yet: the page says so (and throws nothing).
    admin.select_option("#history-kind", "display_added")
    expect(admin.locator("#history tr[data-kind]")).to_have_count(0)
    expect(admin.locator("#history")).to_contain_text("No changes yet.")
    assert not admin.js_errors
    admin.context.close()
