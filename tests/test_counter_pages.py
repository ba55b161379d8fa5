"""The staff pages with Flask's test client: who may open them, the CSRF token on every page
change (forms and the page's API calls), wrong passwords, and logging out."""

import re

import pytest

from office.demo import DEMO_PASSWORD

# The page's meta tag, or a form's hidden field.
CSRF_TOKEN = re.compile(r'(?:name="csrf-token" content|name="csrf_token"(?: type="hidden")? value)="([^"]+)"')


@pytest.fixture
def client(app):
    # Checked for real: these tests are about the CSRF token.
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


def csrf_token(response) -> str:
    match = CSRF_TOKEN.search(response.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1)


def log_in(client, username: str, password: str = DEMO_PASSWORD, next_page: str | None = None):
    token = csrf_token(client.get("/login"))
    url = "/login" + (f"?next={next_page}" if next_page else "")
    return client.post(url, data={"username": username, "password": password, "csrf_token": token})


def take(client, service_id: int = 1) -> dict:
    response = client.post("/api/v1/tickets", json={"service_id": service_id})
    assert response.status_code == 201, response.json
    return response.json["ticket"]


@pytest.mark.parametrize("path", ["/counter", "/supervisor"])
def test_the_pages_send_a_visitor_without_a_login_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next=%2F{path[1:]}"


def test_an_officer_gets_the_counter_screen_and_a_403_on_the_supervisors_view(client):
    assert log_in(client, "officer1").headers["Location"] == "/counter"
    page = client.get("/counter")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert '<meta name="csrf-token" content="' in html
    assert "Bearer" not in html and "token" not in html.replace("csrf-token", "").replace("csrf_token", "")
    assert client.get("/supervisor").status_code == 403


@pytest.mark.parametrize("username", ["supervisor", "admin"])
def test_supervisors_and_admins_get_both_pages(client, username):
    assert log_in(client, username).headers["Location"] == "/supervisor"
    assert client.get("/supervisor").status_code == 200
    assert client.get("/counter").status_code == 200


def test_after_logging_in_the_page_asked_for_opens_but_never_another_site(client):
    assert log_in(client, "officer1", next_page="/display").headers["Location"] == "/display"
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/counter"))})
    assert log_in(client, "officer1", next_page="https://example.com/").headers["Location"] == "/counter"


def test_a_page_session_changes_nothing_without_the_pages_csrf_token(client):
    ticket = take(client)
    log_in(client, "officer1")
    token = csrf_token(client.get("/counter"))

    refused = client.post("/api/v1/counters/1/next")
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "csrf"
    wrong = client.post("/api/v1/counters/1/next", headers={"X-CSRFToken": token[:-2] + "xx"})
    assert wrong.status_code == 403 and wrong.json["error"]["code"] == "csrf"
    # Reading needs no token, and shows that nothing was called.
    assert client.get("/api/v1/counters/1").json["counter"]["current"] is None

    called = client.post("/api/v1/counters/1/next", headers={"X-CSRFToken": token})
    assert called.status_code == 200
    assert called.json["ticket"]["id"] == ticket["id"]


def test_the_csrf_token_of_another_session_does_not_count(app, client):
    log_in(client, "officer1")
    other = app.test_client()
    log_in(other, "officer2")
    others_token = csrf_token(other.get("/counter"))
    refused = client.post("/api/v1/counters/1/pause", headers={"X-CSRFToken": others_token})
    assert refused.status_code == 403 and refused.json["error"]["code"] == "csrf"


def test_a_wrong_password_is_401_and_after_five_the_user_is_throttled_with_429(client):
    for _ in range(5):
        wrong = log_in(client, "officer1", "not-the-password")
        assert wrong.status_code == 401
        assert "Wrong username or password" in wrong.get_data(as_text=True)
    throttled = log_in(client, "officer1")  # even the right password, for now
    assert throttled.status_code == 429
    assert "too many wrong passwords" in throttled.get_data(as_text=True)
    assert client.get("/counter").status_code == 302
    # Another user is not held up by officer1's failures.
    assert log_in(client, "officer2").status_code == 302


def test_the_login_form_without_its_csrf_token_is_refused(client):
    response = client.post("/login", data={"username": "officer1", "password": DEMO_PASSWORD})
    assert response.status_code == 400
    assert client.get("/counter").status_code == 302


def test_logging_out_ends_the_session_and_needs_the_csrf_token(client):
    log_in(client, "officer1")
    token = csrf_token(client.get("/counter"))
    assert client.post("/logout").status_code == 400  # no token: a forged form cannot log anyone out
    assert client.get("/counter").status_code == 200

    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get("/counter").status_code == 302
    refused = client.post("/api/v1/counters/1/next", headers={"X-CSRFToken": token})
    assert refused.status_code == 401


def test_the_pages_load_their_scripts_fonts_and_socket_client_from_this_server(client):
    log_in(client, "supervisor")
    for path in ("/counter", "/supervisor"):
        html = client.get(path).get_data(as_text=True)
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert all(s.startswith("/") or s.startswith("data:") for s in sources), sources
        for source in sources:
            if source.startswith("/"):
                assert client.get(source).status_code == 200, source
        assert any("/vendor/socket.io-client/dist/socket.io.min.js" in s for s in sources)
        assert any("/vendor/@fontsource/noto-sans-khmer/" in s for s in sources)


def test_a_session_cookie_copied_before_logout_no_longer_works_after_it(app):
    browser = app.test_client()
    log_in(browser, "officer1")
    copied = browser.get_cookie("session").value
    token = csrf_token(browser.get("/counter"))
    assert browser.post("/logout", data={"csrf_token": token}).status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/counter").status_code == 302
    refused = thief.post("/api/v1/counters/1/pause", headers={"X-CSRFToken": token})
    assert refused.status_code == 401
