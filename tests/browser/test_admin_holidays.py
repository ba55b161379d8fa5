"""The office's public holidays, set by its administrator on /admin/settings: two added (out of
order), saved, and listed by date after a reload, as GET /api/v1/admin/settings gives them;
one removed and saved: gone; the same day added twice: the server's refusal shows in that
holiday's row and next to the section, and nothing changes."""

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import _wait_for_function
from tests.browser.test_admin_staff import logged_in
from tests.e2e.conftest import DEMO_PASSWORD, bearer, login
from tests.test_kiosk_pages import compile_catalogues

pytestmark = pytest.mark.e2e

VICTORY = {"date": "2027-01-07", "name": "Victory over Genocide Day"}
NEW_YEAR = {"date": "2027-01-01", "name": "International New Year Day"}
LOADED = "window.onewindowSettings && window.onewindowSettings.settings !== null"


@pytest.fixture(autouse=True, scope="module")
def _catalogues():
    compile_catalogues()


def settings(server, token) -> dict:
    answer = requests.get(f"{server.api}/admin/settings", headers=bearer(token), timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def add(page, holiday):
    page.fill("#holiday-date", holiday["date"])
    page.fill("#holiday-name", holiday["name"])
    page.click("#holiday-add")


def listed(page) -> list[tuple[str, str]]:
    rows = page.locator("#holidays tr[data-date]")
    return [(row.get_attribute("data-date"), row.locator(".holiday-name").inner_text()) for row in rows.all()]


def test_an_administrator_lists_the_public_holidays(server, browser):
    token = login(server.url, "admin", DEMO_PASSWORD)
    if "holidays" not in settings(server, token):
        pytest.skip("GET /api/v1/admin/settings has no `holidays` yet: the API's side of the setting has not landed")

    admin = logged_in(browser, server, "admin", DEMO_PASSWORD, "/admin/settings")
    _wait_for_function(admin, LOADED)
    expect(admin.locator("#holidays tr[data-date]")).to_have_count(0)

    # Two added out of order: listed by date at once, and after saving and a reload.
    add(admin, VICTORY)
    add(admin, NEW_YEAR)
    assert listed(admin) == [(NEW_YEAR["date"], NEW_YEAR["name"]), (VICTORY["date"], VICTORY["name"])]
    admin.click("#save-holidays")
    expect(admin.locator("#holidays-saved")).to_be_visible()
    admin.reload()
    _wait_for_function(admin, LOADED)
    expect(admin.locator("#holidays tr[data-date]")).to_have_count(2)
    assert listed(admin) == [(NEW_YEAR["date"], NEW_YEAR["name"]), (VICTORY["date"], VICTORY["name"])]
    expect(admin.locator(f'#holidays tr[data-date="{NEW_YEAR["date"]}"] .holiday-date')).to_contain_text("Friday")
    assert settings(server, token)["holidays"] == [NEW_YEAR, VICTORY]

    # One removed, saved: gone, here and in the API.
    admin.locator(f'#holidays tr[data-date="{VICTORY["date"]}"] button.remove').click()
    expect(admin.locator("#holidays tr[data-date]")).to_have_count(1)
    admin.click("#save-holidays")
    expect(admin.locator("#holidays-saved")).to_be_visible()
    assert settings(server, token)["holidays"] == [NEW_YEAR]
    admin.reload()
    _wait_for_function(admin, LOADED)
    expect(admin.locator("#holidays tr[data-date]")).to_have_count(1)
    assert listed(admin) == [(NEW_YEAR["date"], NEW_YEAR["name"])]

    # The same day twice: refused by the server, its message in the second one's row.
    add(admin, {"date": NEW_YEAR["date"], "name": "New Year, again"})
    admin.click("#save-holidays")
    note = admin.locator('#holidays tr.refused .field-error[data-field="holidays.1.date"]')
    expect(note).to_contain_text("listed twice")
    expect(admin.locator("#holidays-form .problem")).to_be_visible()
    expect(admin.locator("#holidays-form .problem")).to_contain_text("New Year, again")
    expect(admin.locator("#holidays-saved")).to_be_hidden()
    assert settings(server, token)["holidays"] == [NEW_YEAR]

    # Removing the second one clears the message; the list saves again.
    admin.locator("#holidays tr.refused button.remove").click()
    expect(note).to_have_count(0)
    expect(admin.locator("#holidays-form .problem")).to_be_hidden()
    admin.click("#save-holidays")
    expect(admin.locator("#holidays-saved")).to_be_visible()
    assert settings(server, token)["holidays"] == [NEW_YEAR]

    assert not admin.js_errors
    admin.context.close()
