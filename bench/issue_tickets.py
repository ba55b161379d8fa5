"""Throughput and latency of POST /api/v1/tickets against a real `onewindow serve`.

    .venv/bin/python bench/issue_tickets.py [--seconds 8] [--levels 1,10,50] [--procs N]
                                            [--async-mode eventlet|threading] [--tickets-per-minute N]

Starts its own server (temp SQLite DB with the demo office, free loopback port), then for each
level runs that many concurrent clients for --seconds, each a keep-alive HTTP/1.1 connection
(http.client) issuing tickets one after another, spread over all services. The clients run as
threads in --procs client processes (default: up to the number of CPUs, so the Python client's
GIL is not what is measured). After each level it reads the server's VmRSS and the CPU time the
server used, and at the end prints one table.
"""

import argparse
import http.client
import json
import multiprocessing as mp
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import HOST, BenchServer  # noqa: E402

SERVICES = 25  # the demo office's services are ids 1..25
CLK_TCK = os.sysconf("SC_CLK_TCK")


def client_process(port, threads, first_client, start_at, end_at, results):
    """Run `threads` clients until end_at and put (latencies_ms, errors, last_done) on results."""
    latencies, errors, last_done = [], {}, [start_at]
    lock = threading.Lock()

    def client(index):
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        conn.connect()
        headers = {"Content-Type": "application/json", "Connection": "keep-alive"}
        mine, my_errors, n = [], {}, index
        while time.monotonic() < start_at:
            time.sleep(0.001)
        while True:
            now = time.monotonic()
            if now >= end_at:
                break
            body = json.dumps({"service_id": n % SERVICES + 1})
            n += 1
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/tickets", body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
            elapsed_ms = (time.perf_counter() - t0) * 1000
            if status == 201:
                mine.append(elapsed_ms)
            else:
                my_errors[status] = my_errors.get(status, 0) + 1
        done = time.monotonic()
        conn.close()
        with lock:
            latencies.extend(mine)
            for key, count in my_errors.items():
                errors[str(key)] = errors.get(str(key), 0) + count
            last_done[0] = max(last_done[0], done)

    workers = [threading.Thread(target=client, args=(first_client + i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    results.put((latencies, errors, last_done[0]))


def server_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime


def run_level(server: BenchServer, clients: int, seconds: float, procs: int) -> dict:
    ctx = mp.get_context("fork")  # this process runs no threads, so forking is safe
    results = ctx.Queue()
    procs = max(1, min(procs, clients))
    shares = [clients // procs + (1 if i < clients % procs else 0) for i in range(procs)]
    start_at = time.monotonic() + 0.3 + 0.01 * clients  # time to fork and connect
    end_at = start_at + seconds
    workers, first = [], 0
    for share in shares:
        p = ctx.Process(target=client_process, args=(server.port, share, first, start_at, end_at, results))
        p.start()
        workers.append(p)
        first += share
    while time.monotonic() < start_at:
        time.sleep(0.001)
    cpu_before = server_cpu_seconds(server.proc.pid)
    latencies, errors, last_done = [], {}, start_at
    for _ in workers:
        lat, errs, done = results.get(timeout=seconds + 60)
        latencies.extend(lat)
        for key, count in errs.items():
            errors[key] = errors.get(key, 0) + count
        last_done = max(last_done, done)
    cpu_after = server_cpu_seconds(server.proc.pid)
    for p in workers:
        p.join(timeout=10)
    wall = last_done - start_at
    latencies.sort()
    return {
        "clients": clients,
        "procs": procs,
        "tickets": len(latencies),
        "errors": errors,
        "rate": len(latencies) / wall if wall > 0 else 0.0,
        "p50": _percentile(latencies, 50),
        "p99": _percentile(latencies, 99),
        "max": latencies[-1] if latencies else float("nan"),
        "mean": statistics.fmean(latencies) if latencies else float("nan"),
        "server_cpu": 100.0 * (cpu_after - cpu_before) / wall if wall > 0 else 0.0,
        "rss_mib": (server.rss_kib() or 0) / 1024,
    }


def _percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="duration of each level (default 8)")
    parser.add_argument("--levels", default="1,10,50", help="comma-separated client counts (default 1,10,50)")
    parser.add_argument(
        "--procs", type=int, default=os.cpu_count() or 1, help="client processes per level (default: CPU count)"
    )
    parser.add_argument(
        "--async-mode",
        choices=("eventlet", "threading"),
        default="eventlet",
        help="the server's ONEWINDOW_ASYNC_MODE (default eventlet, as in production)",
    )
    parser.add_argument(
        "--tickets-per-minute",
        type=int,
        default=0,
        help="the server's issuing limit per address (default 0: off; a huge one measures its counting)",
    )
    args = parser.parse_args(argv)
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    if not levels or min(levels) < 1 or args.seconds <= 0:
        parser.error("levels must be positive integers and seconds positive")

    env = {"ONEWINDOW_ASYNC_MODE": args.async_mode, "ONEWINDOW_TICKETS_PER_MINUTE": str(args.tickets_per_minute)}
    with BenchServer(extra_env=env) as server:
        print(
            f"server ({args.async_mode}) pid {server.proc.pid} on {server.url}, {server.db_url}; "
            f"RSS at start {(server.rss_kib() or 0) / 1024:.1f} MiB; {os.cpu_count()} CPUs",
            flush=True,
        )
        rows = []
        for clients in levels:
            row = run_level(server, clients, args.seconds, args.procs)
            rows.append(row)
            print(
                f"  {clients} clients: {row['rate']:.0f} tickets/s, p50 {row['p50']:.1f} ms, p99 {row['p99']:.1f} ms",
                flush=True,
            )
        if server.proc.poll() is not None:
            print(f"the server died:\n{server.stderr_tail()}", file=sys.stderr)
            return 1

    print()
    header = (
        f"{'clients':>7} {'procs':>5} {'tickets':>8} {'tickets/s':>10} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'srv CPU':>8} {'RSS MiB':>8}  errors"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        errors = ", ".join(f"{k}: {v}" for k, v in sorted(r["errors"].items())) or "-"
        print(
            f"{r['clients']:>7} {r['procs']:>5} {r['tickets']:>8} {r['rate']:>10.0f} {r['p50']:>8.1f} "
            f"{r['p99']:>8.1f} {r['max']:>8.1f} {r['server_cpu']:>7.0f}% {r['rss_mib']:>8.1f}  {errors}"
        )
    print(f"\nPOST /api/v1/tickets, {args.seconds:g} s per level; srv CPU = server process CPU time / wall time.")
    return 0 if all(not r["errors"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
