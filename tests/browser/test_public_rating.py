"""The citizens' rating on the public page `/office`, in a real browser against the real server:
a column with the mean out of 5 and how many rated, for a service with five ratings or more
this month; "—" for one with fewer; nothing for a service whose figures are not shown. On a
phone the table becomes one card per service, with no sideways scrolling."""

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.conftest import bearer

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1366, "height": 768}


def serve(server, headers: dict, service_id: int) -> dict:
    """A ticket of the service, called, started and finished at a counter serving it."""
    counters = requests.get(f"{server.api}/counters", headers=headers, timeout=10).json()["counters"]
    counter = next(c for c in counters if service_id in c["service_ids"])
    ticket = server.take(service_id)
    called = requests.post(f"{server.api}/counters/{counter['id']}/next", headers=headers, timeout=10)
    assert called.status_code == 200 and called.json()["ticket"]["id"] == ticket["id"], called.text
    for action in ("start", "finish"):
        answer = requests.post(f"{server.api}/tickets/{ticket['id']}/{action}", headers=headers, timeout=10)
        assert answer.status_code == 200, answer.text
    return ticket


def rate(server, ticket: dict, rating: int) -> None:
    body = {"rating": rating, "payment_asked": False}
    answer = requests.post(f"{server.api}/status/{ticket['token']}/feedback", json=body, timeout=10)
    assert answer.status_code == 201, answer.text


@pytest.fixture
def rated_office(server):
    """This month: service 1 served 5 times, rated 5, 4, 4, 3, 5 (mean 4.2); service 2 served
    5 times, rated 4 times (too few to show a mean); nobody came for service 3."""
    headers = bearer(server.login("officer1"))
    for rating in (5, 4, 4, 3, 5):
        rate(server, serve(server, headers, 1), rating)
    for n in range(5):
        ticket = serve(server, headers, 2)
        if n < 4:
            rate(server, ticket, 5)
    figures = requests.get(f"{server.api}/public/figures", timeout=10).json()
    rows = {row["service_id"]: row for row in figures["services"]}
    assert (rows[1]["ratings"], rows[1]["rating_mean"]) == (5, 4.2)
    assert (rows[2]["shown"], rows[2]["ratings"], rows[2]["rating_mean"]) == (True, None, None)
    return server


def open_page(browser, viewport: dict, url: str, errors: list, **options):
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(url)
    return context, page


def test_the_public_page_shows_the_citizens_rating(browser, rated_office):
    server = rated_office
    errors = []
    context, page = open_page(browser, LAPTOP, f"{server.url}/office", errors)
    try:
        expect(page.locator("#figures thead")).to_contain_text("Citizens' rating")
        first = page.locator('#figures tr[data-id="1"] td.rating')
        expect(first.locator(".mean")).to_have_text("4.2 / 5")
        expect(first.locator('.count [lang="en"]')).to_have_text("5 ratings")
        expect(first.locator('.count [lang="km"]')).to_contain_text("5")
        expect(page.locator('#figures tr[data-id="2"] td.rating')).to_have_text("—")  # 4 ratings
        # A service whose figures are not shown shows no rating either.
        expect(page.locator('#figures tr[data-id="3"] td.rating')).to_have_count(0)
        expect(page.locator('#figures tr[data-id="3"] td.too-few')).to_have_attribute("colspan", "5")
        expect(page.locator(".rating-note")).to_contain_text("from 5 ratings")
        # Every row has as many cells as the head has columns.
        heads = page.locator("#figures thead th").count()
        for row_id in ("1", "2", "3"):
            cells = page.evaluate(
                f"""[...document.querySelectorAll('#figures tr[data-id="{row_id}"] td')]
                    .reduce((n, td) => n + td.colSpan, 0)"""
            )
            assert cells == heads, (row_id, cells, heads)
    finally:
        context.close()
    assert not errors, errors


def test_on_a_phone_the_rating_is_a_labelled_line_of_the_services_card(browser, rated_office):
    server = rated_office
    errors = []
    context, page = open_page(
        browser, PHONE, f"{server.url}/office", errors, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    try:
        cell = page.locator('#figures tr[data-id="1"] td.rating')
        expect(cell).to_be_visible()
        expect(cell.locator(".mean")).to_have_text("4.2 / 5")
        assert "Citizens' rating" in cell.get_attribute("data-label")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page scrolls sideways: {width} px wide"
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    finally:
        context.close()
    assert not errors, errors
