"""Waiting and service times per service, counter and officer, computed in SQL.

Wait = first call - issue; service = finish - start (tickets that were started and
finished). Percentiles are nearest-rank (the smallest value with at least p% of values at
or below it), computed with window functions that SQLite and PostgreSQL both have.
Tickets count in the office-local days in which they were issued. A ticket counts for the
counter and officer that last held it.
"""

from datetime import date

from office.clock import day_bounds_utc, to_millis
from office.db import database

DIMENSIONS = {"services": "service_id", "counters": "counter_id", "officers": "officer_id"}

_COUNTS = """
SELECT {key} AS k,
       COUNT(*) AS issued,
       SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS served,
       SUM(CASE WHEN status = 'no_show' THEN 1 ELSE 0 END) AS no_show
FROM ticket
WHERE issued_at >= {p} AND issued_at < {p} AND {key} IS NOT NULL
GROUP BY {key}
"""

_DURATIONS = """
WITH d AS (
    SELECT {key} AS k, {end_col} - {start_col} AS ms
    FROM ticket
    WHERE issued_at >= {p} AND issued_at < {p} AND {key} IS NOT NULL
      AND {start_col} IS NOT NULL AND {end_col} IS NOT NULL
),
ranked AS (
    SELECT k, ms,
           ROW_NUMBER() OVER (PARTITION BY k ORDER BY ms) AS rn,
           COUNT(*) OVER (PARTITION BY k) AS n
    FROM d
)
SELECT k,
       AVG(ms) AS mean_ms,
       MAX(CASE WHEN rn = (n * 50 + 99) / 100 THEN ms END) AS p50_ms,
       MAX(CASE WHEN rn = (n * 90 + 99) / 100 THEN ms END) AS p90_ms,
       MAX(ms) AS max_ms
FROM ranked
GROUP BY k
"""

_EMPTY = {"mean": None, "p50": None, "p90": None, "max": None}


def office_stats(first: date, last: date, zone) -> dict:
    """Rows per service, counter and officer for office-local days first..last inclusive."""
    start, end = (to_millis(t) for t in day_bounds_utc(first, last, zone))
    return {name: _rows(key, start, end) for name, key in DIMENSIONS.items()}


def _rows(key: str, start: int, end: int) -> list[dict]:
    p = database.param
    rows = {}
    for k, issued, served, no_show in database.execute_sql(_COUNTS.format(key=key, p=p), (start, end)):
        rows[k] = {
            key: k,
            "issued": issued,
            "served": int(served or 0),
            "no_show": int(no_show or 0),
            "wait_s": dict(_EMPTY),
            "service_s": dict(_EMPTY),
        }
    for label, start_col, end_col in (
        ("wait_s", "issued_at", "first_called_at"),
        ("service_s", "started_at", "finished_at"),
    ):
        sql = _DURATIONS.format(key=key, p=p, start_col=start_col, end_col=end_col)
        for k, mean_ms, p50_ms, p90_ms, max_ms in database.execute_sql(sql, (start, end)):
            rows[k][label] = {
                "mean": _seconds(mean_ms),
                "p50": _seconds(p50_ms),
                "p90": _seconds(p90_ms),
                "max": _seconds(max_ms),
            }
    return [rows[k] for k in sorted(rows)]


def _seconds(ms) -> float | None:
    return None if ms is None else round(float(ms) / 1000.0, 3)
