"""/reports, the Reports page (supervisors and admins): the period and the filters, the
figures per service, counter, officer, hour and weekday, the officers' time, the out-of-order
calls, the estimates' accuracy, three charts and the exports. reports.js draws it all from
GET /api/v1/reports/summary; this view gives it the words (Khmer and English) and what the
filters offer (services and their groups, counters, officers)."""

from flask import Blueprint, abort, current_app, make_response, render_template
from flask_babel import force_locale, gettext
from flask_login import current_user, login_required

from office.models import Counter, Service, User
from office.roles import SUPERVISORS

bp = Blueprint(
    "reports_pages",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/reports/static",
)


def report_strings() -> dict[str, str]:
    """The page's words, in the current locale. Placeholder: {n}."""
    return {
        "reports": gettext("Reports"),
        "period": gettext("Period"),
        "today": gettext("Today"),
        "this_week": gettext("This week"),
        "this_month": gettext("This month"),
        "range": gettext("Range"),
        "from": gettext("From"),
        "to": gettext("To"),
        "show": gettext("Show"),
        "group": gettext("Service group"),
        "service": gettext("Service"),
        "counter": gettext("Counter"),
        "officer": gettext("Officer"),
        "hour": gettext("Hour"),
        "weekday": gettext("Weekday"),
        "all": gettext("All"),
        "services": gettext("Services"),
        "counters": gettext("Counters"),
        "officers": gettext("Officers"),
        "hours": gettext("Hours of the day"),
        "weekdays": gettext("Weekdays"),
        "issued": gettext("Issued"),
        "served": gettext("Served"),
        "no_show": gettext("No-show"),
        "cancelled": gettext("Cancelled"),
        "transferred": gettext("Transferred"),
        "wait": gettext("Wait"),
        "walk": gettext("Walk to the counter"),
        "service_time": gettext("Service time"),
        "mean": gettext("mean"),
        "p50": gettext("p50"),
        "p90": gettext("p90"),
        "max": gettext("max"),
        "within_target": gettext("Within target wait"),
        "signed_in": gettext("Signed in"),
        "paused": gettext("Paused"),
        "busy": gettext("Busy"),
        "idle": gettext("Idle"),
        "recalls": gettext("Recalls"),
        "officers_time": gettext("Officers' time"),
        "out_of_order": gettext("Out-of-order calls"),
        "signals": gettext("Signals to look at (the whole office, whatever the filters)"),
        "short_services": gettext("Services finished in under"),
        "long_pauses": gettext("Pauses longer than"),
        "recalls_no_shows": gettext("Recalls and no-shows by officer"),
        "out_of_order_reasons": gettext("Out-of-order calls by reason"),
        "time": gettext("Time"),
        "ticket": gettext("Ticket"),
        "by": gettext("By"),
        "passed_over": gettext("Passed over"),
        "reason": gettext("Reason"),
        "estimates": gettext("Estimate accuracy"),
        "estimated_tickets": gettext("Tickets with an estimate"),
        "mean_error": gettext("Mean error"),
        "within_5min": gettext("Within ±5 min"),
        "charts": gettext("Charts"),
        "arrivals_by_hour": gettext("Arrivals and mean wait by hour"),
        "arrivals": gettext("Arrivals"),
        "mean_wait": gettext("Mean wait"),
        "waits_by_day": gettext("Mean wait by day"),
        "within_by_service": gettext("Share served within target, by service"),
        "exports": gettext("Exports"),
        "summary_csv": gettext("Summary (CSV)"),
        "summary_xlsx": gettext("Summary (Excel)"),
        "tickets_csv": gettext("Every ticket (CSV)"),
        "nothing": gettext("Nothing to count in this period."),
        "loading": gettext("Loading…"),
        "not_done": gettext("Not done:"),
        "mon": gettext("Monday"),
        "tue": gettext("Tuesday"),
        "wed": gettext("Wednesday"),
        "thu": gettext("Thursday"),
        "fri": gettext("Friday"),
        "sat": gettext("Saturday"),
        "sun": gettext("Sunday"),
        "satisfaction": gettext("Citizens' ratings"),
        "ratings": gettext("Ratings"),
        "mean_rating": gettext("Mean rating"),
        "payment_asked_share": gettext("Payment asked"),
        "payment_asked_hint": gettext(
            "Share of the citizens who answered that a payment was asked beyond the official fee"
        ),
        "payment_asked": gettext("Payment asked beyond the official fee"),
        "comments": gettext("Citizens' comments"),
        "comments_note": gettext("For supervisors only: never show a comment to the officer it concerns."),
        "rating": gettext("Rating"),
        "comment": gettext("Comment"),
    }


@bp.get("/reports")
@login_required
def reports_page():
    if current_user.role not in SUPERVISORS:
        abort(403)
    text = {}
    for lang in ("km", "en"):
        with force_locale(lang):
            text[lang] = report_strings()
    user = current_user.user
    clock = current_app.config["CLOCK"]
    page_config = {
        "officeName": current_app.config["OFFICE_NAME"],
        "timezone": current_app.config["TIMEZONE"],
        "user": {"id": user.id, "username": user.username, "role": user.role},
        "api": "/api/v1",
        "today": clock.local_day().isoformat(),
        **_choices(),
    }
    response = make_response(render_template("reports/reports.html", page_config=page_config, text=text))
    # Never from a cache: after logging out, Back must not show the page (and its CSRF token).
    response.headers["Cache-Control"] = "no-store"
    return response


def _choices() -> dict:
    """What the filters offer: every service (deactivated ones too: their tickets are in the
    history), its group, every counter and every officer, supervisor and admin."""
    services = list(Service.select().order_by(Service.position, Service.id))
    groups = {}
    for service in services:
        groups.setdefault(service.group_en, service.group_km)
    return {
        "groups": [{"en": en, "km": km} for en, km in groups.items()],
        "services": [
            {"id": s.id, "prefix": s.prefix, "name_en": s.name_en, "name_km": s.name_km, "group_en": s.group_en}
            for s in services
        ],
        "counters": [{"id": c.id, "name": c.name} for c in Counter.select().order_by(Counter.id)],
        "officers": [{"id": u.id, "username": u.username} for u in User.select().order_by(User.username)],
    }
