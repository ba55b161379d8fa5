"""/admin: the administration's home, a link to each section with what it sets up."""

from flask_babel import gettext

from admin.blueprints import pages
from admin.common import admin_page, render_admin_page
from admin.history import kind_strings, recent_changes

# (section id, path): the page of each; its words are in admin_strings().
SECTIONS = (
    ("services", "/admin/services"),
    ("counters", "/admin/counters"),
    ("kiosks", "/admin/kiosks"),
    ("displays", "/admin/displays"),
    ("users", "/admin/users"),
    ("settings", "/admin/settings"),
    ("history", "/admin/history"),
)


def admin_strings() -> dict[str, str]:
    return {
        "administration": gettext("Administration"),
        "services": gettext("Services"),
        "services_about": gettext("Services, official fees, required documents; import and export as CSV"),
        "counters": gettext("Counters"),
        "counters_about": gettext("Counters and the services each one serves"),
        "kiosks": gettext("Kiosks"),
        "kiosks_about": gettext("Touch kiosks, their printers and paper"),
        "displays": gettext("TV displays"),
        "displays_about": gettext("Waiting-room TVs: which counters and services, which languages"),
        "users": gettext("Staff"),
        "users_about": gettext("Staff accounts: roles, passwords, disabling"),
        "settings": gettext("Office settings"),
        "settings_about": gettext("Office name, time zone, announcement languages, public address, opening hours"),
        "history": gettext("History"),
        "history_about": gettext("Every change made here: who, when, before and after"),
        # the "Recent changes" panel (admin/history.py)
        **kind_strings(),
        "recent_changes": gettext("Recent changes"),
        "all_changes": gettext("All changes"),
        "nobody": gettext("the system"),
        "no_changes": gettext("No changes yet."),
    }


@pages.get("/admin")
@admin_page
def index_page():
    return render_admin_page(
        "admin/index.html", admin_strings, sections=[name for name, _ in SECTIONS], recent=recent_changes()
    )
