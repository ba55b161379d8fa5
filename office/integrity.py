"""Integrity signals for supervisors (issue 12, item 4): what a supervisor should look at in a
period, because queue-jumping and rushed or skipped services are how a queue is abused. Each
is a fact from the record, never a verdict:

- out-of-order calls, by officer and by reason (the officer gave one at each call);
- tickets issued in the period and finished in less than `min_service_s` after their start;
- recalls and no-shows by officer (from the reports' daily rows);
- pauses longer than `long_pause_min`: from `paused` to `resumed` (or the sign-out, or the
  period's end) at a counter, with who paused;
- ratings whose citizen said a payment was asked beyond the official fee.
"""

from datetime import date

from office import satisfaction
from office.clock import day_bounds_utc, from_millis, iso_utc, to_millis
from office.db import database
from office.models import Counter, User
from office.report_figures import Filters, figure_rows
from office.reports import out_of_order_calls

MIN_SERVICE_S = 60  # a service finished faster than this is listed
LONG_PAUSE_MIN = 30  # a pause longer than this is listed


def signals(first: date, last: date, zone, *, min_service_s=MIN_SERVICE_S, long_pause_min=LONG_PAUSE_MIN) -> dict:
    start, end = (to_millis(t) for t in day_bounds_utc(first, last, zone))
    names = dict(User.select(User.id, User.username).tuples())
    counters = dict(Counter.select(Counter.id, Counter.name).tuples())
    calls = out_of_order_calls(first, last, zone)
    return {
        "min_service_s": min_service_s,
        "long_pause_min": long_pause_min,
        "out_of_order_by_officer": _calls_by_officer(calls),
        "out_of_order_by_reason": _calls_by_reason(calls),
        "short_services": _short_services(start, end, min_service_s * 1000, names, counters),
        "recalls_and_no_shows": _recalls_and_no_shows(first, last, zone, names),
        "long_pauses": _long_pauses(start, end, long_pause_min * 60_000, names, counters),
        "payment_asked": satisfaction.payment_asked(first, last),
    }


def _calls_by_officer(calls: list[dict]) -> list[dict]:
    officers: dict[int, dict] = {}
    for call in calls:
        row = officers.setdefault(
            call["actor_id"], {"officer_id": call["actor_id"], "officer": call["actor"], "calls": 0}
        )
        row["calls"] += 1
        reasons = row.setdefault("reasons", {})
        reasons[call["reason"] or ""] = reasons.get(call["reason"] or "", 0) + 1
    return sorted(officers.values(), key=lambda row: (-row["calls"], row["officer"]))


def _calls_by_reason(calls: list[dict]) -> list[dict]:
    reasons: dict[str, int] = {}
    for call in calls:
        reasons[call["reason"] or ""] = reasons.get(call["reason"] or "", 0) + 1
    return [
        {"reason": reason, "calls": n} for reason, n in sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    ]


def _short_services(start: int, end: int, min_ms: int, names: dict, counters: dict) -> list[dict]:
    p = database.param
    sql = (
        "SELECT id, number, service_id, counter_id, officer_id, started_at, finished_at FROM ticket "
        f"WHERE issued_at >= {p} AND issued_at < {p} AND status = 'done' AND finished_at - started_at < {p} "
        "ORDER BY finished_at, id"
    )
    return [
        {
            "ticket_id": ticket_id,
            "number": number,
            "service_id": service_id,
            "counter_id": counter_id,
            "counter": counters.get(counter_id, ""),
            "officer_id": officer_id,
            "officer": names.get(officer_id, ""),
            "service_s": round((finished - started) / 1000.0, 3),
            "finished_at": iso_utc(from_millis(finished)),
        }
        for ticket_id, number, service_id, counter_id, officer_id, started, finished in database.execute_sql(
            sql, (start, end, min_ms)
        )
    ]


def _recalls_and_no_shows(first: date, last: date, zone, names: dict) -> list[dict]:
    rows, _ = figure_rows(first, last, zone, Filters(), ("services", "officers"))
    result = [
        {
            "officer_id": officer_id,
            "officer": names.get(officer_id, ""),
            "called": row["served"] + row["no_show"],
            "no_show": row["no_show"],
            "recalls": row["_recalls"],
        }
        for officer_id, row in rows["officers"].items()
        if row["no_show"] or row["_recalls"]
    ]
    return sorted(result, key=lambda row: (-(row["no_show"] + row["recalls"]), row["officer"]))


def _long_pauses(start: int, end: int, limit_ms: int, names: dict, counters: dict) -> list[dict]:
    """Each pause at a counter that began in the period and lasted more than the limit: until
    its `resumed`, else its `signed_out`, else the period's end (still paused then)."""
    p = database.param
    sql = (
        f"SELECT at, kind, counter_id, actor_id FROM event WHERE at >= {p} AND at < {p} "
        "AND kind || '' IN ('paused', 'resumed', 'signed_out') AND counter_id IS NOT NULL ORDER BY at, id"
    )
    open_pauses: dict[int, tuple[int, int]] = {}
    found = []

    def close(counter_id: int, until: int, ended: str) -> None:
        began, actor = open_pauses.pop(counter_id)
        if until - began > limit_ms:
            found.append(
                {
                    "counter_id": counter_id,
                    "counter": counters.get(counter_id, ""),
                    "officer_id": actor,
                    "officer": names.get(actor, ""),
                    "from": iso_utc(from_millis(began)),
                    "to": iso_utc(from_millis(until)) if ended != "still paused" else None,
                    "minutes": round((until - began) / 60_000, 1),
                    "ended": ended,
                }
            )

    for at, kind, counter_id, actor in database.execute_sql(sql, (start, end)):
        if kind == "paused":
            open_pauses.setdefault(counter_id, (at, actor))
        elif counter_id in open_pauses:
            close(counter_id, at, kind)
    for counter_id in list(open_pauses):
        close(counter_id, end, "still paused")
    return sorted(found, key=lambda row: row["from"])
