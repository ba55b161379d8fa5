"""/reports with Flask's test client: who may open it, its words in Khmer and English, what the
filters offer, and the header's link to it on the staff pages."""

import json
import re

import pytest

from office.demo import DEMO_PASSWORD

CSRF_TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def log_in(client, username: str):
    token = CSRF_TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
    return client.post("/login", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token})


def page_json(html: str, script_id: str) -> dict:
    match = re.search(rf'<script type="application/json" id="{script_id}">(.*?)</script>', html, re.S)
    assert match, f"no #{script_id} on the page"
    return json.loads(match.group(1))


def test_a_visitor_is_sent_to_the_login_page(client):
    response = client.get("/reports")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Freports"


def test_an_officer_gets_403_and_no_link_to_it(client):
    log_in(client, "officer1")
    assert client.get("/reports").status_code == 403
    assert 'id="reports-link"' not in client.get("/counter").get_data(as_text=True)


@pytest.mark.parametrize("username", ["supervisor", "admin"])
def test_supervisors_and_admins_get_the_page_in_khmer_and_english(client, username):
    log_in(client, username)
    page = client.get("/reports")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert '<span lang="km">របាយការណ៍</span> <span lang="en">Reports</span>' in html  # the heading
    assert '<span lang="km">បញ្ជរ</span> <span lang="en">Counter</span>' in html  # a filter
    for english in ("Today", "This week", "This month", "Range", "Service group", "Out-of-order calls"):
        assert english in html
    assert "reports/static/reports.js" in html and "reports/static/reports.css" in html
    text = page_json(html, "text")
    assert text["km"]["reports"] == "របាយការណ៍" and text["en"]["reports"] == "Reports"
    assert set(text["km"]) == set(text["en"])
    # The exports, linked from the page (the script adds the period and filters).
    for export in ("summary.csv", "summary.xlsx", "tickets.csv"):
        assert f'href="/api/v1/reports/{export}"' in html


def test_the_filters_offer_the_offices_groups_services_counters_and_officers(client):
    log_in(client, "supervisor")
    config = page_json(client.get("/reports").get_data(as_text=True), "config")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", config["today"])
    assert config["services"] and {"id", "prefix", "name_en", "name_km", "group_en"} <= set(config["services"][0])
    assert {s["group_en"] for s in config["services"]} == {g["en"] for g in config["groups"]}
    assert config["counters"] and config["officers"]
    assert "officer1" in {o["username"] for o in config["officers"]}


@pytest.mark.parametrize("username", ["supervisor", "admin"])
def test_the_staff_header_links_the_reports_for_supervisors_and_admins(client, username):
    log_in(client, username)
    html = client.get("/supervisor").get_data(as_text=True)
    assert '<a class="quiet" id="reports-link" href="/reports">' in html
