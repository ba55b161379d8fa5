"""The administrator's counters: a page (/admin/counters) listing them with a form to add or
change one (its name, the services it serves, in use or not), over a JSON API
(/api/v1/admin/counters) for the admin role only. The rules are office/counter_setup.py."""

from flask import g
from flask_babel import gettext

from admin.blueprints import api, pages
from admin.common import admin_page, render_admin_page
from admin.common import bus as _bus
from admin.common import clock as _clock
from office import counter_setup
from office import device_schemas as schemas
from office.contract import operation
from office.counters import service_ids_of
from office.engine import current_ticket
from office.models import Counter, Service, User
from office.roles import ADMINS


def counter_setup_json(row: Counter) -> schemas.CounterSetup:
    officer = User.get_or_none(User.id == row.officer_id) if row.officer_id else None
    current = current_ticket(row.id)
    return schemas.CounterSetup(
        id=row.id,
        name=row.name,
        active=row.active,
        paused=row.paused,
        officer=officer.username if officer else None,
        current_ticket=current.number if current else None,
        service_ids=service_ids_of(row.id),
    )


def service_choices() -> list[schemas.ServiceChoice]:
    services = Service.select().order_by(Service.position, Service.id)
    return [
        schemas.ServiceChoice(
            id=s.id,
            prefix=s.prefix,
            name_en=s.name_en,
            name_km=s.name_km,
            group_en=s.group_en,
            group_km=s.group_km,
            active=s.active,
        )
        for s in services
    ]


@api.get("/counters")
@operation(
    "Every counter, in use or not, and the services a counter can serve",
    roles=ADMINS,
    answers={200: schemas.CounterSetupList},
)
def list_counters():
    return schemas.CounterSetupList(
        counters=[counter_setup_json(row) for row in counter_setup.counters()], services=service_choices()
    )


@api.post("/counters")
@operation(
    "Add a counter",
    description="It serves these services (active ones) from when an officer signs in there.",
    roles=ADMINS,
    body=schemas.NewCounterRequest,
    answers={201: schemas.CounterSetupOne},
)
def add_counter(body: schemas.NewCounterRequest):
    row = counter_setup.add_counter(
        body.name, body.service_ids, active=body.active, actor_id=g.user.id, clock=_clock(), bus=_bus()
    )
    return schemas.CounterSetupOne(counter=counter_setup_json(row)), 201


@api.patch("/counters/<id:counter_id>")
@operation(
    "Change a counter: its name, its services, in use or not",
    description="Only the fields sent change. A counter is taken out of use only when nobody works there "
    "and no citizen is called to it (else 409 counter_in_use).",
    roles=ADMINS,
    body=schemas.CounterChange,
    answers={200: schemas.CounterSetupOne, 404: "No such counter", 409: "Someone works at it, or a citizen is called"},
)
def change_counter(counter_id: int, body: schemas.CounterChange):
    row = counter_setup.change_counter(
        counter_id,
        name=body.name,
        service_ids=body.service_ids,
        active=body.active,
        actor_id=g.user.id,
        clock=_clock(),
        bus=_bus(),
    )
    return schemas.CounterSetupOne(counter=counter_setup_json(row))


def admin_strings() -> dict[str, str]:
    """The page's words, in the current locale. Placeholders: {name}."""
    return {
        "counters": gettext("Counters"),
        "add_counter": gettext("Add a counter"),
        "change_counter": gettext("Change counter %(name)s", name="{name}"),
        "name": gettext("Name"),
        "services": gettext("Services"),
        "active": gettext("In use"),
        "state": gettext("Now"),
        "save": gettext("Save"),
        "add": gettext("Add"),
        "cancel": gettext("Cancel"),
        "change": gettext("Change"),
        "yes": gettext("yes"),
        "no": gettext("no"),
        "none": gettext("No counters yet."),
        "no_services": gettext("no services"),
        "closed": gettext("closed"),
        "open_by": gettext("open: %(name)s", name="{name}"),
        "paused": gettext("paused"),
        "on_ticket": gettext("on ticket %(number)s", number="{number}"),
        "out_of_use": gettext("out of use"),
        "retired_service": gettext("no longer offered"),
        "saved": gettext("Saved."),
        "not_done": gettext("Not done:"),
    }


@pages.get("/admin/counters")
@admin_page
def counters_page():
    return render_admin_page("admin/counters.html", admin_strings)
