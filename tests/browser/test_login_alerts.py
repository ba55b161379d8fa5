"""Guessing at one user's password from many addresses shows on the supervisor's page at
once (the login_guessing event over /counter), in Khmer and English, and stays there."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD
from tests.security.conftest import client_at

pytestmark = pytest.mark.e2e


@pytest.fixture
def server(start_server):
    """Ten failures for one user from all addresses trip the per-user limit (50 by default)."""
    return start_server(extra_env={"ONEWINDOW_LOGIN_FAILURES_PER_USER": "10"})


def guess(server, address: str, times: int) -> None:
    for _ in range(times):
        answer = client_at(address).post(
            f"{server.api}/login", json={"username": "officer2", "password": "not-it"}, timeout=30
        )
        assert answer.status_code in (401, 429), answer.text


def test_the_supervisor_sees_guessing_from_many_addresses_as_it_happens(server, page):
    page.goto(f"{server.url}/login?next=/supervisor")
    page.fill("#username", "supervisor")
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{server.url}/supervisor")
    page.wait_for_function("window.onewindowSupervisor && window.onewindowSupervisor.connected")
    alerts = page.locator("#login-alerts")
    expect(alerts).to_be_hidden()

    guess(server, "127.0.0.2", 5)
    guess(server, "127.0.0.3", 5)
    expect(alerts).to_be_hidden()  # ten failures: within the limit
    guess(server, "127.0.0.4", 3)  # the limit trips: one alert, however long it goes on

    expect(alerts).to_be_visible()
    items = page.locator("#login-alert-list li")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("officer2: 11 wrong or refused logins from 3 addresses")
    expect(items.first.locator('[lang="km"]')).to_contain_text(re.compile("ពីអាសយដ្ឋាន 3"))

    page.reload()
    expect(page.locator("#login-alert-list li")).to_have_count(1)
