"""The office's figures for everyone, no login: the page `/office` and GET
/api/v1/public/figures (JSON) and /figures.csv, for this month or one of the last twelve
(`?month=YYYY-MM`). What they show, and what they never show, is office/public_figures.py's.
A month's figures are computed off the event loop and kept a minute (a public page may be
asked often)."""

import time
from datetime import date

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import force_locale, gettext

from office import report_exports
from office import report_schemas as schemas
from office.contract import Media, operation
from office.db import connection_if_closed
from office.errors import InvalidInput
from office.public_figures import MIN_TICKETS, months_offered, public_figures

api = Blueprint("public_api", __name__, url_prefix="/api/v1/public")
pages = Blueprint(
    "public_pages",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/reports/public-static",
)
KEPT_S = 60
ABOUT = (
    "Per service, for this month (the default) or one of the last twelve: tickets served, median and p90 "
    f"wait, the share served within the service's target wait, the citizens' mean rating (ratings, "
    f"rating_mean: from {MIN_TICKETS} ratings), the official fee and processing days. A "
    f"service with fewer than {MIN_TICKETS} tickets served that month shows no figures (shown: false). "
    "Nothing names a citizen, a counter or an officer. A month not offered is 400 (field month)."
)


@api.get("/figures")
@operation(
    "The office's public figures of a month",
    description=ABOUT,
    query=schemas.PublicFiguresQuery,
    answers={200: schemas.PublicFigures},
)
def figures(query: schemas.PublicFiguresQuery):
    return schemas.PublicFigures(**_figures(query.month))


@api.get("/figures.csv")
@operation(
    "The same as CSV, a row per service",
    description=ABOUT,
    query=schemas.PublicFiguresQuery,
    answers={200: Media("text/csv", "the month's figures")},
)
def figures_csv(query: schemas.PublicFiguresQuery):
    result = _figures(query.month)
    return Response(
        report_exports.public_csv(result),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="owso-figures-{result["month"]}.csv"'},
    )


@pages.get("/office")
def office_page():
    try:
        result = _figures(request.args.get("month"))
    except InvalidInput:
        result = _figures(None)  # a page asked for a month not offered shows this month's
    text = {}
    for lang in ("km", "en"):
        with force_locale(lang):
            text[lang] = public_strings()
    return render_template(
        "reports/office.html",
        text=text,
        figures=result,
        months=[m.strftime("%Y-%m") for m in months_offered(_clock().local_day())],
        office_name=current_app.config["OFFICE_NAME"],
        office_name_km=current_app.config.get("OFFICE_NAME_KM"),
        minimum=MIN_TICKETS,
    )


def public_strings() -> dict[str, str]:
    return {
        "title": gettext("How this office serves"),
        "month": gettext("Month"),
        "show": gettext("Show"),
        "service": gettext("Service"),
        "fee": gettext("Official fee (riel)"),
        "days": gettext("Processing days"),
        "served": gettext("Served"),
        "median_wait": gettext("Median wait (minutes)"),
        "p90_wait": gettext("9 in 10 waited at most (minutes)"),
        "within_target": gettext("Served within the target wait"),
        "too_few": gettext("Fewer than %(count)s served: not shown", count="{n}"),
        "about": gettext(
            "Waits are from taking the ticket to being called. Nothing here names a citizen or an officer."
        ),
        "csv": gettext("Download (CSV)"),
        "rating": gettext("Citizens' rating"),
        "rating_count": gettext("%(count)s ratings", count="{n}"),
        "rating_about": gettext(
            "Citizens rate the service from 1 (very bad) to 5 (very good); a mean is shown from %(count)s ratings.",
            count="{n}",
        ),
    }


def _clock():
    return current_app.config["CLOCK"]


def _figures(month: str | None) -> dict:
    clock = _clock()
    today = clock.local_day()
    try:
        first = date.fromisoformat(f"{month}-01") if month else today.replace(day=1)
    except ValueError as error:  # the pattern lets through a year 0000
        raise InvalidInput("month: this month or one of the last twelve (YYYY-MM)", field="month") from error
    key = (first, today)
    kept = current_app.extensions.setdefault("onewindow.public_figures", {})
    hit = kept.get(key)
    if hit and hit[0] > time.monotonic():
        return hit[1]
    run_blocking = current_app.extensions["onewindow.run_blocking"]
    result = run_blocking(_compute, first, today, clock.zone)
    if len(kept) > 2 * len(months_offered(today)):  # yesterday's keys
        kept.clear()
    kept[key] = (time.monotonic() + KEPT_S, result)
    return result


def _compute(first: date, today: date, zone) -> dict:
    """In the worker thread, with a connection of its own (as the reports' summary)."""
    with connection_if_closed():
        return public_figures(first, today, zone)
