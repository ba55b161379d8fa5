"""The administrator's waiting-room TVs: a page (/admin/displays) listing them with a form to
name one and choose what it shows (counters, services, languages), and the address to open on
the TV; over a JSON API (/api/v1/admin/displays) for the admin role only. The rules are
office/displays.py; the TV itself is display/."""

from flask import current_app, g, request
from flask_babel import gettext

from admin.blueprints import api, pages
from admin.common import admin_page, render_admin_page
from admin.common import bus as _bus
from admin.common import clock as _clock
from office import device_schemas as schemas
from office import displays
from office.contract import operation
from office.models import Display
from office.roles import ADMINS


def tv_url(name: str) -> str:
    """The address a TV opens: on the office's public address when one is set."""
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    return base.rstrip("/") + displays.tv_path(name)


def display_setup_json(row: Display) -> schemas.DisplaySetup:
    settings = displays.snapshot(row)
    return schemas.DisplaySetup(id=row.id, **settings, url=tv_url(row.name))


@api.get("/displays")
@operation("Every named TV display and what it shows", roles=ADMINS, answers={200: schemas.DisplaySetupList})
def list_displays():
    return schemas.DisplaySetupList(displays=[display_setup_json(row) for row in displays.displays()])


@api.post("/displays")
@operation(
    "Name a TV display and choose what it shows",
    description="The TV opens the answer's `url` (/display?name=<name>) and takes its counters, services and "
    "languages from here.",
    roles=ADMINS,
    body=schemas.NewDisplayRequest,
    answers={201: schemas.DisplaySetupOne},
)
def add_display(body: schemas.NewDisplayRequest):
    row = displays.add_display(
        body.name,
        counter_ids=body.counter_ids,
        service_ids=body.service_ids,
        languages=body.languages,
        active=body.active,
        actor_id=g.user.id,
        clock=_clock(),
        bus=_bus(),
    )
    return schemas.DisplaySetupOne(display=display_setup_json(row)), 201


@api.patch("/displays/<id:display_id>")
@operation(
    "Change a TV display: its name, counters, services, languages, in use or not",
    description="Only the fields sent change. A TV showing it at that moment loads its new settings at once.",
    roles=ADMINS,
    body=schemas.DisplayChange,
    answers={200: schemas.DisplaySetupOne, 404: "No such display"},
)
def change_display(display_id: int, body: schemas.DisplayChange):
    row = displays.change_display(
        display_id,
        name=body.name,
        counter_ids=body.counter_ids,
        service_ids=body.service_ids,
        languages=body.languages,
        active=body.active,
        actor_id=g.user.id,
        clock=_clock(),
        bus=_bus(),
    )
    return schemas.DisplaySetupOne(display=display_setup_json(row))


def admin_strings() -> dict[str, str]:
    """The page's words, in the current locale. Placeholders: {name}."""
    return {
        "displays": gettext("TV displays"),
        "add_display": gettext("Add a TV display"),
        "change_display": gettext("Change TV display %(name)s", name="{name}"),
        "display_name": gettext("Name (in the TV's address)"),
        "counters": gettext("Counters"),
        "services": gettext("Services"),
        "languages": gettext("Languages calls are spoken in"),
        "lang_km": gettext("Khmer"),
        "lang_en": gettext("English"),
        "office_languages": gettext("the office's"),
        "all_counters": gettext("all"),
        "shows": gettext("Shows"),
        "active": gettext("In use"),
        "tv_address": gettext("Address to open on the TV"),
        "copy": gettext("Copy"),
        "copied": gettext("Copied."),
        "filter_note": gettext("No counter and no service chosen: the TV shows the whole office."),
        "save": gettext("Save"),
        "add": gettext("Add"),
        "cancel": gettext("Cancel"),
        "change": gettext("Change"),
        "yes": gettext("yes"),
        "no": gettext("no"),
        "none": gettext("No TV displays yet."),
        "saved": gettext("Saved."),
        "not_done": gettext("Not done:"),
    }


@pages.get("/admin/displays")
@admin_page
def displays_page():
    return render_admin_page("admin/displays.html", admin_strings)
