"""The office's calendar for what takes days: working days from its opening hours and its
public holidays (a setting the administrator keeps), and a case's due date counted in them."""

from datetime import date

import pytest

from office.errors import InvalidInput
from office.settings import DEFAULT_OPENING_HOURS, holiday_dates
from office.working_days import due_date, is_working_day, working_days_between

HOURS = DEFAULT_OPENING_HOURS  # Monday to Friday, 07:30-17:00
FRIDAY = date(2027, 1, 8)
NEW_YEAR = date(2027, 1, 1)  # a Friday


def test_the_day_itself_when_nothing_is_to_wait():
    assert due_date(FRIDAY, 0, HOURS) == FRIDAY


def test_the_weekend_is_no_working_day():
    assert due_date(FRIDAY, 1, HOURS) == date(2027, 1, 11)  # Monday
    assert due_date(FRIDAY, 2, HOURS) == date(2027, 1, 12)  # Tuesday
    assert due_date(date(2027, 1, 9), 1, HOURS) == date(2027, 1, 11)  # opened on a Saturday: Monday


def test_holidays_are_no_working_days():
    # Thursday 31 December 2026, 2 working days, New Year's Day (Friday) a holiday: Tuesday 5 January.
    assert due_date(date(2026, 12, 31), 2, HOURS) == date(2027, 1, 4)
    assert due_date(date(2026, 12, 31), 2, HOURS, {NEW_YEAR}) == date(2027, 1, 5)
    # Khmer New Year: three days off, Wednesday 14 to Friday 16 April 2027.
    khmer_new_year = {date(2027, 4, 14), date(2027, 4, 15), date(2027, 4, 16)}
    assert due_date(date(2027, 4, 13), 1, HOURS, khmer_new_year) == date(2027, 4, 19)
    assert due_date(date(2027, 4, 12), 15, HOURS, khmer_new_year) == date(2027, 5, 6)


def test_an_office_open_on_saturday_counts_it():
    hours = {**HOURS, "sat": ["07:30", "11:30"]}
    assert is_working_day(date(2027, 1, 9), hours) and not is_working_day(date(2027, 1, 10), hours)
    assert due_date(FRIDAY, 1, hours) == date(2027, 1, 9)


def test_lateness_in_working_days():
    assert working_days_between(FRIDAY, date(2027, 1, 12), HOURS) == 2
    assert working_days_between(FRIDAY, FRIDAY, HOURS) == 0
    assert working_days_between(date(2026, 12, 31), date(2027, 1, 4), HOURS, {NEW_YEAR}) == 1


def test_an_office_that_never_opens_has_no_due_date():
    closed = dict.fromkeys(HOURS)
    with pytest.raises(InvalidInput):
        due_date(FRIDAY, 1, closed)
    with pytest.raises(InvalidInput):
        due_date(FRIDAY, -1, HOURS)


# --- the holidays setting (PATCH /api/v1/admin/settings) ----------------------------------


def _patch(client, headers, holidays):
    return client.patch("/api/v1/admin/settings", json={"holidays": holidays}, headers=headers)


def test_the_administrator_keeps_the_holidays_sorted_by_date(client, login):
    admin = login("admin")
    assert client.get("/api/v1/admin/settings", headers=admin).json["holidays"] == []
    given = [
        {"date": "2027-01-07", "name": " Victory over Genocide Day "},
        {"date": "2027-01-01", "name": "International New Year Day"},
    ]
    answer = _patch(client, admin, given)
    assert answer.status_code == 200, answer.json
    assert answer.json["holidays"] == [
        {"date": "2027-01-01", "name": "International New Year Day"},
        {"date": "2027-01-07", "name": "Victory over Genocide Day"},
    ]
    assert client.get("/api/v1/admin/settings", headers=admin).json["holidays"] == answer.json["holidays"]
    assert holiday_dates(answer.json["holidays"]) == {NEW_YEAR, date(2027, 1, 7)}
    assert _patch(client, admin, []).json["holidays"] == []


@pytest.mark.parametrize(
    ("holidays", "field"),
    [
        ([{"date": "2027-02-30", "name": "No such day"}], "holidays.0.date"),
        ([{"date": "1 Jan", "name": "New Year"}], "holidays.0.date"),
        ([{"date": "2027-01-01", "name": "  "}], "holidays.0.name"),
        ([{"date": "2027-01-01", "name": "x" * 201}], "holidays.0.name"),
        ([{"date": "2027-01-01", "name": "A"}, {"date": "2027-01-01", "name": "B"}], "holidays.1.date"),
        ([{"date": f"2027-{1 + i // 28:02d}-{1 + i % 28:02d}", "name": "day"} for i in range(101)], "holidays"),
    ],
    ids=["no-such-day", "not-iso", "blank-name", "long-name", "twice", "too-many"],
)
def test_a_bad_holiday_list_is_refused_naming_the_entry_and_nothing_changes(client, login, holidays, field):
    admin = login("admin")
    _patch(client, admin, [{"date": "2027-04-14", "name": "Khmer New Year"}])
    answer = _patch(client, admin, holidays)
    assert answer.status_code == 400, answer.json
    assert answer.json["error"]["field"] == field, answer.json
    assert [h["date"] for h in client.get("/api/v1/admin/settings", headers=admin).json["holidays"]] == ["2027-04-14"]


def test_only_administrators_set_holidays(client, login):
    assert _patch(client, login("supervisor"), []).status_code == 403
