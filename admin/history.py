"""The history of the administration's changes: a page (/admin/history) and a JSON API
(/api/v1/admin/history), newest first, a page at a time, filtered by kind. The query is
office/history.py; the words for each kind of change are here, for the pages."""

from flask_babel import gettext

from admin.blueprints import api, pages
from admin.common import admin_page, render_admin_page
from admin.common import clock as _clock
from office import history
from office.changes import CHANGE_KINDS
from office.contract import operation
from office.roles import ADMINS
from office.staff_schemas import History, HistoryQuery


@api.get("/history")
@operation(
    "The administration's changes, newest first: who, when, what, before and after",
    description="A page of `limit` entries; pass `next_before` as `before` for the next (older) page.",
    roles=ADMINS,
    query=HistoryQuery,
    answers={200: History},
)
def list_history(query: HistoryQuery):
    entries, next_before = history.history(zone=_clock().zone, limit=query.limit, before=query.before, kind=query.kind)
    return History(entries=entries, next_before=next_before)


def recent_changes(limit: int = 5) -> list[dict]:
    """The latest changes, for the administration's home page."""
    entries, _ = history.history(zone=_clock().zone, limit=limit)
    return entries


def kind_strings() -> dict[str, str]:
    """Each kind of change, for people (keys: the kinds of office.changes.CHANGE_KINDS)."""
    strings = {
        "service_added": gettext("Service added"),
        "service_changed": gettext("Service changed"),
        "services_imported": gettext("Services imported"),
        "counter_added": gettext("Counter added"),
        "counter_changed": gettext("Counter changed"),
        "kiosk_enrolled": gettext("Kiosk enrolled"),
        "kiosk_changed": gettext("Kiosk changed"),
        "kiosk_revoked": gettext("Kiosk revoked"),
        "display_added": gettext("TV display added"),
        "display_changed": gettext("TV display changed"),
        "user_added": gettext("Staff member added"),
        "user_changed": gettext("Staff member changed"),
        "user_password_reset": gettext("Password reset"),
        "user_disabled": gettext("Staff member disabled"),
        "user_enabled": gettext("Staff member enabled"),
        "settings_changed": gettext("Office settings changed"),
    }
    return {kind: strings.get(kind, kind) for kind in CHANGE_KINDS}


def history_strings() -> dict[str, str]:
    """The page's words, in the current locale."""
    return {
        **kind_strings(),
        "history": gettext("History"),
        "recent_changes": gettext("Recent changes"),
        "all_changes": gettext("All changes"),
        "when": gettext("When"),
        "who": gettext("Who"),
        "change": gettext("Change"),
        "before_after": gettext("Before → after"),
        "kind": gettext("Kind"),
        "every_kind": gettext("Every kind"),
        "older": gettext("Older changes"),
        "nobody": gettext("the system"),
        "none": gettext("No changes yet."),
        "not_done": gettext("Not done:"),
    }


@pages.get("/admin/history")
@admin_page
def history_page():
    return render_admin_page("admin/history.html", history_strings, kinds=list(CHANGE_KINDS))
