"""The reports as files: the summary as CSV (one table, a `dimension` column) and as an Excel
workbook (a sheet per dimension), and the raw ticket log as CSV, produced a chunk at a time so
that a year of tickets never sits in memory.

Every CSV is UTF-8 with a BOM, so that Excel reads the Khmer names. A text cell that a
spreadsheet would run as a formula (=, +, -, @) is written after a quote.
"""

import bisect
import csv
import io
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

from openpyxl import Workbook

from office.clock import day_bounds_utc, from_millis, to_millis
from office.db import database
from office.local_time import offset_spans
from office.models import Counter, Service, User

BOM = "\ufeff"
TICKET_LOG_CHUNK = 2000  # tickets read per query
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_KM = ("ថ្ងៃចន្ទ", "ថ្ងៃអង្គារ", "ថ្ងៃពុធ", "ថ្ងៃព្រហស្បតិ៍", "ថ្ងៃសុក្រ", "ថ្ងៃសៅរ៍", "ថ្ងៃអាទិត្យ")

EXPORTED = ("services", "counters", "officers", "hours", "weekdays", "days")  # the summary's dimensions, in order
DURATION_COLUMNS = [f"{d}_{s}_s" for d in ("wait", "walk", "service") for s in ("mean", "p50", "p90", "max")]
SUMMARY_COLUMNS = [
    "dimension",
    "id",
    "name_en",
    "name_km",
    "group_en",
    "group_km",
    "issued",
    "served",
    "no_show",
    "cancelled",
    "transferred",
    *DURATION_COLUMNS,
    "within_target",
    "target_wait_min",
    "estimate_tickets",
    "estimate_mean_abs_error_s",
    "estimate_within_5min",
    "service_time_s",
    "recalls",
    "signed_in_s",
    "paused_s",
    "busy_s",
    "idle_s",
    "ratings",
    "rating_mean",
    "payment_asked",
    "payment_answers",
    "payment_asked_share",
]
OUT_OF_ORDER_COLUMNS = ["at", "number", "service_id", "counter", "actor", "passed_over", "reason"]
TICKET_LOG_COLUMNS = [
    "number",
    "service_prefix",
    "service_en",
    "service_km",
    "priority",
    "status",
    "issued_at",
    "first_called_at",
    "called_at",
    "started_at",
    "finished_at",
    "counter",
    "officer",
    "estimated_wait_s",
    "fee_riel",
]


def summary_rows(figures: dict) -> Iterator[dict]:
    """The report as flat rows, a dimension after another (SUMMARY_COLUMNS)."""
    for dimension in EXPORTED:
        for row in figures[dimension]:
            flat = {"dimension": dimension, **_names(dimension, row)}
            for column in ("issued", "served", "no_show", "cancelled", "transferred", "within_target"):
                flat[column] = row[column]
            for what in ("wait", "walk", "service"):
                for stat, value in row[f"{what}_s"].items():
                    flat[f"{what}_{stat}_s"] = value
            if dimension == "services":
                flat["target_wait_min"] = row["target_wait_min"]
                flat["estimate_tickets"] = row["estimate"]["tickets"]
                flat["estimate_mean_abs_error_s"] = row["estimate"]["mean_abs_error_s"]
                flat["estimate_within_5min"] = row["estimate"]["within_5min"]
            if dimension == "officers":
                for column in ("service_time_s", "recalls", "signed_in_s", "paused_s", "busy_s", "idle_s"):
                    flat[column] = row[column]
            if "satisfaction" in row:
                rated = row["satisfaction"]
                flat.update({column: rated[column] for column in ("ratings", "payment_asked", "payment_answers")})
                flat.update(rating_mean=rated["mean"], payment_asked_share=rated["payment_asked_share"])
            yield flat


def _names(dimension: str, row: dict) -> dict:
    if dimension == "services":
        return {
            "id": row["service_id"],
            "name_en": f"{row['prefix']} {row['name_en']}",
            "name_km": f"{row['prefix']} {row['name_km']}",
            "group_en": row["group_en"],
            "group_km": row["group_km"],
        }
    if dimension == "counters":
        return {"id": row["counter_id"], "name_en": row["name"], "name_km": row["name"]}
    if dimension == "officers":
        return {"id": row["officer_id"], "name_en": row["username"], "name_km": row["username"]}
    if dimension == "hours":
        label = f"{row['hour']:02d}:00"
        return {"id": row["hour"], "name_en": label, "name_km": label}
    if dimension == "days":
        return {"id": row["day"], "name_en": row["day"], "name_km": row["day"]}
    weekday = row["weekday"]
    return {"id": weekday, "name_en": WEEKDAYS_EN[weekday - 1], "name_km": WEEKDAYS_KM[weekday - 1]}


def summary_csv(figures: dict) -> bytes:
    """The summary as one CSV table: a row per service, counter, officer, hour, weekday and
    day (its id the date), the `dimension` column saying which; a figure that does not apply is empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SUMMARY_COLUMNS)
    for row in summary_rows(figures):
        writer.writerow([_safe(row.get(column)) for column in SUMMARY_COLUMNS])
    return (BOM + out.getvalue()).encode("utf-8")


def summary_xlsx(figures: dict) -> bytes:
    """The summary as a workbook: a sheet per dimension (their columns as in the CSV, less
    the ones that do not apply), then the out-of-order calls."""
    book = Workbook()
    book.remove(book.active)
    rows = list(summary_rows(figures))
    for dimension in EXPORTED:
        mine = [row for row in rows if row["dimension"] == dimension]
        columns = [c for c in SUMMARY_COLUMNS[1:] if any(row.get(c) is not None for row in mine)] or ["id"]
        sheet = book.create_sheet(dimension)
        sheet.append(columns)
        for row in mine:
            sheet.append([_safe(row.get(column)) for column in columns])
    sheet = book.create_sheet("out_of_order_calls")
    sheet.append(OUT_OF_ORDER_COLUMNS)
    for call in figures["out_of_order_calls"]:
        passed = " ".join(p["number"] for p in call["passed_over"])
        values = (
            call["at"],
            call["number"],
            call["service_id"],
            call["counter"],
            call["actor"],
            passed,
            call["reason"],
        )
        sheet.append([_safe(v) for v in values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ticket_log(first: date, last: date, zone, run: Callable = lambda fn, *args: fn(*args)) -> Iterator[str]:
    """The CSV of every ticket issued in office-local days first..last, one per line in the
    order they were issued, times in the office's zone (ISO 8601 with its offset).
    Yields the text a chunk of tickets at a time: each chunk is one query resuming after the
    last id, so memory holds one chunk whatever the period. Each chunk is read and written by
    `run(fn, *args)` (the server hands a worker thread's runner, so that a year's export does
    not hold up the event loop a chunk at a time)."""
    start, end = (to_millis(t) for t in day_bounds_utc(first, last, zone))
    names = (*run(_log_names), _local_iso(start, end, zone))
    yield BOM + _csv_line(TICKET_LOG_COLUMNS)
    after = (start, 0)
    while after is not None:
        text, after = run(_log_chunk, end, names, after)
        if text:
            yield text


def _log_names() -> tuple[dict, dict, dict]:
    services = {s.id: s for s in Service.select()}
    counters = dict(Counter.select(Counter.id, Counter.name).tuples())
    officers = dict(User.select(User.id, User.username).tuples())
    return services, counters, officers


def _log_chunk(end: int, names: tuple, after: tuple[int, int]) -> tuple[str, tuple | None]:
    """The CSV lines of the next TICKET_LOG_CHUNK tickets after `after` (issued_at, id), and
    where the next chunk starts (None: this was the last)."""
    services, counters, officers, local = names
    p = database.param
    sql = (
        "SELECT id, number, service_id, priority, status, issued_at, first_called_at, called_at, started_at, "
        "finished_at, counter_id, officer_id, estimated_wait_s, fee_riel FROM ticket "
        # Resume after the last (issued_at, id) written: a range of the issue-time index, read
        # in its order, so each chunk costs the same however far into the year it is.
        f"WHERE issued_at >= {p} AND issued_at < {p} AND (issued_at > {p} OR id > {p}) "
        f"ORDER BY issued_at, id LIMIT {TICKET_LOG_CHUNK}"
    )
    chunk = list(database.execute_sql(sql, (after[0], end, after[0], after[1])))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for tid, number, sid, priority, status, *times, cid, oid, est, fee in chunk:
        service = services.get(sid)
        writer.writerow(
            [
                number,
                service.prefix if service else "",
                _safe(service.name_en) if service else "",
                _safe(service.name_km) if service else "",
                int(bool(priority)),
                status,
                *(local(ms) for ms in times),
                _safe(counters.get(cid)),
                _safe(officers.get(oid)),
                est,
                fee,
            ]
        )
        after = (int(times[0]), tid)
    return out.getvalue(), (after if len(chunk) == TICKET_LOG_CHUNK else None)


def _local_iso(start: int, end: int, zone):
    """ms -> "2026-11-25T09:00:00+07:00", the office's time with its offset. The offset comes
    from the period's spans of one UTC offset (office/local_time.offset_spans): adding it
    and formatting a naive time is several times faster than converting each time to the zone,
    which counts over a year of tickets. A time outside the period (a call after it) is
    converted the slow way."""
    spans = offset_spans(start, end, zone)
    starts = [span_start for span_start, _ in spans]
    suffixes = [_offset_text(offset) for _, offset in spans]
    epoch = datetime(1970, 1, 1)

    def local(ms):
        if ms is None:
            return None
        ms = int(ms)
        if not start <= ms < end:
            return from_millis(ms).astimezone(zone).isoformat(timespec="seconds")
        i = bisect.bisect_right(starts, ms) - 1
        moment = epoch + timedelta(seconds=(ms + spans[i][1]) // 1000)
        return moment.isoformat() + suffixes[i]

    return local


def _offset_text(offset_ms: int) -> str:
    sign = "-" if offset_ms < 0 else "+"
    minutes = abs(offset_ms) // 60_000
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


PUBLIC_COLUMNS = [
    "service_id",
    "prefix",
    "name_en",
    "name_km",
    "group_en",
    "group_km",
    "fee_riel",
    "processing_days",
    "shown",
    "served",
    "wait_p50_s",
    "wait_p90_s",
    "within_target",
    "ratings",
    "rating_mean",
]


def public_csv(figures: dict) -> bytes:
    """The public figures of a month (office/public_figures.py) as CSV, a row per service."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(PUBLIC_COLUMNS)
    for row in figures["services"]:
        writer.writerow([_safe(row[column]) for column in PUBLIC_COLUMNS])
    return (BOM + out.getvalue()).encode("utf-8")


def _csv_line(values: list) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(values)
    return out.getvalue()


def _safe(value):
    """A text cell a spreadsheet would run as a formula is written after a quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
