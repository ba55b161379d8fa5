"""The citizen's pages: the touch kiosk at /kiosk, and the ticket's status page at /t/<token>
(the target of the QR code on the screen and on the printed ticket), with that QR code.

Interface text comes from the Flask-Babel catalogues (onewindow/translations/); service names come from
the data. The kiosk switches language in the browser without reloading (a kiosk must keep
working while the network hiccups), so it carries its strings in both languages; the status
page is in one language, chosen with ?lang=.
"""

import io

import qrcode
import qrcode.image.svg
from flask import Blueprint, current_app, render_template, request
from flask_babel import force_locale, get_locale, gettext, ngettext

from kiosk.status import ticket_status
from office import engine, schemas
from office.contract import parse
from office.errors import InvalidInput
from office.limits import TOKEN_MAX, TOKEN_MIN
from office.models import Service, Ticket
from office.representation import service_dict, status_url

bp = Blueprint(
    "kiosk_pages",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/kiosk/static",
)

LANGUAGES = ("km", "en")
DEFAULT_KIOSK = "kiosk"
RETURN_AFTER_S = 20  # the confirmation screen goes back to the start by itself
PRINTER_POLL_S = 10
ENROLMENT_POLL_S = 60  # a revoked kiosk notices within a minute (and at its next ticket)
QR_CACHE_SECONDS = 24 * 3600  # a ticket's token, and so its QR code, never changes


def plural_forms(phrase) -> dict[str, str]:
    """A counted phrase's forms by CLDR plural category ("one", "other"…) in the current
    language, for the page's Intl.PluralRules; `phrase(n)` is its ngettext."""
    locale = get_locale()
    forms = {}
    for n in (1, 2, 0, 3, 5, 11, 21, 101):
        forms.setdefault(locale.plural_form(n), phrase(n))
    return forms


def kiosk_strings() -> dict:
    """The kiosk's text in the current locale, for its script. Placeholders are {n}, {counter}."""
    return {
        "take_ticket": gettext("Take a ticket"),
        "choose": gettext("Touch the service you need"),
        "fee": gettext("Fee"),
        "riel": gettext("riel"),
        "waiting": plural_forms(
            lambda n: ngettext("%(count)s person waiting", "%(count)s people waiting", n, count="{n}")
        ),
        "sample_fees": gettext("Sample fees: official fees are set by prakas and may change."),
        "no_services": gettext("No services are offered right now."),
        "issuing": gettext("Getting your ticket…"),
        "your_number": gettext("Your number"),
        "people_ahead": gettext("People ahead of you"),
        "people": plural_forms(lambda n: ngettext("%(count)s person", "%(count)s people", n, count="{n}")),
        "estimated_wait": gettext("Estimated wait"),
        "minutes": plural_forms(
            lambda n: ngettext("about %(count)s minute", "about %(count)s minutes", n, count="{n}")
        ),
        "under_a_minute": gettext("less than a minute"),
        "scan": gettext("Scan to follow your turn on your phone"),
        "take_slip": gettext("Please take your printed ticket."),
        "done": gettext("Done"),
        "back_in": gettext("Back to the start in %(seconds)s s", seconds="{n}"),
        "printer_down": gettext("The printer is not working: please note your number or take a photo of the screen."),
        "offline": gettext("No connection to the server. Please try again: you will get only one ticket."),
        "failed": gettext("Something went wrong. Please try again: you will get only one ticket."),
        "unavailable": gettext("This service is not available right now. Please ask at the information desk."),
        "try_again": gettext("Try again"),
        "cancel": gettext("Cancel"),
        "reconnecting": gettext("Connection lost — reconnecting…"),
        "not_enrolled": gettext(
            "This kiosk is not enrolled: its tickets are not printed. An administrator can enrol it."
        ),
        "not_printed": gettext("This ticket is not printed: please note your number or take a photo of the screen."),
        "priority": gettext("Priority ticket: elderly, disabled or pregnant"),
        # Rating a finished service by the ticket's number (POST /api/v1/kiosks/<name>/feedback).
        **rating_strings(),
        "rate": gettext("Rate our service"),
        "back": gettext("Back"),
        "rate_number": gettext("Type the number on your ticket"),
        "clear": gettext("Clear"),
        "backspace": gettext("Delete the last character"),
        "rate_hint": gettext("Type your ticket number and choose a rating to send."),
        "feedback_not_found": gettext(
            "There is no ticket with this number today. Please check the number on your ticket."
        ),
    }


def rating_strings() -> dict:
    """The rating's words, the same on the status page and the kiosk's rating screen: the
    question, the five ratings, the payment question, and how sending went (a refusal by its
    error code)."""
    return {
        "feedback_question": gettext("How was the service?"),
        "rating_1": gettext("Very bad"),
        "rating_2": gettext("Bad"),
        "rating_3": gettext("OK"),
        "rating_4": gettext("Good"),
        "rating_5": gettext("Very good"),
        "payment_question": gettext("Was any payment asked beyond the official fee?"),
        "optional": gettext("(optional)"),
        "yes": gettext("Yes"),
        "no": gettext("No"),
        "send": gettext("Send"),
        "sending": gettext("Sending…"),
        "feedback_thanks": gettext("Thank you for your rating."),
        "feedback_not_finished": gettext("You can rate the service once it is finished."),
        "feedback_already": gettext("This ticket was already rated. Thank you."),
        "feedback_closed": gettext("Ratings are taken for three days after the service; this one is closed."),
        "feedback_offline": gettext("Your rating was not sent: no connection. Please try again."),
        "feedback_failed": gettext("Your rating was not sent. Please try again."),
    }


def status_strings() -> dict:
    """The status page's text in the current locale, for its script."""
    return {
        "waiting": gettext("Waiting"),
        "called": gettext("Called"),
        "serving": gettext("Being served"),
        "done": gettext("Done — thank you"),
        "no_show": gettext("Called, but you were not there"),
        "cancelled": gettext("Cancelled"),
        "your_turn": gettext("It's your turn: counter %(counter)s", counter="{counter}"),
        "at_counter": gettext("At counter %(counter)s", counter="{counter}"),
        "no_show_help": gettext("Please ask at the information desk."),
        "people_ahead": gettext("People ahead of you"),
        "people": plural_forms(lambda n: ngettext("%(count)s person", "%(count)s people", n, count="{n}")),
        "estimated_wait": gettext("Estimated wait"),
        "minutes": plural_forms(
            lambda n: ngettext("about %(count)s minute", "about %(count)s minutes", n, count="{n}")
        ),
        "under_a_minute": gettext("less than a minute"),
        "live": gettext("Updates by itself: keep this page open."),
        "reconnecting": gettext("Connection lost — reconnecting…"),
        # Rating the service once the ticket is finished (POST /api/v1/status/<token>/feedback).
        **rating_strings(),
        "comment_label": gettext("Anything else you want to tell us?"),
        "choose_rating_first": gettext("Choose a rating from 1 to 5 to send."),
    }


def in_every_language(strings) -> dict[str, dict[str, str]]:
    result = {}
    for lang in LANGUAGES:
        with force_locale(lang):
            result[lang] = strings()
    return result


def _public_url() -> str:
    return current_app.config.get("PUBLIC_URL") or request.host_url


def _kiosk_name() -> str:
    """?kiosk=NAME, the printer its tickets print on; a name the API would refuse is ignored."""
    try:
        return parse(schemas.KioskPath, {"kiosk": request.args.get("kiosk", DEFAULT_KIOSK)}, what="the address").kiosk
    except InvalidInput:
        return DEFAULT_KIOSK


@bp.get("/kiosk")
def kiosk_page():
    waiting = engine.waiting_counts()
    services = Service.select().where(Service.active).order_by(Service.position, Service.prefix, Service.id)
    page_config = {
        "kiosk": _kiosk_name(),
        "language": str(get_locale()),
        "services": [service_dict(s, waiting.get(s.id, 0)) for s in services],
        "api": "/api/v1",
        "qrUrl": "/t/{token}/qr.svg",
        "returnAfterS": RETURN_AFTER_S,
        "printerPollS": PRINTER_POLL_S,
        "enrolmentPollS": ENROLMENT_POLL_S,
    }
    return render_template(
        "kiosk/kiosk.html",
        text=in_every_language(kiosk_strings),
        page_config=page_config,
        office_name=current_app.config["OFFICE_NAME"],
    )


def _ticket(token: str) -> Ticket | None:
    if not TOKEN_MIN <= len(token) <= TOKEN_MAX:
        return None
    return Ticket.get_or_none(Ticket.token == token)


@bp.get(f"/t/<string(maxlength={TOKEN_MAX}):token>")
def status_page(token: str):
    ticket = _ticket(token)
    office_name = current_app.config["OFFICE_NAME"]
    lang = str(get_locale())
    if ticket is None:
        return render_template("kiosk/missing.html", office_name=office_name, lang=lang), 404
    page_config = {
        "language": lang,
        # The same answer as GET /api/v1/status/<token>, to draw the page before /ticket connects.
        "status": ticket_status(ticket, current_app.config["CLOCK"]()).model_dump(mode="json"),
        "statusUrl": f"/api/v1/status/{token}",
        "token": ticket.token,
    }
    other = "en" if lang == "km" else "km"
    return render_template(
        "kiosk/status.html",
        text={lang: status_strings()},
        page_config=page_config,
        office_name=office_name,
        lang=lang,
        other_language_url=request.path + f"?lang={other}",
    )


def _qr_code(token: str, **options):
    ticket = _ticket(token)
    if ticket is None:
        return None
    return qrcode.make(status_url(_public_url(), ticket.token), border=4, **options)


def _image_response(image, mimetype: str):
    data = io.BytesIO()
    image.save(data)
    response = current_app.response_class(data.getvalue(), mimetype=mimetype)
    response.cache_control.private = True
    response.cache_control.max_age = QR_CACHE_SECONDS
    return response


@bp.get(f"/t/<string(maxlength={TOKEN_MAX}):token>/qr.svg")
def status_qr_svg(token: str):
    """The status page's address as a QR code, drawn as SVG (sharp at any size)."""
    image = _qr_code(token, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    if image is None:
        return _not_found()
    return _image_response(image, "image/svg+xml")


@bp.get(f"/t/<string(maxlength={TOKEN_MAX}):token>/qr.png")
def status_qr_png(token: str):
    """The same QR code as a PNG, for whatever cannot show SVG."""
    image = _qr_code(token, box_size=8)
    if image is None:
        return _not_found()
    return _image_response(image, "image/png")


def _not_found():
    return current_app.response_class("no ticket with this code\n", status=404, mimetype="text/plain")
