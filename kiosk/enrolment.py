"""Enrolling a kiosk's device, on the kiosk's side: the page an enrolment link opens
(/kiosk/enrol/<code>), the API that turns its code into the device key, and the API that
tells a kiosk page which kiosk its key belongs to.

Opening the link shows "Enrol this device as kiosk X?" and spends nothing: chat apps and
mail readers fetch links to preview them, and such a fetch must not use up the one-time
code. Only the button does, with a JSON POST, which another site cannot send (a cross-site
JSON request needs CORS, which this server never grants) and which is useless without the
code anyway. The page keeps the key in the browser's localStorage; kiosk.js sends it.
"""

from flask import Blueprint, current_app, render_template
from flask_babel import gettext

from kiosk.pages import in_every_language
from office import kiosks, schemas
from office.contract import operation

api = Blueprint("kiosk_enrolment_api", __name__, url_prefix="/api/v1")
pages = Blueprint("kiosk_enrolment", __name__, template_folder="templates")


def _clock():
    return current_app.config["CLOCK"]


def _bus():
    return current_app.extensions["onewindow.events"]


def kiosk_self(kiosk) -> schemas.KioskSelf:
    return schemas.KioskSelf(name=kiosk.name, offers_priority=kiosk.offers_priority)


@api.post("/kiosks/enrol")
@operation(
    "Enrol this device as a kiosk: its one-time code for its device key",
    description="The code is the end of the link `onewindow kiosk enrol NAME` (or the admin page) "
    "made; it works once, before it expires. Send the key as X-Kiosk-Key with every ticket.",
    body=schemas.EnrolRequest,
    answers={201: schemas.KioskEnrolled, 404: "The link is unknown, already used or expired"},
)
def enrol_device(body: schemas.EnrolRequest):
    kiosk, key = kiosks.redeem(body.code, clock=_clock(), bus=_bus())
    return schemas.KioskEnrolled(kiosk=kiosk_self(kiosk), key=key), 201


@api.get("/kiosks/me")
@operation(
    "The enrolled kiosk this device key belongs to",
    description="So a kiosk page knows its name and whether it may offer priority tickets.",
    headers=schemas.KioskKeyHeaders,
    answers={200: schemas.KioskMe, 403: "No key, or not the key of an enrolled kiosk (kiosk_not_enrolled)"},
)
def who_am_i(headers: schemas.KioskKeyHeaders):
    return schemas.KioskMe(kiosk=kiosk_self(kiosks.enrolled_kiosk(headers.kiosk_key, clock=_clock())))


def enrolment_strings() -> dict:
    return {
        "title": gettext("Enrol this device as a kiosk"),
        "question": gettext("Enrol this device as kiosk %(name)s?", name="{name}"),
        "explain": gettext("Its tickets will print on the printer of kiosk %(name)s.", name="{name}"),
        "priority": gettext("It may also give priority tickets."),
        "enrol": gettext("Enrol this device"),
        "enrolling": gettext("Enrolling…"),
        "invalid": gettext(
            "This enrolment link is unknown, already used or expired. Ask an administrator for a new one."
        ),
        "failed": gettext("The server did not answer. Please try again."),
    }


@pages.get(f"/kiosk/enrol/<string(maxlength={kiosks.CODE_MAX}):code>")
def enrolment_page(code: str):
    """Says which kiosk the link would enrol; a GET never spends the code."""
    kiosk = kiosks.kiosk_for_code(code, clock=_clock())
    page_config = {
        "api": "/api/v1",
        "code": code if kiosk else None,
        "kiosk": kiosk_self(kiosk).model_dump() if kiosk else None,
        "kioskPage": "/kiosk",
    }
    response = current_app.make_response(
        (
            render_template(
                "kiosk/enrol.html",
                kiosk=kiosk,
                text=in_every_language(enrolment_strings),
                page_config=page_config,
                office_name=current_app.config["OFFICE_NAME"],
            ),
            200 if kiosk else 404,
        )
    )
    response.headers["X-Robots-Tag"] = "noindex"
    return response
