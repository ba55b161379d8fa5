"""The office's local time of UTC milliseconds, in Python and in SQL, for a period.

SQLite knows no time zones, so the UTC offset is added in SQL: a period is cut into spans
where the zone's offset is constant (Asia/Phnom_Penh: one span; a zone with summer time: a
span per change, found by bisection within the day it happens), and a CASE over the spans adds
each one's offset to the UTC milliseconds before taking the hour or the day.
"""

import bisect
from datetime import timedelta

from office.clock import from_millis

DAY_MS, HOUR_MS = 86_400_000, 3_600_000

Spans = list[tuple[int, int]]  # [(from_ms, offset_ms)], from_ms ascending


def offset_spans(start: int, end: int, zone) -> Spans:
    """[(from_ms, offset_ms)]: from each from_ms (UTC) until the next, the zone's UTC offset is
    offset_ms. The offset is compared every 24 hours from `start` (a local midnight) and a
    change is found to the millisecond by bisection (a zone changes its offset at most once a
    day)."""

    def offset(ms: int) -> int:
        return int(from_millis(ms).astimezone(zone).utcoffset() / timedelta(milliseconds=1))

    spans = [(start, offset(start))]
    probe = start
    while probe < end:
        following = min(probe + DAY_MS, end - 1)
        if offset(following) != spans[-1][1]:
            low, high = probe, following  # offset(low) is the span's, offset(high) the next's
            while high - low > 1:
                middle = (low + high) // 2
                if offset(middle) == spans[-1][1]:
                    low = middle
                else:
                    high = middle
            spans.append((high, offset(high)))
        if following >= end - 1:
            break
        probe = following
    return spans


def local_ms_sql(spans: Spans, column: str = "issued_at") -> str:
    """SQL for `column` + the office's UTC offset at that moment (integers, nothing user-given)."""
    if len(spans) == 1:
        return f"({column} + {spans[0][1]})"
    cases = " ".join(f"WHEN {column} < {nxt} THEN {off}" for (_, off), (nxt, _) in zip(spans, spans[1:], strict=False))
    return f"({column} + CASE {cases} ELSE {spans[-1][1]} END)"


def local_hour_sql(spans: Spans, column: str, param: str) -> str:
    """SQL for the office-local hour (0-23) of `column`. `param` is the driver's placeholder:
    psycopg2 reads a lone % as one, so the modulo is written %% there."""
    mod = "%%" if param == "%s" else "%"
    return f"({local_ms_sql(spans, column)} / {HOUR_MS} {mod} 24)"


def local_weekday_sql(spans: Spans, column: str, param: str) -> str:
    """SQL for the office-local ISO weekday (Monday 1) of `column`, as weekday_of."""
    mod = "%%" if param == "%s" else "%"
    return f"(({local_ms_sql(spans, column)} / {DAY_MS} + 3) {mod} 7 + 1)"


def local_ms(ms: int, spans: Spans) -> int:
    """The same in Python: local milliseconds of a UTC ms."""
    i = bisect.bisect_right([s for s, _ in spans], ms) - 1
    return ms + spans[max(i, 0)][1]


def hour_of(local: int) -> int:
    return local // HOUR_MS % 24


def weekday_of(local: int) -> int:
    """ISO weekday, Monday 1 … Sunday 7 (1 January 1970 was a Thursday, 4)."""
    return (local // DAY_MS + 3) % 7 + 1
