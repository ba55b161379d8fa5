"""The office's figures for the public (`/office`, GET /api/v1/public/figures): per service and
month, what a citizen may fairly judge the office by (tickets served, the median and p90 wait,
the share served within the service's target wait, the citizens' mean rating, the official
fee and processing days), and nothing that points at a person: no names, no counters, no
officers, no comments, and no figures for a service with fewer than MIN_TICKETS served that
month, nor a mean rating of fewer than MIN_TICKETS ratings (a small group could point at
someone).
The figures are the reports' (office/report_figures.py); the months offered are this one and
the last twelve."""

from datetime import date, timedelta

from office import satisfaction
from office.daily_figures import month_of
from office.errors import InvalidInput
from office.models import Service
from office.report_figures import Filters, figure_rows

MIN_TICKETS = 5
MONTHS = 13  # this month and the last twelve


def months_offered(today: date) -> list[date]:
    """The first days of this month and the last twelve, newest first."""
    months = [month_of(today)]
    while len(months) < MONTHS:
        months.append(month_of(months[-1] - timedelta(days=1)))
    return months


def public_figures(month: date, today: date, zone) -> dict:
    """{"month", "from", "to", "services": [...]} for `month` (its first day), up to today.
    InvalidInput (field "month") for a month not offered."""
    if month not in months_offered(today):
        raise InvalidInput("month: this month or one of the last twelve (YYYY-MM)", field="month")
    last = min(month_of(month + timedelta(days=31)) - timedelta(days=1), today)
    rows, _method = figure_rows(month, last, zone, Filters(), ("services",))
    counted = rows["services"]
    rated = satisfaction.by("services", month, last)
    services = (
        Service.select()
        .where(Service.active | Service.id.in_(list(counted) or [0]))
        .order_by(Service.position, Service.id)
    )
    return {
        "month": month.strftime("%Y-%m"),
        "from": month.isoformat(),
        "to": last.isoformat(),
        "services": [_row(service, counted.get(service.id), rated.get(service.id)) for service in services],
    }


def _row(service: Service, figures: dict | None, rated: dict | None) -> dict:
    served = figures["served"] if figures else 0
    shown = served >= MIN_TICKETS
    ratings = rated["ratings"] if rated else 0
    rated_shown = shown and ratings >= MIN_TICKETS
    return {
        "service_id": service.id,
        "prefix": service.prefix,
        "name_en": service.name_en,
        "name_km": service.name_km,
        "group_en": service.group_en,
        "group_km": service.group_km,
        "fee_riel": service.fee_riel,
        "processing_days": service.processing_days,
        "shown": shown,
        "served": served if shown else None,
        "wait_p50_s": figures["wait_s"]["p50"] if shown else None,
        "wait_p90_s": figures["wait_s"]["p90"] if shown else None,
        "within_target": figures["within_target"] if shown else None,
        "ratings": ratings if rated_shown else None,
        "rating_mean": rated["mean"] if rated_shown else None,
    }
