"""Synthetic history for an office: months of tickets and their events, written in bulk.

For reports and their load tests (`onewindow seed-history`): the office's own services,
counters and officers, a morning peak and a lunch dip, service times per service, no-shows,
recalls, transfers and priority tickets, with the Ticket rows and the Event rows the engine
would have written for them (the same kinds, counters, actors and details), so a report that
reads either sees the same history; and each counter's officer signing in, pausing for lunch
and signing out. Deterministic: the same seed on the same office gives the
same rows.

It is not a queue simulation (that is office/simulation.py, through the real engine): waits
are drawn from a distribution that grows with the hour's load, not from the counters'
capacity, so a large --per-day gives realistic volumes and shapes but counters that would
have served several citizens at once.
"""

import hashlib
import math
import random
import time
from base64 import urlsafe_b64encode
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from peewee import SqliteDatabase, fn

from office import daily_figures, event_chain
from office.clock import to_millis
from office.db import database
from office.errors import Conflict
from office.models import Counter, CounterService, Event, Service, Ticket, TicketSequence, User

# Arrivals per half hour from 07:30 (office-local), relative: a morning rush, a lunch dip
# (11:30-14:00) and a quieter afternoon.
HALF_HOURS_FROM = (7, 30)
ARRIVALS_PER_HALF_HOUR = (
    1.0, 2.2, 3.0, 3.2, 2.8, 2.4, 2.0, 1.5,  # 07:30-11:30
    0.6, 0.3, 0.3, 0.5, 0.9,  # 11:30-14:00
    1.5, 1.6, 1.4, 1.1, 0.8, 0.4,  # 14:00-17:00
)  # fmt: skip
PER_DAY_SPREAD = 0.15  # a day has per_day × (1 ± this) tickets, uniformly

PRIORITY_SHARE = 0.04  # elderly, disabled, pregnant: given at the desk
NO_SHOW_SHARE = 0.06  # called, never came
TRANSFER_SHARE = 0.03  # sent on to another service's queue once at the counter
RECALL_SHARE = 0.08  # called twice before they came

WAIT_MEDIAN_S = 360  # at an average hour; grows with the hour's arrivals
WAIT_MAX_S = 2 * 3600
SERVICE_MAX_S = 3600

BATCH_ROWS = 2000  # rows per INSERT (SQLite allows 32,766 parameters in one statement)
DAYS_PER_TRANSACTION = 1

_TICKET_FIELDS = (
    "id",
    "service",
    "number",
    "day",
    "status",
    "priority",
    "issued_at",
    "called_at",
    "first_called_at",
    "started_at",
    "finished_at",
    "counter",
    "officer",
    "estimated_wait_s",
    "fee_riel",
    "token",
    "issued_by",
)
_EVENT_FIELDS = ("at", "kind", "ticket", "service", "counter", "actor", "details", "out_of_order", "seq", "hash")


class Seeded(NamedTuple):
    days: int
    tickets: int
    events: int
    seconds: float  # all of it
    figures_seconds: float = 0.0  # of which the reports' daily rows (office/daily_figures.rebuild)

    @property
    def rows_per_s(self) -> float:
        return (self.tickets + self.events) / self.seconds if self.seconds else 0.0


class _Office(NamedTuple):
    services: list  # (id, prefix, fee_riel, group_en)
    counters_for: dict  # service id -> counter ids serving it (all counters if none)
    counters: list  # counter ids
    officers: list  # officer user ids


def seed_history(
    *,
    days: int,
    per_day: int,
    today: date,
    zone: ZoneInfo,
    seed: int = 0,
    progress: Callable[[date, int, int], None] | None = None,
) -> Seeded:
    """Write `days` office-local days of history ending the day before `today`, about
    `per_day` tickets a day, each day in its own transaction. Refused (Conflict) when the
    office has no active service, counter or officer, or already has tickets on those days.
    `progress(day, tickets so far, events so far)` is called after each day is committed."""
    if days < 1 or per_day < 1:
        raise Conflict("days and per-day must be at least 1", code="invalid_history")
    office = _office()
    first = today - timedelta(days=days)
    _refuse_if_days_have_tickets(first, today - timedelta(days=1))
    rng = random.Random(seed)
    profile = _service_profile(office.services, rng)
    next_id = (Ticket.select(fn.MAX(Ticket.id)).scalar() or 0) + 1
    started = time.monotonic()
    tickets = events = 0
    with _bulk_pragmas():
        for index in range(days):
            day = first + timedelta(days=index)
            day_rng = random.Random(f"{seed}:{day.isoformat()}")
            ticket_rows, event_rows, last_numbers = _day(day, index, per_day, day_rng, office, profile, zone, next_id)
            with database.atomic():
                _insert(Ticket, _TICKET_FIELDS, ticket_rows)
                _insert(Event, _EVENT_FIELDS, _chained(event_rows))
                _raise_sequences(day, last_numbers)
            next_id += len(ticket_rows)
            tickets += len(ticket_rows)
            events += len(event_rows)
            if progress:
                progress(day, tickets, events)
        figures_started = time.monotonic()
        daily_figures.rebuild(first, today - timedelta(days=1), zone, today=today)
    _move_id_sequence_past(next_id - 1)
    finished = time.monotonic()
    return Seeded(days, tickets, events, finished - started, finished - figures_started)


def _office() -> _Office:
    services = list(
        Service.select(Service.id, Service.prefix, Service.fee_riel, Service.group_en)
        .where(Service.active)
        .order_by(Service.position, Service.id)
        .tuples()
    )
    counters = [c for (c,) in Counter.select(Counter.id).where(Counter.active).order_by(Counter.id).tuples()]
    officers = [
        u for (u,) in User.select(User.id).where(User.active & (User.role == "officer")).order_by(User.id).tuples()
    ]
    missing = [
        what for what, rows in (("services", services), ("counters", counters), ("officers", officers)) if not rows
    ]
    if missing:
        raise Conflict(
            f"the office has no active {', '.join(missing)}: set it up first "
            "(`onewindow init --demo` adds a sample office)",
            code="office_not_set_up",
        )
    counters_for = {sid: [] for sid, *_ in services}
    for counter_id, service_id in CounterService.select(CounterService.counter, CounterService.service).tuples():
        if service_id in counters_for and counter_id in counters:
            counters_for[service_id].append(counter_id)
    for service_id, serving in counters_for.items():
        serving.sort()
        if not serving:
            counters_for[service_id] = list(counters)
    return _Office(services, counters_for, counters, officers)


def _refuse_if_days_have_tickets(first: date, last: date) -> None:
    taken = Ticket.select().where((Ticket.day >= first) & (Ticket.day <= last)).exists()
    if taken:
        raise Conflict(
            f"the office already has tickets between {first} and {last}: history is written only on empty days",
            code="history_exists",
        )


def _service_profile(services: list, rng: random.Random) -> dict:
    """Per service: its share of arrivals and its median service time (s). Cheap services
    (certified copies) are the busiest and the quickest; land and building take longest."""
    profile = {}
    for service_id, _prefix, fee, _group in services:
        fee = fee or 0
        weight = rng.lognormvariate(0, 0.8) * (3.0 if fee <= 5000 else 1.0)
        median_s = 90 + 60 * math.log10(max(fee, 10)) * rng.uniform(0.8, 1.2)
        profile[service_id] = (weight, median_s)
    return profile


def _day(day, index, per_day, rng, office, profile, zone, first_id):
    """One office-local day: its ticket rows in issue order, their events, and the last
    number given per prefix."""
    n = max(1, round(per_day * rng.uniform(1 - PER_DAY_SPREAD, 1 + PER_DAY_SPREAD)))
    opens = to_millis(datetime(day.year, day.month, day.day, *HALF_HOURS_FROM, tzinfo=zone))
    half_hour = 30 * 60 * 1000
    slots = rng.choices(range(len(ARRIVALS_PER_HALF_HOUR)), weights=ARRIVALS_PER_HALF_HOUR, k=n)
    issued = sorted(opens + slot * half_hour + rng.randrange(half_hour) for slot in slots)
    mean_rate = sum(ARRIVALS_PER_HALF_HOUR) / len(ARRIVALS_PER_HALF_HOUR)
    service_ids = list(profile)
    chosen = rng.choices(service_ids, weights=[profile[s][0] for s in service_ids], k=n)
    prefix_of = {sid: prefix for sid, prefix, *_ in office.services}
    fee_of = {sid: fee for sid, _prefix, fee, _group in office.services}
    # Each counter has one officer for the day, turn and turn about.
    officers = office.officers
    officer_at = {c: officers[(i + index) % len(officers)] for i, c in enumerate(office.counters)}
    desk = officers[index % len(officers)]  # who gives the priority tickets that day

    numbers: dict[str, int] = {}
    tickets, events = [], []
    for k, (at, service_id) in enumerate(zip(issued, chosen, strict=True)):
        ticket_id = first_id + k
        prefix = prefix_of[service_id]
        numbers[prefix] = numbers.get(prefix, 0) + 1
        number = f"{prefix}{numbers[prefix]:03d}"
        priority = rng.random() < PRIORITY_SHARE
        load = ARRIVALS_PER_HALF_HOUR[(at - opens) // half_hour] / mean_rate
        wait_ms = _wait_ms(rng, load, priority)
        # What the citizen was told: the real wait, give or take.
        estimated_s = round(wait_ms / 1000 * rng.lognormvariate(0, 0.35))
        issued_by = desk if priority else None
        events.append((at, "issued", ticket_id, service_id, None, issued_by, {"number": number, "priority": priority}))

        service = service_id
        first_called = None
        while True:  # one pass per queue the ticket waits in (two after a transfer)
            counter = rng.choice(office.counters_for[service])
            officer = officer_at[counter]
            called = at + wait_ms
            first_called = first_called or called
            events.append((called, "called", ticket_id, service, counter, officer, {}))
            if rng.random() < RECALL_SHARE:
                called += rng.randint(30_000, 120_000)
                events.append((called, "recalled", ticket_id, service, counter, officer, {}))
            if rng.random() < NO_SHOW_SHARE:
                at = called + rng.randint(60_000, 180_000)
                events.append((at, "no_show", ticket_id, service, counter, officer, {}))
                status, started, finished = Ticket.NO_SHOW, None, None
                break
            started = called + rng.randint(10_000, 90_000)
            events.append((started, "started", ticket_id, service, counter, officer, {}))
            if service == service_id and len(service_ids) > 1 and rng.random() < TRANSFER_SHARE:
                # The officer finds it is another service's business: to that queue, keeping
                # its number and its place; the counter, officer and call are cleared.
                at = started + rng.randint(30_000, 180_000)
                target = rng.choice([s for s in service_ids if s != service])
                details = {"from_service_id": service, "to_service_id": target, "from_status": Ticket.SERVING}
                events.append((at, "transferred", ticket_id, target, counter, officer, details))
                service = target
                wait_ms = _wait_ms(rng, load, priority) // 2
                continue
            finished = started + _service_ms(rng, profile[service][1])
            events.append((finished, "finished", ticket_id, service, counter, officer, {}))
            status = Ticket.DONE
            break
        tickets.append(
            (
                ticket_id,
                service,
                number,
                day,
                status,
                priority,
                issued[k],
                called,
                first_called,
                started,
                finished,
                counter,
                officer,
                estimated_s,
                fee_of[service_id],
                _token(day, ticket_id, rng),
                issued_by,
            )
        )
    events.extend(_sessions(day, rng, officer_at, events, zone))
    events.sort(key=lambda event: event[0])  # the log in time order, as the engine writes it
    return tickets, [(*event, False) for event in events], numbers


def _sessions(day, rng, officer_at: dict, events: list, zone) -> list[tuple]:
    """Each counter's officer signs in before opening, pauses for lunch (about an hour from
    noon) and signs out after the counter's last citizen: the events reports read the officers'
    signed-in, paused, busy and idle time from."""
    opens = to_millis(datetime(day.year, day.month, day.day, *HALF_HOURS_FROM, tzinfo=zone))
    noon = to_millis(datetime(day.year, day.month, day.day, 12, 0, tzinfo=zone))
    last_at = {}
    for at, _kind, _ticket, _service, counter, *_ in events:
        if counter is not None:
            last_at[counter] = max(at, last_at.get(counter, at))
    sessions = []
    for counter, officer in officer_at.items():
        signed_in = opens - rng.randint(60_000, 900_000)
        paused = noon + rng.randint(0, 900_000)
        resumed = paused + rng.randint(45 * 60_000, 75 * 60_000)
        signed_out = max(last_at.get(counter, resumed), resumed) + rng.randint(60_000, 600_000)
        times = {"signed_in": signed_in, "paused": paused, "resumed": resumed, "signed_out": signed_out}
        sessions.extend((at, kind, None, None, counter, officer, {}) for kind, at in times.items())
    return sessions


def _wait_ms(rng: random.Random, load: float, priority: bool) -> int:
    """Issue to call: longer in a busy hour, a third as long for priority."""
    median_s = WAIT_MEDIAN_S * load**1.5 * (1 / 3 if priority else 1)
    return round(min(max(rng.lognormvariate(math.log(median_s), 0.6), 5), WAIT_MAX_S) * 1000)


def _service_ms(rng: random.Random, median_s: float) -> int:
    return round(min(max(rng.lognormvariate(math.log(median_s), 0.5), 20), SERVICE_MAX_S) * 1000)


def _chained(rows: list[tuple]) -> list[tuple]:
    """The day's events linked after the chain's head, as the engine links each one
    (office/event_chain.py), inside the day's transaction (which holds the write lock)."""
    seq, previous = Event.chain_head()
    chained = []
    for row in rows:
        seq += 1
        previous = event_chain.link(previous, event_chain.content(seq, *row))
        chained.append((*row, seq, previous))
    return chained


def _token(day: date, ticket_id: int, rng: random.Random) -> str:
    """A status-page token like the engine's (22 characters), unique and reproducible."""
    digest = hashlib.blake2b(f"{day}:{ticket_id}:{rng.getrandbits(64)}".encode(), digest_size=16).digest()
    return urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _insert(model, fields: tuple, rows: list) -> None:
    """Rows in bulk: the statement is peewee's (insert_many), made once; the values go to the
    driver in batches (executemany on SQLite, multi-row VALUES on PostgreSQL). Making a
    statement per batch cost ten times more than running it."""
    if not rows:
        return
    columns = [getattr(model, name) for name in fields]
    converting = [(i, column.db_value) for i, column in enumerate(columns) if column.name in ("day", "details")]
    if converting:
        rows = [list(row) for row in rows]
        for row in rows:
            for i, convert in converting:
                row[i] = convert(row[i])
    sql, params = model.insert_many(rows[:1], fields=columns).sql()
    if len(params) != len(fields):  # a column with a default that peewee adds by itself
        raise RuntimeError(f"{model.__name__}: insert writes {len(params)} values, not {len(fields)}")
    cursor = database.cursor()
    if isinstance(database.obj, SqliteDatabase):
        for i in range(0, len(rows), BATCH_ROWS):
            cursor.executemany(sql, rows[i : i + BATCH_ROWS])
    else:
        from psycopg2.extras import execute_values

        head = sql[: sql.index(" VALUES ") + len(" VALUES ")] + "%s"
        execute_values(cursor, head, rows, page_size=BATCH_ROWS)


def _raise_sequences(day: date, last_numbers: dict[str, int]) -> None:
    """The day's last numbers, so that issuing on that day (a clock set back) goes on after
    them instead of giving A001 again."""
    for prefix, last in last_numbers.items():
        (
            TicketSequence.insert(prefix=prefix, day=day, last=last)
            .on_conflict(
                conflict_target=[TicketSequence.prefix, TicketSequence.day],
                update={TicketSequence.last: fn.MAX(TicketSequence.last, last)}
                if isinstance(database.obj, SqliteDatabase)
                else {TicketSequence.last: fn.GREATEST(TicketSequence.last, last)},
            )
            .execute()
        )


def _move_id_sequence_past(last_id: int) -> None:
    """Tickets were written with their ids: PostgreSQL's id sequence must go on after them."""
    if isinstance(database.obj, SqliteDatabase):
        return
    database.execute_sql(
        "SELECT setval(pg_get_serial_sequence('ticket', 'id'),"
        " GREATEST(%s, (SELECT COALESCE(MAX(id), 1) FROM ticket)))",
        (last_id,),
    )


class _bulk_pragmas:
    """SQLite, while seeding: synchronous=NORMAL (in WAL mode a power cut loses at most the
    last days written, never corrupts) and checkpoints as the WAL grows (the server's
    background checkpointer is not running), restored afterwards."""

    def __enter__(self):
        self.saved = None
        if isinstance(database.obj, SqliteDatabase):
            self.saved = {
                name: database.execute_sql(f"PRAGMA {name}").fetchone()[0]
                for name in ("synchronous", "wal_autocheckpoint")
            }
            database.execute_sql("PRAGMA synchronous = NORMAL")
            database.execute_sql("PRAGMA wal_autocheckpoint = 10000")
        return self

    def __exit__(self, *exc):
        if self.saved is not None:
            database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            for name, value in self.saved.items():
                database.execute_sql(f"PRAGMA {name} = {int(value)}")
        return False
