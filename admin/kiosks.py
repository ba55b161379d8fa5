"""The administrator's kiosks: a page (/admin/kiosks) listing them, enrolling one (a one-time
link and its QR code, shown once), revoking one, and setting its printer, paper and priority,
over a JSON API (/api/v1/admin/kiosks) for the admin role only. The rules themselves are
office/kiosks.py and office/printers.py."""

import base64
import io

import qrcode
import qrcode.image.svg
from flask import current_app, g, request
from flask_babel import gettext

from admin.blueprints import api, pages
from admin.common import admin_page, render_admin_page
from admin.common import bus as _bus
from admin.common import clock as _clock
from office import device_schemas, kiosks, printers, schemas
from office.clock import iso_utc
from office.contract import operation
from office.models import Kiosk, User
from office.roles import ADMINS


def kiosk_record(kiosk: Kiosk, now) -> schemas.KioskRecord:
    creator = User.get_or_none(User.id == kiosk.created_by_id) if kiosk.created_by_id else None
    return schemas.KioskRecord(
        name=kiosk.name,
        offers_priority=kiosk.offers_priority,
        state=kiosks.state(kiosk, now),
        created_at=iso_utc(kiosk.created_at),
        created_by=creator.username if creator else None,
        enrolled_at=iso_utc(kiosk.enrolled_at),
        enrol_expires_at=iso_utc(kiosk.enrol_expires_at),
        revoked_at=iso_utc(kiosk.revoked_at),
    )


def enrolment_link(code: str) -> str:
    """The link the kiosk opens: on the office's public address when one is set."""
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    return f"{base.rstrip('/')}/kiosk/enrol/{code}"


def qr_data_url(link: str) -> str:
    """The link as an SVG QR code in a data: URL, so it exists only in this one answer (no
    URL of its own that a log or a cache could keep)."""
    image = qrcode.make(link, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=4)
    data = io.BytesIO()
    image.save(data)
    return "data:image/svg+xml;base64," + base64.b64encode(data.getvalue()).decode("ascii")


def kiosk_setup(kiosk: Kiosk, now) -> device_schemas.KioskSetup:
    """A kiosk's record with its printer: its own, and what it prints on."""
    config = current_app.config
    in_use = printers.kiosk_printer_spec(kiosk.printer, config.get("PRINTERS"), config["PRINTER"], kiosk.name)
    return device_schemas.KioskSetup(
        **kiosk_record(kiosk, now).model_dump(),
        printer=kiosk.printer,
        paper_width_mm=kiosk.paper_width_mm,
        printer_in_use=in_use,
    )


@api.get("/kiosks")
@operation(
    "Every kiosk, whether it is enrolled, and its printer", roles=ADMINS, answers={200: device_schemas.KioskSetupList}
)
def list_kiosks():
    now = _clock()()
    return device_schemas.KioskSetupList(kiosks=[kiosk_setup(k, now) for k in kiosks.kiosks()])


@api.patch("/kiosks/<short_name:kiosk>")
@operation(
    "Set a kiosk's printer, its paper width, whether it may give priority tickets",
    description="Only the fields sent change; printer or paper_width_mm null: the default "
    "(ONEWINDOW_PRINTERS, else ONEWINDOW_PRINTER; the printer profile's paper). The next ticket prints so.",
    roles=ADMINS,
    path=schemas.KioskPath,
    body=device_schemas.KioskPrinterChange,
    answers={200: device_schemas.KioskSetupOne, 404: "No such kiosk"},
)
def change_kiosk(kiosk: str, body: device_schemas.KioskPrinterChange):
    clock = _clock()
    changes = {key: getattr(body, key) for key in body.model_fields_set}
    changed = printers.change_kiosk(
        kiosk, changes, instance_path=current_app.instance_path, actor_id=g.user.id, clock=clock, bus=_bus()
    )
    return device_schemas.KioskSetupOne(kiosk=kiosk_setup(changed, clock()))


@api.post("/kiosks")
@operation(
    "Enrol a kiosk: a one-time link for its device",
    description="A new kiosk, or a kiosk enrolled again (a new device): its current device key stops "
    "working at once. The link works once, for an hour; it is shown only in this answer.",
    roles=ADMINS,
    body=schemas.NewKioskRequest,
    answers={201: schemas.KioskEnrolment},
)
def enrol_kiosk(body: schemas.NewKioskRequest):
    clock = _clock()
    kiosk, code = kiosks.enrol(
        body.name, offers_priority=body.offers_priority, actor_id=g.user.id, clock=clock, bus=_bus()
    )
    link = enrolment_link(code)
    return (
        schemas.KioskEnrolment(
            kiosk=kiosk_record(kiosk, clock()),
            link=link,
            qr_svg=qr_data_url(link),
            expires_at=iso_utc(kiosk.enrol_expires_at),
        ),
        201,
    )


@api.post("/kiosks/<short_name:kiosk>/revoke")
@operation(
    "Revoke a kiosk: its device key (and any pending link) stops working",
    roles=ADMINS,
    path=schemas.KioskPath,
    answers={200: schemas.KioskOne, 404: "No such kiosk"},
)
def revoke_kiosk(kiosk: str):
    clock = _clock()
    revoked = kiosks.revoke(kiosk, actor_id=g.user.id, clock=clock, bus=_bus())
    return schemas.KioskOne(kiosk=kiosk_record(revoked, clock()))


def admin_strings() -> dict[str, str]:
    """The page's words, in the current locale. Placeholders: {name}, {time}."""
    return {
        "kiosks": gettext("Kiosks"),
        "name": gettext("Name (its printer's)"),
        "offers_priority": gettext("May give priority tickets"),
        "enrol": gettext("Enrol a kiosk"),
        "revoke": gettext("Revoke"),
        "state": gettext("State"),
        "since": gettext("Since"),
        "pending": gettext("waiting for its link"),
        "enrolled": gettext("enrolled"),
        "expired": gettext("link expired"),
        "revoked": gettext("revoked"),
        "yes": gettext("yes"),
        "no": gettext("no"),
        "none": gettext("No kiosks yet."),
        "link_for": gettext("Open this link on kiosk %(name)s, once, before %(time)s:", name="{name}", time="{time}"),
        "link_once": gettext("The link is shown only now. Enrolling the kiosk again makes a new one."),
        "revoke_confirm": gettext("Revoke kiosk %(name)s? It stops printing at once.", name="{name}"),
        "not_done": gettext("Not done:"),
        "printer": gettext("Printer"),
        "printer_help": gettext("Empty: the office's default printer. Forms:"),
        "default_printer": gettext("default"),
        "paper": gettext("Paper"),
        "paper_default": gettext("the printer's"),
        "change": gettext("Change"),
        "change_kiosk": gettext("Printer and paper of kiosk %(name)s", name="{name}"),
        "save": gettext("Save"),
        "cancel": gettext("Cancel"),
        "saved": gettext("Saved."),
    }


@pages.get("/admin/kiosks")
@admin_page
def kiosks_page():
    return render_admin_page("admin/kiosks.html", admin_strings)
