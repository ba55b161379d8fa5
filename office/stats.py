"""Waiting and service times per service, counter and officer (GET /api/v1/stats, the
counter's "today").

Wait = first call - issue; service = finish - start (tickets that were started and
finished). Tickets count in the office-local days in which they were issued, for the counter
and officer that last held them. The figures are the reports' (office/report_figures.py):
the same daily rows, the same percentiles (nearest-rank; exact up to 50,000 tickets, read
from the duration bins beyond).
"""

from datetime import date

from office.report_figures import Filters, figure_rows

DIMENSIONS = {"services": "service_id", "counters": "counter_id", "officers": "officer_id"}


def office_stats(first: date, last: date, zone) -> dict:
    """Rows per service, counter and officer for office-local days first..last inclusive."""
    rows, _ = figure_rows(first, last, zone, Filters(), tuple(DIMENSIONS))
    return {
        name: [
            {
                key: k,
                "issued": row["issued"],
                "served": row["served"],
                "no_show": row["no_show"],
                "wait_s": row["wait_s"],
                "service_s": row["service_s"],
            }
            for k, row in sorted(rows[name].items())
        ]
        for name, key in DIMENSIONS.items()
    }
