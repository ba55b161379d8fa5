"""A day of an office through the real engine, on an accelerated clock: how good is the wait
a citizen is told when the ticket is issued?

A scenario (JSON, format in README.md, "Simulating a day") gives the arrivals per hour, the
services with their share of arrivals and service times, the counters and the services each
calls, the share of no-shows, and how many days the office ran the same way before the day
measured (their tickets are the history the estimate reads, as an office's would be).
Citizens arrive as a Poisson process; each is issued a ticket by office.engine.issue, which
stores the estimate (Ticket.estimated_wait_s) the read model (office/citizen_view.py) gives;
each counter calls, starts, finishes or marks no-show by the engine's own functions, as an
officer would. The clock is a FakeClock moved from one
happening to the next: nothing sleeps, a morning runs in seconds.

It runs on a throw-away SQLite database (a temporary file, deleted afterwards), never the
office's own; with `database_url` it runs on that database instead, which must be empty.
"""

import heapq
import json
import math
import random
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from office import engine
from office.clock import FakeClock, truncate_ms
from office.db import database, open_database
from office.errors import InvalidInput
from office.events import EventBus
from office.models import Counter, CounterService, Service, Ticket, User, create_schema

DEFAULT_SCENARIO = "busy-morning"
WITHIN_S = 300  # "within 5 minutes": |estimate - real wait| at most this


class Figures(NamedTuple):
    scenario: str
    seed: int
    tickets: int  # issued
    estimated: int  # of those, called and with an estimate (the ones compared)
    mae_s: float | None  # mean |estimated - real wait|, seconds
    within_5min: float | None  # share of those with |estimated - real wait| <= 5 minutes
    mean_wait_s: float | None  # real wait, issue -> first call
    mean_estimate_s: float | None
    no_shows: int
    last_call_at: str | None  # office-local time of the day's last call

    def as_dict(self) -> dict:
        return self._asdict()


def load_scenario(path: str | Path | None = None) -> dict:
    """A scenario from a JSON file; the bundled busy morning without one."""
    if path is None:
        text = resources.files("office").joinpath(f"data/scenarios/{DEFAULT_SCENARIO}.json").read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    try:
        scenario = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"the scenario is not JSON: {error}") from error
    _check(scenario)
    return scenario


def _check(scenario: dict) -> None:
    def need(condition, message):
        if not condition:
            raise InvalidInput(f"scenario: {message}")

    need(isinstance(scenario, dict), "a JSON object")
    need(isinstance(scenario.get("arrivals_per_hour"), dict) and scenario["arrivals_per_hour"], "arrivals_per_hour")
    services = scenario.get("services")
    need(isinstance(services, list) and services, "services: a list")
    prefixes = [s.get("prefix") for s in services]
    need(all(isinstance(p, str) and 1 <= len(p) <= 4 for p in prefixes), "each service needs a prefix (1-4 letters)")
    need(len(set(prefixes)) == len(prefixes), "service prefixes must differ")
    for s in services:
        need(float(s.get("share", 0)) >= 0, f"service {s['prefix']}: share")
        need(float(s.get("service_time_s", {}).get("median", 0)) > 0, f"service {s['prefix']}: service_time_s.median")
    counters = scenario.get("counters")
    need(isinstance(counters, list) and counters, "counters: a list")
    for c in counters:
        need(set(c.get("services", [])) <= set(prefixes), f"counter {c.get('name')}: a service not in services")
    need(0 <= float(scenario.get("no_show_share", 0)) < 1, "no_show_share between 0 and 1")
    days_before = scenario.get("days_before", 0)
    whole = isinstance(days_before, int) and not isinstance(days_before, bool)
    need(whole and 0 <= days_before <= 28, "days_before: a whole number of days, 0-28")


def simulate(scenario: dict, *, seed: int | None = None, database_url: str | None = None) -> Figures:
    """Run the scenario's day and measure the estimates told at issue against the real waits.
    The seed (else the scenario's, else 0) makes the run reproducible."""
    _check(scenario)
    seed = scenario.get("seed", 0) if seed is None else seed
    previous = database.obj
    with tempfile.TemporaryDirectory(prefix="onewindow-simulation-") as folder:
        url = database_url or f"sqlite:///{Path(folder) / 'simulation.sqlite3'}"
        db = open_database(url)
        try:
            create_schema()
            with database.connection_context():
                if database_url is None:
                    # A throw-away file: no need to survive a power cut.
                    database.execute_sql("PRAGMA synchronous = OFF")
                elif Service.select().exists() or Ticket.select().exists():
                    raise InvalidInput("the simulation's database must be empty: it builds the scenario's office")
                return _Run(scenario, seed).run()
        finally:
            db.close_all() if hasattr(db, "close_all") else db.close()
            if previous is not None:
                database.initialize(previous)


class _Run:
    def __init__(self, scenario: dict, seed: int):
        self.scenario = scenario
        self.seed = seed
        self.rng = random.Random(seed)
        zone = scenario.get("timezone", "Asia/Phnom_Penh")
        self.day = date.fromisoformat(scenario.get("date", "2026-11-25"))
        self.clock = FakeClock(datetime.combine(self.day, time(0, 0), tzinfo=UTC), zone)
        self.bus = EventBus()
        self.queue: list = []  # (at ms, order, what, counter index)
        self.order = 0
        self.no_show_share = float(scenario.get("no_show_share", 0))
        self.no_show_after_s = float(scenario.get("no_show_after_s", 120))
        self.walk_s = scenario.get("walk_to_counter_s", [10, 60])
        self.priority_share = float(scenario.get("priority_share", 0))
        self.no_shows = 0
        self.last_call = None

    def local(self, hhmm: str, day: date | None = None) -> datetime:
        hours, minutes = (int(x) for x in hhmm.split(":"))
        return datetime.combine(day or self.day, time(hours, minutes), tzinfo=self.clock.zone).astimezone(UTC)

    def at(self, moment: datetime, what: str, index: int | None = None) -> None:
        self.order += 1
        heapq.heappush(self.queue, (moment, self.order, what, index))

    def run(self) -> Figures:
        self.build_office()
        measured_day, measured_rng = self.day, self.rng
        days_before = int(self.scenario.get("days_before", 0))
        self.clock.now = datetime.combine(measured_day - timedelta(days=days_before), time(0, 0), tzinfo=UTC)
        for before in range(days_before, 0, -1):
            # The days before, as the office lived them (other draws): history, not measured.
            self.run_day(measured_day - timedelta(days=before), random.Random(f"{self.seed}-{before}"))
        self.measured_from = self.local("00:00", measured_day)
        self.no_shows = 0
        self.run_day(measured_day, measured_rng)
        return self.figures()

    def run_day(self, day: date, rng: random.Random) -> None:
        """One day's arrivals and calls, until nobody waits."""
        self.day, self.rng = day, rng
        self.clock.now = max(self.clock.now, datetime.combine(day, time(0, 0), tzinfo=UTC))
        self.plan_arrivals()
        self.opens = self.local(self.scenario.get("counters_open", "07:30"))
        for index in range(len(self.counters)):
            self.at(self.opens, "free", index)
        while self.queue:
            moment, _order, what, index = heapq.heappop(self.queue)
            self.clock.now = truncate_ms(max(self.clock.now, moment))
            getattr(self, f"on_{what}")(index)

    def build_office(self) -> None:
        self.services = {}
        self.profile = {}
        for position, s in enumerate(self.scenario["services"]):
            service = Service.create(
                prefix=s["prefix"],
                name_en=s.get("name", s["prefix"]),
                name_km=s.get("name_km", s.get("name", s["prefix"])),
                group_en=s.get("group", "Simulation"),
                group_km=s.get("group", "Simulation"),
                fee_riel=s.get("fee_riel"),
                position=position,
            )
            self.services[s["prefix"]] = service
            times = s["service_time_s"]
            self.profile[service.id] = (float(times["median"]), float(times.get("sigma", 0.5)))
        self.counters = []
        for number, c in enumerate(self.scenario["counters"], start=1):
            officer = User.create(username=f"officer{number}", password_hash="-", role="officer")
            counter = Counter.create(name=c.get("name", f"Counter {number}"), officer=officer)
            for prefix in c["services"]:
                CounterService.create(counter=counter, service=self.services[prefix])
            self.counters.append({"id": counter.id, "officer": officer.id, "ticket": None})
        self.desk = engine.Issuer(user_id=User.create(username="reception", password_hash="-", role="officer").id)

    def plan_arrivals(self) -> None:
        """A Poisson process at each hour's rate; each arrival picks a service by share."""
        rates = sorted((self.local(start), float(rate)) for start, rate in self.scenario["arrivals_per_hour"].items())
        closes = self.local(self.scenario.get("closes", "12:00"))
        prefixes = [s["prefix"] for s in self.scenario["services"]]
        shares = [float(s.get("share", 1)) for s in self.scenario["services"]]
        for i, (start, rate) in enumerate(rates):
            end = rates[i + 1][0] if i + 1 < len(rates) else closes
            moment = start
            while rate > 0:
                moment += timedelta(seconds=self.rng.expovariate(rate / 3600))
                if moment >= end:
                    break
                prefix = self.rng.choices(prefixes, weights=shares)[0]
                priority = self.rng.random() < self.priority_share
                self.at(moment, "arrival", (prefix, priority))

    def on_arrival(self, what) -> None:
        prefix, priority = what
        engine.issue(
            self.services[prefix].id,
            priority=priority,
            issuer=self.desk if priority else None,
            clock=self.clock,
            bus=self.bus,
        )
        # A counter with nobody to call calls again as soon as someone comes.
        if self.clock.now < self.opens:
            return
        for index, counter in enumerate(self.counters):
            if counter["ticket"] is None and not counter.get("planned"):
                counter["planned"] = True
                self.at(self.clock.now, "free", index)

    def on_free(self, index: int) -> None:
        counter = self.counters[index]
        counter["planned"] = False
        ticket = engine.call_next(counter["id"], officer_id=counter["officer"], clock=self.clock, bus=self.bus)
        counter["ticket"] = ticket
        if ticket is None:
            return  # idle until the next arrival
        self.last_call = self.clock.now
        if self.rng.random() < self.no_show_share:
            self.at(self.clock.now + timedelta(seconds=self.no_show_after_s), "no_show", index)
        else:
            walk = self.rng.uniform(*self.walk_s)
            self.at(self.clock.now + timedelta(seconds=walk), "start", index)

    def on_no_show(self, index: int) -> None:
        counter = self.counters[index]
        engine.no_show(counter["ticket"].id, actor_id=counter["officer"], clock=self.clock, bus=self.bus)
        self.no_shows += 1
        counter["ticket"] = None
        self.on_free(index)

    def on_start(self, index: int) -> None:
        counter = self.counters[index]
        ticket = engine.start(counter["ticket"].id, actor_id=counter["officer"], clock=self.clock, bus=self.bus)
        median, sigma = self.profile[ticket.service_id]
        took = min(self.rng.lognormvariate(math.log(median), sigma), 6 * median)
        self.at(self.clock.now + timedelta(seconds=took), "finish", index)

    def on_finish(self, index: int) -> None:
        counter = self.counters[index]
        engine.finish(counter["ticket"].id, actor_id=counter["officer"], clock=self.clock, bus=self.bus)
        counter["ticket"] = None
        self.on_free(index)

    def figures(self) -> Figures:
        rows = list(
            Ticket.select(Ticket.issued_at, Ticket.first_called_at, Ticket.estimated_wait_s)
            .where(Ticket.issued_at >= self.measured_from)
            .order_by(Ticket.id)
            .tuples()
        )
        compared = [
            ((called - issued).total_seconds(), estimate)
            for issued, called, estimate in rows
            if called is not None and estimate is not None
        ]
        errors = [abs(estimate - real) for real, estimate in compared]
        last = self.last_call.astimezone(self.clock.zone).strftime("%H:%M") if self.last_call else None
        return Figures(
            scenario=self.scenario.get("name", "scenario"),
            seed=self.seed,
            tickets=len(rows),
            estimated=len(compared),
            mae_s=_mean(errors),
            within_5min=round(sum(e <= WITHIN_S for e in errors) / len(errors), 3) if errors else None,
            mean_wait_s=_mean([real for real, _ in compared]),
            mean_estimate_s=_mean([estimate for _, estimate in compared]),
            no_shows=self.no_shows,
            last_call_at=last,
        )


def _mean(values: list) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def describe(figures: Figures) -> list[str]:
    """The figures as lines for a person."""
    f = figures
    lines = [
        f"scenario      {f.scenario} (seed {f.seed})",
        f"tickets       {f.tickets} ({f.no_shows} no-shows; last call {f.last_call_at or '-'})",
    ]
    if f.estimated:
        lines += [
            f"mean wait     {f.mean_wait_s:.0f} s real, {f.mean_estimate_s:.0f} s estimated at issue",
            f"mae_s         {f.mae_s:.1f}",
            f"within_5min   {f.within_5min:.3f} (of {f.estimated} tickets called with an estimate)",
        ]
    else:
        lines.append("no ticket was called with an estimate")
    return lines
