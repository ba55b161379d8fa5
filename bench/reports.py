"""The reports over a year of history, and whether they stall the displays while they run.

    .venv/bin/python bench/reports.py [--days 365] [--per-day 2800] [--database FILE]
                                      [--runs 3] [--calls 40] [--displays 5] [--report-days 365]

Seeds the history (`onewindow seed-history --days D --per-day N`, default a year of 2,800
tickets a day: ~1 M tickets) into a fresh SQLite database with the demo office, unless
--database names a file already seeded (it is reused as it is: seeding a year takes minutes;
the benchmark adds a few tickets of today to it; a file seeded before migration 004 is
upgraded first, which fills the reports' daily rows). Then starts the real server (`onewindow
serve`, eventlet, as in production) on that file and prints:

- the time of GET /api/v1/reports/summary (as the supervisor) and of GET /api/v1/stats for a
  day, a week, a month and the year, each ending yesterday: p50 of --runs runs; and the year's
  summary filtered to one service and to one counter (read from the tickets: exact);
- call-to-screen latency as bench/display_latency.py measures it (time.time() before
  POST /counters/1/next -> the `called` event received by --displays Socket.IO clients on
  /display), p50 / p95 / max over every (display, call) pair, once with no report running and
  once while summaries of --report-days days (default the year) run back to back in another
  thread; and the response times (p95, max) of the officer's requests meanwhile (issue, next,
  start, finish): a stalled event loop may hold up any of them, not only the call.

If the reports ran on the event loop, every call made during one would wait for it (seconds);
off the loop, the two latency rows stay close.
"""

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import HOST, BenchServer, onewindow_command  # noqa: E402
from display_latency import InlineClient, _percentile  # noqa: E402

NAMESPACE = "/display"
PASSWORD = "demo1234"
COUNTER_ID = 1
PERIODS = (("day", 1), ("week", 7), ("month", 30), ("year", 365))


class Api:
    """A keep-alive HTTP/1.1 connection as one user."""

    def __init__(self, port: int, username: str):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=300)
        self.token = None
        self.times: list[float] = []  # every request's response time, s
        self.token = self.call("POST", "/api/v1/login", {"username": username, "password": PASSWORD})["token"]

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        start = time.perf_counter()
        try:
            return self._call(method, path, body)
        finally:
            self.times.append(time.perf_counter() - start)

    def _call(self, method: str, path: str, body: dict | None) -> dict:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = self.conn.getresponse()
        payload = response.read()
        if not 200 <= response.status < 300:
            raise RuntimeError(f"{method} {path}: HTTP {response.status} {payload[:300]!r}")
        return json.loads(payload)

    def close(self) -> None:
        self.conn.close()


def seed(path: Path, days: int, per_day: int) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEWINDOW_")}
    env.update(ONEWINDOW_DATABASE_URL=f"sqlite:///{path}", ONEWINDOW_SECRET_KEY="bench")
    for command in (["init", "--demo"], ["seed-history", "--days", str(days), "--per-day", str(per_day)]):
        done = subprocess.run([*onewindow_command(), *command], env=env, capture_output=True, text=True, check=False)
        if done.returncode:
            raise RuntimeError(f"onewindow {' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    print(done.stdout.strip(), flush=True)


def upgrade(path: Path) -> None:
    """`onewindow db upgrade` on a file seeded by an older OneWindow (its backup thrown away)."""
    with tempfile.TemporaryDirectory(prefix="onewindow-bench-backup-") as backups:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ONEWINDOW_")}
        env.update(ONEWINDOW_DATABASE_URL=f"sqlite:///{path}", ONEWINDOW_SECRET_KEY="bench")
        env.update(ONEWINDOW_BACKUP_DIR=backups)
        command = [*onewindow_command(), "db", "upgrade"]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode:
            raise RuntimeError(f"onewindow db upgrade failed:\n{done.stdout}{done.stderr}")
        print(done.stdout.strip().splitlines()[-1], flush=True)


def stats_path(days: int, today: date) -> str:
    return summary_path(days, today).replace("/reports/summary", "/stats")


def summary_path(days: int, today: date) -> str:
    last = today - timedelta(days=1)
    return f"/api/v1/reports/summary?from={last - timedelta(days=days - 1)}&to={last}"


def report_times(supervisor: Api, periods, runs: int, today: date, service_id: int) -> dict:
    times = {}
    year = max(days for _, days in periods)
    paths = [(f"summary, {name}", summary_path(days, today)) for name, days in periods]
    paths += [(f"stats, {name}", stats_path(days, today)) for name, days in periods]
    paths += [
        (f"summary, {year} days, one service", summary_path(year, today) + f"&service={service_id}"),
        (f"summary, {year} days, one counter", summary_path(year, today) + f"&counter={COUNTER_ID}"),
    ]
    for label, path in paths:
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            answer = supervisor.call("GET", path)
            samples.append(time.perf_counter() - start)
        times[label] = statistics.median(samples)
        method = f" (percentiles {answer['percentiles']})" if "percentiles" in answer else ""
        print(f"  {label:<36} p50 {times[label]:.3f} s over {len(samples)} runs{method}", flush=True)
    return times


class Displays:
    """`displays` TVs on /display, connected once, before any report runs (a report on the
    event loop would also hold up their connecting); each notes when a `called` arrives."""

    def __init__(self, url: str, displays: int):
        self.received: list[dict] = [{} for _ in range(displays)]
        self.clients = []
        for i in range(displays):
            client = InlineClient(reconnection=False)
            mine = self.received[i]
            client.on("called", lambda data, mine=mine: mine.setdefault(data.get("ticket_id"), time.time()), NAMESPACE)
            client.connect(url, namespaces=[NAMESPACE], transports=["websocket"], wait_timeout=15)
            self.clients.append(client)
        time.sleep(0.5)

    def close(self) -> None:
        for client in self.clients:
            client.disconnect()


def call_latency(displays: Displays, officer: Api, service_id: int, calls: int) -> dict:
    """`calls` calls, one every ~150 ms; the latency of each (display, call) pair in ms."""
    sent = {}
    officer.times.clear()
    for _ in range(calls):
        officer.call("POST", "/api/v1/tickets", {"service_id": service_id})
        before = time.time()
        ticket = officer.call("POST", f"/api/v1/counters/{COUNTER_ID}/next")["ticket"]
        sent[ticket["id"]] = before
        officer.call("POST", f"/api/v1/tickets/{ticket['id']}/start")
        officer.call("POST", f"/api/v1/tickets/{ticket['id']}/finish")
        time.sleep(0.15)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(len(set(sent) & set(r)) < len(sent) for r in displays.received):
        time.sleep(0.05)
    latencies = sorted((r[t] - sent[t]) * 1000 for r in displays.received for t in sent if t in r)
    requests = sorted(t * 1000 for t in officer.times)
    return {
        "requests_p95": _percentile(requests, 95),
        "requests_max": requests[-1],
        "p50": _percentile(latencies, 50),
        "p95": _percentile(latencies, 95),
        "max": latencies[-1] if latencies else float("nan"),
        "pairs": len(latencies),
        "missing": len(sent) * len(displays.received) - len(latencies),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=365, help="days of history to seed (default 365)")
    parser.add_argument("--per-day", type=int, default=2800, help="tickets a day to seed (default 2800)")
    parser.add_argument("--database", metavar="FILE", help="a SQLite file already seeded: reuse it")
    parser.add_argument("--runs", type=int, default=3, help="runs of each summary (default 3)")
    parser.add_argument("--calls", type=int, default=40, help="calls per latency measure (default 40)")
    parser.add_argument("--displays", type=int, default=5, help="Socket.IO displays (default 5)")
    parser.add_argument("--report-days", type=int, default=365, help="the summary run during calls (default 365)")
    args = parser.parse_args(argv)

    scratch = None
    if args.database:
        path = Path(args.database).resolve()
        upgrade(path)
    else:
        scratch = Path(tempfile.mkdtemp(prefix="onewindow-bench-reports-"))
        path = scratch / "history.sqlite3"
        print(f"seeding {args.days} days x {args.per_day} tickets into {path} ...", flush=True)
        start = time.perf_counter()
        seed(path, args.days, args.per_day)
        print(f"seeded in {time.perf_counter() - start:.0f} s", flush=True)
    periods = [(name, days) for name, days in PERIODS if days <= max(args.days, 1)]

    try:
        with BenchServer(extra_env={"ONEWINDOW_DATABASE_URL": f"sqlite:///{path}"}) as server:
            print(
                f"server (eventlet) pid {server.proc.pid} on {server.url}; {path.stat().st_size / 2**20:.0f} MiB "
                f"database; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}",
                flush=True,
            )
            supervisor = Api(server.port, "supervisor")
            officer = Api(server.port, "officer1")
            counters = officer.call("GET", "/api/v1/counters")["counters"]
            service_id = next(c["service_ids"][0] for c in counters if c["id"] == COUNTER_ID)
            today = date.fromisoformat(supervisor.call("GET", "/api/v1/reports/summary")["to"])  # office-local

            times = report_times(supervisor, periods, args.runs, today, service_id)
            displays = Displays(server.url, args.displays)
            idle = call_latency(displays, officer, service_id, args.calls)
            print(f"  latency, no report running:  {_row(idle)}", flush=True)

            stop = threading.Event()
            during = []

            def reports_back_to_back():
                api = Api(server.port, "supervisor")
                try:
                    while not stop.is_set():
                        start = time.perf_counter()
                        api.call("GET", summary_path(args.report_days, today))
                        during.append(time.perf_counter() - start)
                except (OSError, http.client.HTTPException):
                    if not stop.is_set():
                        raise
                finally:
                    api.close()

            runner = threading.Thread(target=reports_back_to_back, daemon=True)
            runner.start()
            time.sleep(0.5)  # the first report is running
            busy = call_latency(displays, officer, service_id, args.calls)
            stop.set()
            runner.join()
            displays.close()
            print(
                f"  latency, {args.report_days}-day summaries back to back ({len(during)} ran, p50 "
                f"{statistics.median(during):.2f} s each): {_row(busy)}",
                flush=True,
            )
            supervisor.close()
            officer.close()
            if server.proc.poll() is not None:
                raise RuntimeError(f"the server died:\n{server.stderr_tail()}")
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)

    print()
    for label, seconds in times.items():
        print(f"{label:<38} {seconds:.3f} s")
    print(f"latency idle            {_row(idle)}")
    print(f"latency during reports  {_row(busy)}  ({busy['p50'] / idle['p50']:.1f}x the idle p50)")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f}")
    return 0 if not (idle["missing"] or busy["missing"]) else 1


def _row(figures: dict) -> str:
    return (
        f"p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms, max {figures['max']:.1f} ms "
        f"({figures['pairs']} deliveries, {figures['missing']} missing); the officer's requests p95 "
        f"{figures['requests_p95']:.0f} ms, max {figures['requests_max']:.0f} ms"
    )


if __name__ == "__main__":
    sys.exit(main())
