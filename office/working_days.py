"""Working days: the office's calendar for what takes days (issue 13, a case's due date).

A working day is a weekday the office opens (its opening hours, office/settings.py) that is not
one of its public holidays (the `holidays` setting). A service's processing days count working
days after the day the case is opened: a case opened on Friday for a 2-day service, with the
office closed at the weekend, is due on Tuesday.
"""

from collections.abc import Collection, Mapping
from datetime import date, timedelta

from office.errors import InvalidInput
from office.settings import WEEKDAYS


def is_working_day(day: date, opening_hours: Mapping, holidays: Collection[date] = ()) -> bool:
    return opening_hours.get(WEEKDAYS[day.weekday()]) is not None and day not in holidays


def due_date(opened: date, processing_days: int, opening_hours: Mapping, holidays: Collection[date] = ()) -> date:
    """The working day `processing_days` working days after `opened` (0: the day itself).
    InvalidInput if the office opens on no weekday at all: nothing would ever be due."""
    if processing_days < 0:
        raise InvalidInput("processing days cannot be negative", field="processing_days")
    if not any(opening_hours.get(day) is not None for day in WEEKDAYS):
        raise InvalidInput("the office opens on no weekday: no working days to count", field="opening_hours")
    day, left = opened, processing_days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day, opening_hours, holidays):
            left -= 1
    return day


def working_days_between(first: date, last: date, opening_hours: Mapping, holidays: Collection[date] = ()) -> int:
    """Working days after `first` up to `last` inclusive (0 when last <= first): how late a
    case is, in the days its citizen was promised."""
    count, day = 0, first
    while day < last:
        day += timedelta(days=1)
        count += is_working_day(day, opening_hours, holidays)
    return count
