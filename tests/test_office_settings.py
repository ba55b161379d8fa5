"""The office's settings (/api/v1/admin/settings, office/settings.py,
onewindow/office_settings.py): the configuration's values until the administrator changes
them; each change is checked whole, writes one Event of what changed, and takes effect without
a restart, in this process at once and in others sharing the database on their next check."""

import pytest

from office.db import database
from office.models import Event, Setting, User
from office.settings import DEFAULT_OPENING_HOURS
from onewindow.office_settings import office_settings

SETTINGS = "/api/v1/admin/settings"
WEEK = {**DEFAULT_OPENING_HOURS, "sat": ["08:00", "11:30"]}


@pytest.fixture
def admin(login):
    return login("admin")


def changes() -> list[Event]:
    with database.connection_context():
        return list(Event.select().where(Event.kind == "settings_changed").order_by(Event.id))


def stored() -> dict:
    with database.connection_context():
        return {row.key: row.value for row in Setting.select()}


def test_until_changed_the_settings_are_the_configurations(app, client, admin):
    response = client.get(SETTINGS, headers=admin)
    assert response.status_code == 200
    assert response.json == {
        "office_name_en": app.config["OFFICE_NAME"],
        "office_name_km": app.config["OFFICE_NAME_KM"],
        "timezone": "Asia/Phnom_Penh",
        "announce_languages": ["km", "en"],
        "public_url": "",
        "public_url_in_use": None,
        "opening_hours": DEFAULT_OPENING_HOURS,
        "holidays": [],
    }


@pytest.mark.parametrize("username", ["supervisor", "officer1"])
def test_only_admins_see_or_change_the_settings(client, login, username):
    headers = login(username)
    assert client.get(SETTINGS, headers=headers).status_code == 403
    assert client.patch(SETTINGS, json={"office_name_en": "Mine"}, headers=headers).status_code == 403
    assert stored() == {}


def test_a_change_is_stored_recorded_and_in_use_at_once(app, client, admin):
    response = client.patch(
        SETTINGS,
        json={"office_name_en": "  Daun Penh OWSO ", "office_name_km": "ការិយាល័យដូនពេញ", "opening_hours": WEEK},
        headers=admin,
    )
    assert response.status_code == 200, response.json
    assert response.json["office_name_en"] == "Daun Penh OWSO"
    assert response.json["opening_hours"]["sat"] == ["08:00", "11:30"]
    assert client.get(SETTINGS, headers=admin).json == response.json
    assert app.config["OFFICE_NAME"] == "Daun Penh OWSO"
    assert app.config["OFFICE_NAME_KM"] == "ការិយាល័យដូនពេញ"
    assert app.config["OPENING_HOURS"]["sat"] == ["08:00", "11:30"]

    [event] = changes()
    with database.connection_context():
        assert event.actor_id == User.get(User.username == "admin").id
    assert event.details["changes"] == {
        "office_name_en": {"before": "One Window Service Office (demo)", "after": "Daun Penh OWSO"},
        "office_name_km": {"before": "ការិយាល័យច្រកចេញចូលតែមួយ (សាកល្បង)", "after": "ការិយាល័យដូនពេញ"},
        "opening_hours": {"before": DEFAULT_OPENING_HOURS, "after": WEEK},
    }
    assert set(stored()) == {"office_name_en", "office_name_km", "opening_hours"}


def test_the_tv_page_shows_the_new_name_and_speaks_the_new_languages(client, admin):
    client.patch(SETTINGS, json={"office_name_en": "Daun Penh OWSO", "announce_languages": ["en"]}, headers=admin)
    html = client.get("/display").get_data(as_text=True)
    assert "Daun Penh OWSO" in html
    assert '"languages": ["en"]' in html


def test_the_same_values_again_change_nothing_and_record_nothing(client, admin):
    response = client.patch(
        SETTINGS, json={"timezone": "Asia/Phnom_Penh", "announce_languages": ["km", "en"]}, headers=admin
    )
    assert response.status_code == 200
    assert changes() == [] and stored() == {}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"timezone": None}, "timezone"),
        ({"timezone": 7}, "timezone"),
        ({"office_name_en": "   "}, "office_name_en"),
        ({"office_name_km": "x" * 201}, "office_name_km"),
        ({"announce_languages": []}, "announce_languages"),
        ({"announce_languages": ["fr"]}, "announce_languages.0"),
        ({"announce_languages": ["km", "km"]}, "announce_languages"),
        ({"public_url": "ftp://owso.example"}, "public_url"),
        ({"public_url": "owso.example"}, "public_url"),
        ({"public_url": "http://"}, "public_url"),
        ({"public_url": "http://owso.example:99999"}, "public_url"),
        ({"public_url": "https://owso.example/?a=1"}, "public_url"),
        ({"opening_hours": {**WEEK, "mon": ["17:00", "07:30"]}}, "opening_hours.mon"),
        ({"opening_hours": {**WEEK, "tue": ["07:30", "07:30"]}}, "opening_hours.tue"),
        ({"opening_hours": {**WEEK, "wed": ["7:30", "17:00"]}}, "opening_hours.wed.0"),
        ({"opening_hours": {**WEEK, "thu": ["07:30", "24:00"]}}, "opening_hours.thu.1"),
        ({"opening_hours": {**WEEK, "fri": ["07:30"]}}, "opening_hours.fri"),
        ({"opening_hours": {day: hours for day, hours in WEEK.items() if day != "sun"}}, "opening_hours.sun"),
        ({"opening_hours": "always"}, "opening_hours"),
    ],
)
def test_a_bad_setting_is_a_400_naming_its_field_and_nothing_is_written(app, client, admin, body, field):
    # With a good change beside it: all or nothing.
    response = client.patch(SETTINGS, json={"office_name_en": "Daun Penh OWSO", **body}, headers=admin)
    assert response.status_code == 400, response.json
    assert response.json["error"]["code"] == "invalid_input"
    assert response.json["error"]["field"] == field
    assert stored() == {} and changes() == []
    assert app.config["OFFICE_NAME"] == "One Window Service Office (demo)"


def test_the_time_zone_moves_the_offices_day_at_once(app, client, admin, clock):
    assert clock.local_day().isoformat() == "2026-11-25"  # 09:00 in Phnom Penh
    response = client.patch(SETTINGS, json={"timezone": "America/Los_Angeles"}, headers=admin)
    assert response.status_code == 200
    assert app.config["TIMEZONE"] == "America/Los_Angeles"
    assert clock.local_day().isoformat() == "2026-11-24"  # 18:00 the day before in Los Angeles


def test_a_public_url_set_by_the_admin_wins_over_the_configured_one_until_cleared(app, client, admin):
    app.config["PUBLIC_URL"] = "http://192.0.2.10:5000"  # as configured (or as `serve` set it)
    client.patch(SETTINGS, json={"public_url": "https://owso.example.gov.kh/"}, headers=admin)
    ticket = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    assert ticket["status_url"].startswith("https://owso.example.gov.kh/t/")
    answer = client.patch(SETTINGS, json={"public_url": ""}, headers=admin).json
    assert answer["public_url"] == "" and answer["public_url_in_use"] == "http://192.0.2.10:5000"
    ticket = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    assert ticket["status_url"].startswith("http://192.0.2.10:5000/t/")


def test_a_stored_public_url_wins_over_the_address_serve_listens_on(app, client, admin):
    keeper = office_settings(app)
    client.patch(SETTINGS, json={"public_url": "https://owso.example.gov.kh"}, headers=admin)
    keeper.listening_at("http://192.0.2.7:5000")
    assert app.config["PUBLIC_URL"] == "https://owso.example.gov.kh"
    client.patch(SETTINGS, json={"public_url": ""}, headers=admin)
    assert app.config["PUBLIC_URL"] == "http://192.0.2.7:5000"


def test_another_process_on_the_same_database_follows_on_its_next_check(app, app_on, database_url, client, admin):
    other = app_on(database_url)  # a second server process sharing the database
    other.config["SETTINGS_CHECK_S"] = 3600
    other_client = other.test_client()
    other_client.get("/display")  # its first check is done
    client.patch(SETTINGS, json={"office_name_en": "Daun Penh OWSO"}, headers=admin)
    assert "Daun Penh OWSO" not in other_client.get("/display").get_data(as_text=True)  # not checked yet
    other.config["SETTINGS_CHECK_S"] = 0  # its next check is due
    assert "Daun Penh OWSO" in other_client.get("/display").get_data(as_text=True)


def test_a_new_server_starts_with_the_stored_settings(app, app_on, database_url, client, admin):
    client.patch(SETTINGS, json={"office_name_en": "Daun Penh OWSO", "announce_languages": ["en", "km"]}, headers=admin)
    restarted = app_on(database_url)
    assert restarted.config["OFFICE_NAME"] == "Daun Penh OWSO"
    assert restarted.config["ANNOUNCE_LANGUAGES"] == "en,km"


def test_a_server_starts_on_a_database_without_the_settings_table(app_on, tmp_path):
    fresh = app_on(f"sqlite:///{tmp_path / 'empty.sqlite3'}")  # before `onewindow init`
    assert fresh.config["OFFICE_NAME"] == "One Window Service Office (demo)"
    assert fresh.test_client().get("/api/v1/openapi.json").status_code == 200


def test_the_kiosk_tv_and_printed_ticket_carry_the_name_in_khmer_and_english(app, client, admin):
    from office.models import Ticket
    from printer.spool import ticket_print

    names = {"office_name_km": "ការិយាល័យដូនពេញ", "office_name_en": "Daun Penh OWSO"}
    client.patch(SETTINGS, json={**names, "public_url": "http://192.0.2.10:5000"}, headers=admin)
    for page in ("/kiosk", "/display"):
        html = client.get(page).get_data(as_text=True)
        assert '<span lang="km">ការិយាល័យដូនពេញ</span> · <span lang="en">Daun Penh OWSO</span>' in html, page
    token = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]["token"]
    assert "ការិយាល័យដូនពេញ" in client.get(f"/t/{token}").get_data(as_text=True)
    with database.connection_context():
        slip = ticket_print(Ticket.get(Ticket.token == token), app.config)
    assert (slip.office_name_km, slip.office_name) == ("ការិយាល័យដូនពេញ", "Daun Penh OWSO")
