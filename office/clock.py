"""Time for the office: UTC with millisecond precision, shown in the office's time zone.

The engine never reads the system time itself; it takes a clock (a callable returning an
aware UTC datetime) so that tests and the simulator can drive time.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Phnom_Penh"


def truncate_ms(moment: datetime) -> datetime:
    """Drop sub-millisecond precision: what we store is what we show."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def utc_now() -> datetime:
    """The system clock, in UTC, to the millisecond."""
    return truncate_ms(datetime.now(UTC))


def to_millis(moment: datetime) -> int:
    """Milliseconds since the Unix epoch of an aware datetime."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: the office only deals in aware UTC times")
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return delta // timedelta(milliseconds=1)


def from_millis(millis: int) -> datetime:
    """The aware UTC datetime of milliseconds since the Unix epoch."""
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=millis)


def iso_utc(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with milliseconds and a Z: 2026-11-25T08:30:00.123Z."""
    if moment is None:
        return None
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def office_zone(name: str | None = None) -> ZoneInfo:
    """The office's time zone by IANA name (default Asia/Phnom_Penh)."""
    return ZoneInfo(name or DEFAULT_TIMEZONE)


def day_bounds_utc(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC [start, end) covering office-local days first..last inclusive."""
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


class Clock:
    """The office's clock: calling it gives the UTC time; it knows the office's time zone."""

    def __init__(self, zone: str | ZoneInfo | None = None):
        self.zone = zone if isinstance(zone, ZoneInfo) else office_zone(zone)

    def __call__(self) -> datetime:
        return utc_now()

    def local_day(self, moment: datetime | None = None) -> date:
        """The office-local calendar day (ticket numbers restart when it changes)."""
        return (moment or self()).astimezone(self.zone).date()


class FakeClock(Clock):
    """A clock that only moves when told to: for tests and the simulator."""

    def __init__(self, start: datetime, zone: str | ZoneInfo | None = None):
        super().__init__(zone)
        self.now = truncate_ms(start.astimezone(UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> datetime:
        self.now = truncate_ms(self.now + timedelta(**delta))
        return self.now
