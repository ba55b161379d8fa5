"""What the event log's hash chain costs: per event written, and to verify a long log.

    .venv/bin/python bench/audit_chain.py [--days 90] [--per-day 2800] [--events 3000]
                                          [--database URL]

In-process, on a fresh SQLite file with the demo office (or --database, an empty database:
sqlite:///FILE or postgresql://…, e.g. postgresql://postgres@127.0.0.1:5432/bench — it is
emptied first):

1. writing events one transaction each, as the engine does: --events linked Event rows
   (Event.create: read the head, hash, insert) against as many rows inserted the same way
   without their link (the chain's cost), alternated in rounds of 100 so that the machine's
   noise falls on both; p50 and p99 per transaction, and the ratio;
2. seeding --days of history (`seed-history`, --per-day tickets a day), then `audit.verify`
   over every event: the time, events per second, and the process's peak RSS;
3. `audit.anchor`: the time.
"""

import argparse
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argon2 import PasswordHasher  # noqa: E402

from office import audit  # noqa: E402
from office.clock import FakeClock, utc_now  # noqa: E402
from office.db import database, open_database  # noqa: E402
from office.demo import load_demo_office  # noqa: E402
from office.history_seed import seed_history  # noqa: E402
from office.models import Event, create_schema  # noqa: E402

ZONE = ZoneInfo("Asia/Phnom_Penh")


def _empty(url: str) -> None:
    open_database(url)
    with database.connection_context():
        for table in reversed(database.get_tables()):
            database.execute_sql(
                f'DROP TABLE IF EXISTS "{table}" CASCADE' if "postgres" in url else f'DROP TABLE "{table}"'
            )
        create_schema()
        load_demo_office(hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _write(n: int, linked: bool) -> list[float]:
    times = []
    now = utc_now()
    for i in range(n):
        started = time.perf_counter()
        with database.atomic():
            if linked:
                Event.create(at=now, kind="bench", details={"i": i})
            else:
                Event.insert(at=now, kind="bench", details={"i": i}).execute()  # no link (save() not called)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _ms(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=90, help="days of history to seed (default 90)")
    parser.add_argument("--per-day", type=int, default=2800, help="tickets a day to seed (default 2800)")
    parser.add_argument("--events", type=int, default=3000, help="events written each way (default 3000)")
    parser.add_argument("--database", help="an empty database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="onewindow-bench-chain-")
    url = args.database or f"sqlite:///{workdir}/bench.sqlite3"
    _empty(url)
    rows = []
    with database.connection_context():
        linked, unlinked = [], []
        for _ in range(max(1, args.events // 100)):
            linked += _write(100, True)
            unlinked += _write(100, False)
        ratio = statistics.median(linked) / statistics.median(unlinked)
        rows.append(
            (
                "an event in its own transaction",
                f"linked p50 {statistics.median(linked):.2f} ms, p99 {_ms(linked, 99):.2f} ms; "
                f"unlinked p50 {statistics.median(unlinked):.2f} ms, p99 {_ms(unlinked, 99):.2f} ms; "
                f"ratio of p50s {ratio:.2f}",
            )
        )
        Event.delete().where(Event.kind == "bench").execute()  # the unlinked rows would break the chain

        today = date.today()
        started = time.perf_counter()
        seeded = seed_history(days=args.days, per_day=args.per_day, today=today, zone=ZONE)
        rows.append(
            (
                "seeding",
                f"{seeded.tickets:,} tickets, {seeded.events:,} events in {time.perf_counter() - started:.1f} s",
            )
        )

        started = time.perf_counter()
        verdict = audit.verify()
        seconds = time.perf_counter() - started
        assert verdict.intact, verdict.problem
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rate = verdict.events / seconds
        figures = f"{verdict.events:,} events in {seconds:.1f} s ({rate:,.0f}/s); peak RSS {peak:.0f} MiB"
        rows.append(("audit.verify", figures))
        clock = FakeClock(utc_now(), ZONE.key)
        started = time.perf_counter()
        anchor = audit.anchor(clock)
        rows.append(("audit.anchor", f"#{anchor.seq} in {(time.perf_counter() - started) * 1000:.1f} ms"))
    print(f"database: {url.split('@')[-1]}; {today - timedelta(days=args.days)}..{today - timedelta(days=1)}")
    width = max(len(name) for name, _ in rows)
    for name, figures in rows:
        print(f"{name:<{width}}  {figures}")


if __name__ == "__main__":
    main()
