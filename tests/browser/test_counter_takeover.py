"""The counter screen at a counter another officer works at (issue 9, item 5): it says who,
its buttons are off (the server would refuse them), and it offers to take the counter over,
which works once that officer's citizen is done."""

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.test_counter_day import buttons, choose_counter, counter, staff  # noqa: F401
from tests.e2e.conftest import bearer

pytestmark = pytest.mark.e2e


def test_another_officers_counter_is_shown_as_theirs_and_taken_over_once_free(server, staff):  # noqa: F811
    officer4 = bearer(server.login("officer4"))
    server.take(20)
    called = requests.post(f"{server.api}/counters/4/next", headers=officer4, timeout=10).json()["ticket"]
    assert requests.post(f"{server.api}/tickets/{called['id']}/start", headers=officer4, timeout=10).ok

    page = staff(server, "officer1")
    choose_counter(page, 4)
    expect(page.locator("#holder")).to_be_visible()
    expect(page.locator("#holder-name")).to_have_text("officer4")
    expect(page.locator("#number")).to_have_text(called["number"])
    assert not any(buttons(page).values())  # finish, transfer…: the server would say 403
    expect(page.locator("#btn-sign-in")).to_be_disabled()  # officer4's citizen is still there
    expect(page.locator("#holder-busy")).to_be_visible()
    assert counter(server, 4)["officer"]["username"] == "officer4"  # opening it took nothing

    # officer4's citizen is done: now the counter can be taken over.
    assert requests.post(f"{server.api}/tickets/{called['id']}/finish", headers=officer4, timeout=10).ok
    expect(page.locator("#btn-sign-in")).to_be_enabled()
    expect(page.locator("#holder-busy")).to_be_hidden()
    page.click("#btn-sign-in")
    expect(page.locator("#holder")).to_be_hidden()
    expect(page.locator("#btn-next")).to_be_enabled()
    assert counter(server, 4)["officer"]["username"] == "officer1"

    # And officer4's calls there are refused from now on.
    server.take(20)
    refused = requests.post(f"{server.api}/counters/4/next", headers=officer4, timeout=10)
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "not_your_counter")
