"""Security headers (issue 9, item 9), from the attacker's side: what the real server's answers
let another page, a cache or a browser do with them (onewindow/headers.py).

- A page of any origin, the server's own included, frames /supervisor under a decoy and has the
  supervisor click through it: the answer must forbid framing.
- Script injected into a page must not run: the policy allows no inline script (and the pages
  need none, so the policy can be that strict).
- A status page's URL is the ticket's secret: no request from it may carry it as a Referer.
- A shared or back-button cache must not keep what a staff member saw.
- A client probing with a wrong method learns which ones the route takes (405 + Allow).
"""

import re

import pytest
import requests

from tests.security.conftest import DEMO_PASSWORD, bearer

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(module_server):
    return module_server


def page_session(server, username: str) -> requests.Session:
    """A browser-like session logged in through the /login form (cookie + its CSRF token)."""
    session = requests.Session()
    form = session.get(f"{server.url}/login", timeout=10).text
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    answer = session.post(
        f"{server.url}/login",
        data={"csrf_token": csrf, "username": username, "password": DEMO_PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    return session


def policy(response: requests.Response) -> dict[str, list[str]]:
    """The Content-Security-Policy as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy", "")
    directives = (part.split() for part in header.split(";") if part.strip())
    return {words[0].lower(): words[1:] for words in directives}


def public_pages(server) -> dict[str, str]:
    ticket = server.take(1)
    return {"kiosk": "/kiosk", "display": "/display", "status": f"/t/{ticket['token']}", "login": "/login"}


def test_no_page_of_any_origin_may_frame_the_supervisor_view(server):
    supervisor = page_session(server, "supervisor")
    answer = supervisor.get(f"{server.url}/supervisor", timeout=10)
    assert answer.status_code == 200
    assert answer.headers.get("X-Frame-Options") == "DENY"
    assert policy(answer).get("frame-ancestors") == ["'none'"]  # 'self' would let a same-host page do it
    for path in ("/counter", "/login", "/kiosk", "/display"):
        assert policy(supervisor.get(f"{server.url}{path}", timeout=10)).get("frame-ancestors") == ["'none'"], path


def test_script_injected_into_a_page_would_not_run(server):
    officer = page_session(server, "officer1")
    pages = {**public_pages(server), "counter": "/counter", "supervisor": "/supervisor"}
    for name, path in pages.items():
        client = page_session(server, "supervisor") if name == "supervisor" else officer
        answer = client.get(f"{server.url}{path}", timeout=10)
        assert answer.status_code == 200, (name, answer.status_code)
        found = policy(answer)
        scripts = found.get("script-src", found.get("default-src"))
        styles = found.get("style-src", found.get("default-src"))
        assert scripts == ["'self'"], (name, scripts)  # no 'unsafe-inline', 'unsafe-eval', data: or *
        assert styles == ["'self'"], (name, styles)
        assert found.get("object-src") == ["'none'"] and found.get("base-uri") == ["'none'"], name
        # ... and the pages themselves need nothing more: no inline code, no handlers, no style attributes.
        html = answer.text
        inline = [
            tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag and "application/json" not in tag
        ]
        assert inline == [], (name, inline)
        assert not re.search(r"\son[a-z]+\s*=", html), name
        assert not re.search(r"\sstyle\s*=|<style\b", html), name


def test_every_answer_is_only_what_its_content_type_says(server):
    token = server.login("officer1")
    for url, headers in (
        (f"{server.api}/services", {}),
        (f"{server.api}/me", bearer(token)),
        (f"{server.api}/me", {}),  # a 401
        (f"{server.url}/kiosk", {}),
        (f"{server.url}/no-such-page", {}),
        (f"{server.url}/base/static/base.css", {}),
    ):
        answer = requests.get(url, headers=headers, timeout=10)
        assert answer.headers.get("X-Content-Type-Options") == "nosniff", (url, answer.status_code)


def test_a_status_page_sends_its_secret_url_nowhere(server):
    ticket = server.take(1)
    for url in (f"{server.url}/t/{ticket['token']}", f"{server.api}/status/{ticket['token']}"):
        answer = requests.get(url, timeout=10)
        assert answer.status_code == 200
        assert answer.headers.get("Referrer-Policy") == "no-referrer", url


def test_no_cache_keeps_what_a_staff_member_was_answered(server):
    token = bearer(server.login("supervisor"))
    login = requests.post(f"{server.api}/login", json={"username": "officer1", "password": DEMO_PASSWORD}, timeout=10)
    answers = {"POST /api/v1/login (a token)": login}
    for path in ("/me", "/overview", "/stats", "/reports/out-of-order", "/counters/1"):
        answers[f"GET {path}"] = requests.get(f"{server.api}{path}", headers=token, timeout=10)
    answers["GET /me without a token (401)"] = requests.get(f"{server.api}/me", timeout=10)
    answers["POST /counters/1/next by nobody (401)"] = requests.post(f"{server.api}/counters/1/next", timeout=10)
    session = page_session(server, "supervisor")
    for path in ("/login", "/counter", "/supervisor"):
        answers[f"GET {path} (page)"] = session.get(f"{server.url}{path}", timeout=10)
    answers["GET /counter logged out (redirect)"] = requests.get(
        f"{server.url}/counter", allow_redirects=False, timeout=10
    )
    for what, answer in answers.items():
        assert answer.status_code < 500, what
        assert "no-store" in answer.headers.get("Cache-Control", ""), (what, answer.headers.get("Cache-Control"))


def test_a_wrong_method_is_told_which_ones_the_route_takes(server):
    for method, url, allowed in (
        ("DELETE", f"{server.api}/login", {"POST"}),
        ("PUT", f"{server.api}/tickets", {"POST"}),
        ("POST", f"{server.api}/services", {"GET"}),
        ("DELETE", f"{server.url}/kiosk", {"GET"}),
    ):
        answer = requests.request(method, url, timeout=10)
        assert answer.status_code == 405, (method, url, answer.status_code)
        offered = {word.strip() for word in answer.headers.get("Allow", "").split(",") if word.strip()}
        assert allowed <= offered, (method, url, answer.headers.get("Allow"))
        if url.startswith(server.api):
            assert answer.json()["error"]["code"] == "method_not_allowed"
