"""Each kiosk's printer, set by the administrator (PATCH /api/v1/admin/kiosks/<name>,
office/printers.py): the setting's forms, checked before they are stored; which printer a
kiosk prints on (its own, else ONEWINDOW_PRINTERS, else ONEWINDOW_PRINTER); its paper's width
reaching the ticket's picture; and `onewindow printer test|status` using the same."""

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from PIL import Image

from office import printers
from office.db import database
from office.errors import InvalidInput
from office.models import Event, Kiosk
from onewindow import create_app
from onewindow.cli import cli
from printer.spool import KioskPrinter, kiosk_printer, print_slip, printer_spec
from tests.printer.conftest import make_ticket
from tests.test_openapi import _checker

API = "/api/v1/admin/kiosks"


@pytest.fixture
def admin(login):
    return login("admin")


@pytest.fixture
def hall(app, enrol_kiosk, tmp_path):
    app.instance_path = str(tmp_path)  # where a folder: printer may keep tickets
    enrol_kiosk("hall")
    return "hall"


def patch(client, admin, kiosk, **body):
    return client.patch(f"{API}/{kiosk}", json=body, headers=admin)


def test_an_admin_sets_a_kiosks_printer_paper_and_priority(client, admin, hall):
    response = patch(client, admin, hall, printer="network:10.0.0.9", paper_width_mm=58, offers_priority=True)
    assert response.status_code == 200, response.json
    kiosk = response.json["kiosk"]
    assert kiosk["printer"] == "network:10.0.0.9:9100"  # written the one way it is stored
    assert kiosk["printer_in_use"] == "network:10.0.0.9:9100"
    assert kiosk["paper_width_mm"] == 58 and kiosk["offers_priority"] is True and kiosk["state"] == "enrolled"
    [event] = Event.select().where(Event.kind == "kiosk_changed")
    assert event.actor.username == "admin"
    assert event.details["changes"] == {
        "offers_priority": {"before": False, "after": True},
        "paper_width_mm": {"before": None, "after": 58},
        "printer": {"before": None, "after": "network:10.0.0.9:9100"},
    }
    assert client.get(API, headers=admin).json["kiosks"] == [kiosk]


def test_only_the_fields_sent_change_and_null_goes_back_to_the_default(app, client, admin, hall):
    app.config["PRINTERS"] = {"hall": "network:10.0.0.7"}
    patch(client, admin, hall, printer="usb:04b8:0e15", paper_width_mm=80)
    kept = patch(client, admin, hall, offers_priority=True).json["kiosk"]
    assert kept["printer"] == "usb:04b8:0e15" and kept["paper_width_mm"] == 80
    back = patch(client, admin, hall, printer=None, paper_width_mm=None).json["kiosk"]
    assert back["printer"] is None and back["paper_width_mm"] is None
    assert back["printer_in_use"] == "network:10.0.0.7"  # ONEWINDOW_PRINTERS, as before
    assert patch(client, admin, hall, printer=None).status_code == 200
    assert Event.select().where(Event.kind == "kiosk_changed").count() == 3  # the last changed nothing


@pytest.mark.parametrize(
    "body, field",
    [
        ({"printer": "fax:123"}, "printer"),
        ({"printer": "network:10.0.0.9:99999"}, "printer"),
        ({"printer": "usb:0:0"}, "printer"),
        ({"printer": "file:/etc/passwd"}, "printer"),  # not a device: a web account must not append to it
        ({"printer": "serial:/home/x"}, "printer"),
        ({"printer": "file:/dev/../etc/passwd"}, "printer"),
        ({"printer": "folder:/tmp/elsewhere"}, "printer"),  # outside the instance folder
        ({"printer": "folder:../outside"}, "printer"),
        ({"printer": "x" * 201}, "printer"),
        ({"printer": "network:" + "a" * 190}, "printer"),  # 203 characters with its port written out
        ({"printer": "folder:tickets\x00"}, "printer"),
        ({"printer": 9100}, "printer"),
        ({"paper_width_mm": 70}, "paper_width_mm"),
        ({"paper_width_mm": "58"}, "paper_width_mm"),
        ({"offers_priority": "yes"}, "offers_priority"),
    ],
)
def test_a_bad_setting_is_a_400_naming_its_field_and_stores_nothing(client, admin, hall, body, field):
    # Sent with a good value of another field: neither is stored.
    good = {"paper_width_mm": 58} if field != "paper_width_mm" else {"printer": "none"}
    response = patch(client, admin, hall, **good, **body)
    assert response.status_code == 400, response.json
    assert response.json["error"]["field"] == field
    kiosk = Kiosk.get(Kiosk.name == hall)
    assert (kiosk.printer, kiosk.paper_width_mm) == (None, None)
    assert not Event.select().where(Event.kind == "kiosk_changed").exists()


def test_a_folder_printer_keeps_its_tickets_inside_the_instance_folder(app, client, admin, hall, tmp_path):
    response = patch(client, admin, hall, printer="folder:hall-tickets")
    assert response.json["kiosk"]["printer"] == f"folder:{tmp_path / 'hall-tickets'}"


def test_an_unknown_kiosk_is_a_404_and_only_admins_may(client, admin, login, hall):
    assert patch(client, admin, "nowhere", printer="none").status_code == 404
    for username in ("officer1", "supervisor"):
        assert patch(client, login(username), hall, printer="none").status_code == 403
    assert Kiosk.get(Kiosk.name == hall).printer is None


def test_a_kiosks_own_printer_comes_before_printers_and_printer(app, client, admin, hall):
    app.config.update(PRINTER="network:10.0.0.1", PRINTERS={"hall": "network:10.0.0.2", "door": "network:10.0.0.3"})
    with app.app_context():
        assert printer_spec(app.config, "hall") == "network:10.0.0.2"
        assert printer_spec(app.config, "side") == "network:10.0.0.1"
        patch(client, admin, hall, printer="network:10.0.0.9", paper_width_mm=58)
        assert kiosk_printer(app.config, "hall") == KioskPrinter("network:10.0.0.9:9100", 58)
        assert printer_spec(app.config, "door") == "network:10.0.0.3"


@pytest.mark.parametrize(
    "paper, profile, dots",
    [(58, None, 384), (80, "ZJ-5870", 576), (None, "ZJ-5870", 384), (None, None, 576)],
)
def test_the_paper_width_makes_the_tickets_picture(tmp_path, paper, profile, dots):
    """The kiosk's paper wins over the office-wide printer profile (another model of printer)."""
    print_slip(f"folder:{tmp_path}", make_ticket(), profile=profile, timeout=2, paper_width_mm=paper)
    [png] = tmp_path.glob("*.png")
    assert Image.open(png).width == dots


def test_the_admins_rule_is_stricter_than_the_environments():
    assert printers.parse_spec("file:/tmp/ticket.bin").path == "/tmp/ticket.bin"  # a shell user's choice
    with pytest.raises(InvalidInput):
        printers.admin_printer_spec("file:/tmp/ticket.bin", instance_path="/srv/onewindow")
    assert printers.admin_printer_spec("  ", instance_path="/srv/onewindow") is None
    assert printers.admin_printer_spec("serial:/dev/ttyUSB0@115200", instance_path="/x") == "serial:/dev/ttyUSB0@115200"


def test_the_command_line_prints_on_the_kiosks_own_printer(tmp_path, monkeypatch, hasher, clock):
    monkeypatch.setenv("ONEWINDOW_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("ONEWINDOW_SECRET_KEY", "cli-test")
    monkeypatch.setenv("ONEWINDOW_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("ONEWINDOW_PRINTER", "network:127.0.0.1:1")  # the office's: never reached
    script = ScriptInfo(create_app=lambda: create_app({"PASSWORD_HASHER": hasher}))

    def run(*args):
        result = CliRunner().invoke(cli, list(args), obj=script, catch_exceptions=False)
        database.close()
        return result

    assert run("init").exit_code == 0
    with database.connection_context():
        Kiosk.create(name="hall", created_at=clock(), printer=f"folder:{tmp_path / 'hall'}", paper_width_mm=58)
    printed = run("printer", "test", "--kiosk", "hall")
    assert printed.exit_code == 0, printed.output
    assert f"folder:{tmp_path / 'hall'}" in printed.output
    [png] = (tmp_path / "hall").glob("*.png")
    assert Image.open(png).width == 384
    status = run("printer", "status", "--kiosk", "hall")
    assert status.exit_code == 0 and f"printer  folder:{tmp_path / 'hall'}: reachable" in status.output


def test_the_answers_are_those_the_openapi_document_describes(client, admin, login, hall):
    check = _checker(client.get("/api/v1/openapi.json").json)
    check(patch(client, admin, hall, printer="network:10.0.0.9", paper_width_mm=80), "patch", "/admin/kiosks/{kiosk}")
    check(patch(client, admin, hall, printer="fax:1"), "patch", "/admin/kiosks/{kiosk}")
    check(patch(client, admin, "nowhere", printer="none"), "patch", "/admin/kiosks/{kiosk}")
    check(patch(client, login("supervisor"), hall, printer="none"), "patch", "/admin/kiosks/{kiosk}")
    check(client.get(API, headers=admin), "get", "/admin/kiosks")
