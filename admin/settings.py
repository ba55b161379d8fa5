"""The office's settings, set by its administrator: a page (/admin/settings) and a JSON API
(/api/v1/admin/settings). The rules are office/settings.py; onewindow/office_settings.py puts
a change to work at once, without a restart."""

from flask import current_app, g
from flask_babel import gettext

from admin.blueprints import api, pages
from admin.common import admin_page, render_admin_page
from admin.common import bus as _bus
from admin.common import clock as _clock
from office import settings
from office.contract import operation
from office.roles import ADMINS
from office.staff_schemas import OfficeSettings, SettingsChangeRequest

OFFICE_SETTINGS = "onewindow.office_settings"  # the application's keeper of them (onewindow/)


def _keeper():
    return current_app.extensions[OFFICE_SETTINGS]


def settings_answer(values: dict) -> OfficeSettings:
    return OfficeSettings(**values, public_url_in_use=current_app.config.get("PUBLIC_URL") or None)


@api.get("/settings")
@operation("The office's settings", roles=ADMINS, answers={200: OfficeSettings})
def get_settings():
    return settings_answer(_keeper().current())


@api.patch("/settings")
@operation(
    "Change some of the office's settings",
    description="Only the settings given change; each is checked before any is written. They take effect "
    "at once in this server process, and within SETTINGS_CHECK_S seconds in others.",
    roles=ADMINS,
    body=SettingsChangeRequest,
    answers={200: OfficeSettings},
)
def change_settings(body: SettingsChangeRequest):
    keeper = _keeper()
    values = settings.change_settings(
        body.model_dump(exclude_unset=True), defaults=keeper.defaults(), actor_id=g.user.id, clock=_clock(), bus=_bus()
    )
    keeper.changed()
    return settings_answer(values)


def settings_strings() -> dict[str, str]:
    """The page's words, in the current locale."""
    return {
        "settings": gettext("Office settings"),
        "office_name_km": gettext("Office name in Khmer"),
        "office_name_en": gettext("Office name in English"),
        "timezone": gettext("Time zone"),
        "timezone_note": gettext(
            "Ticket numbers restart at midnight in this time zone: change it only when the office is closed."
        ),
        "timezone_confirm": gettext(
            "Change the time zone? Ticket numbers and daily reports follow the new midnight from now on."
        ),
        "announce_languages": gettext("Languages the TVs announce calls in"),
        "khmer": gettext("Khmer"),
        "english": gettext("English"),
        "public_url": gettext("Public address for the tickets' QR codes"),
        "public_url_note": gettext("Empty: automatic. Now in use:"),
        "opening_hours": gettext("Opening hours"),
        "open": gettext("Open"),
        "opens": gettext("Opens"),
        "closes": gettext("Closes"),
        "mon": gettext("Monday"),
        "tue": gettext("Tuesday"),
        "wed": gettext("Wednesday"),
        "thu": gettext("Thursday"),
        "fri": gettext("Friday"),
        "sat": gettext("Saturday"),
        "sun": gettext("Sunday"),
        "public_holidays": gettext("Public holidays"),
        "public_holidays_note": gettext(
            "Days the office is closed beyond its opening hours: cases' due dates count working days without them."
        ),
        "holiday_date": gettext("Date"),
        "holiday_name": gettext("Name"),
        "add": gettext("Add"),
        "remove": gettext("Remove"),
        "no_holidays": gettext("No public holidays yet."),
        "save": gettext("Save"),
        "saved": gettext("Saved."),
        "not_done": gettext("Not done:"),
    }


@pages.get("/admin/settings")
@admin_page
def settings_page():
    return render_admin_page(
        "admin/settings.html",
        settings_strings,
        weekdays=list(settings.WEEKDAYS),
        timezones=sorted(settings.time_zones()),
    )
