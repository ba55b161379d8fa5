"""`/`, the first address the server prints: the office's name and every screen, with what
it is for and the address to open on each device."""

import re

import pytest

SCREENS = ["/kiosk", "/display", "/counter", "/supervisor", "/reports", "/admin"]


def test_the_home_page_names_the_office_and_links_every_screen(client, app):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert app.config["OFFICE_NAME"] in html
    links = set(re.findall(r'<a class="name" href="([^"]+)"', html))
    assert set(SCREENS) <= links


@pytest.mark.parametrize("path", SCREENS)
def test_every_screen_the_home_page_links_answers(client, path):
    # The kiosk, the TV and the staff pages open (the staff ones by sending to the login page).
    assert client.get(path).status_code in (200, 302)


def test_the_addresses_to_open_on_each_device_are_the_office_public_address(client, app):
    app.config["PUBLIC_URL"] = "http://10.0.0.5:5000"
    html = client.get("/").get_data(as_text=True)
    for path in SCREENS:
        assert f'<code class="url" lang="en">http://10.0.0.5:5000{path}</code>' in html


def test_the_home_page_is_in_khmer_and_english(client):
    html = client.get("/").get_data(as_text=True)
    assert 'lang="km"' in html and 'lang="en"' in html
    assert "Waiting-room display" in html
