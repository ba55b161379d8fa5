"""The home page, `/`: the first address `onewindow serve` prints. It names the office and
links every screen, with what each is for and the address to open on each device, so that
whoever sets up a kiosk or a TV needs nothing else. It shows no data and needs no login."""

from flask import Blueprint, current_app, render_template, request
from flask_babel import force_locale, gettext

bp = Blueprint("home", __name__, template_folder="templates")

# (screen, path, who opens it where): the words of each are in home_strings().
SCREENS = (
    ("kiosk", "/kiosk"),
    ("display", "/display"),
    ("counter", "/counter"),
    ("supervisor", "/supervisor"),
    ("reports", "/reports"),
    ("admin", "/admin"),
)


def home_strings() -> dict[str, str]:
    return {
        "welcome": gettext("The office's screens"),
        "open_on": gettext("Open on"),
        "kiosk": gettext("Kiosk"),
        "kiosk_about": gettext("Citizens choose a service and take a printed ticket."),
        "kiosk_where": gettext(
            "the touch kiosk, in Chromium's kiosk mode. A kiosk prints only once enrolled: "
            "an administrator enrols it in Administration → Kiosks and opens the one-time link on it."
        ),
        "display": gettext("Waiting-room display"),
        "display_about": gettext("Calls each number to its counter, with a chime and a spoken call."),
        "display_where": gettext(
            "the TV, full screen. A display named in Administration → TV displays has its own address there."
        ),
        "counter": gettext("Counter"),
        "counter_about": gettext("Officers call the next citizen, recall, transfer and finish each service."),
        "counter_where": gettext("each officer's computer; they log in with their own account."),
        "supervisor": gettext("Supervisor"),
        "supervisor_about": gettext("Live queues and counters, out-of-order calls, login alerts."),
        "supervisor_where": gettext("the supervisor's computer."),
        "reports": gettext("Reports"),
        "reports_about": gettext("Waiting and service times by service and counter."),
        "reports_where": gettext("the supervisor's computer."),
        "admin": gettext("Administration"),
        "admin_about": gettext("Services and fees, counters, kiosks, displays, staff and the office's settings."),
        "admin_where": gettext("the administrator's computer."),
        "status": gettext("Citizens follow their ticket on their phone by scanning its QR code."),
    }


@bp.get("/")
def home_page():
    base = (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")
    text = {}
    for lang in ("km", "en"):
        with force_locale(lang):
            text[lang] = home_strings()
    screens = [{"id": screen, "path": path, "url": base + path} for screen, path in SCREENS]
    return render_template(
        "home.html",
        text=text,
        screens=screens,
        office_name=current_app.config["OFFICE_NAME"],
        office_name_km=current_app.config.get("OFFICE_NAME_KM"),
    )
