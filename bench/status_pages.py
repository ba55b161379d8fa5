"""What one call costs when 500 citizens follow their tickets on their phones.

    .venv/bin/python bench/status_pages.py [--pages 500] [--procs 2] [--delay 0.25] [--no-old]

Starts its own `onewindow serve` (eventlet, temp SQLite DB with the demo office, free loopback
port, TICKET_STATUS_DELAY_S=--delay) and issues --pages tickets spread over every service, as a
morning's queue would be. Then, twice:

- **now**: every ticket's status page connects to /ticket with its token (a minimal asyncio
  Engine.IO 4 / Socket.IO 5 websocket client, --procs client processes) and gets its `status`;
  the driver makes one call (POST /api/v1/counters/1/next as officer1) and the clients note
  every `status` that arrives, and when. A page "had something change" when what it shows
  (the status but its service's waiting count) differs from what it had.
- **before** (skip with --no-old): the pages as they were, on /display?services=<its service>,
  fetching GET /api/v1/status/<token> 250 ms after the last `called` or `waiting` they hear
  (status.js's debounce). The counter is freed first (start, finish).

Printed per run: HTTP requests the pages made because of the call (counted by the clients,
which make no other requests), `status` messages delivered, pages with something changed,
time from the call to each page's last delivery (p50/p99/max; for "before", to its fetch's
answer), the server's CPU time for the call, and its VmRSS with every page connected. Every
client waits at most --settle seconds (default 3; 4 times that for the fetches) for its
last message; everything disconnects and the
server stops at the end, whatever happens.
"""

import argparse
import asyncio
import contextlib
import json
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import HOST, BenchServer  # noqa: E402
from display_latency import (  # noqa: E402
    Api,
    _percentile,
    _receive,
    _ws_frame,
    open_websocket,
    read_frame,
    server_cpu_seconds,
)

USERNAME, PASSWORD = "officer1", "demo1234"
COUNTER_ID = 1
CONNECT_AT_ONCE = 40  # per client process (the server's listen backlog is 50)
FETCH_AT_ONCE = 40
DEBOUNCE_S = 0.25  # status.js's: a burst of events makes one fetch
READY_TIMEOUT_S = 90.0


def shown(status: dict) -> str:
    """What a page shows of a status: all but its service's waiting count."""
    return json.dumps({**status, "service": {**status["service"], "waiting": None}}, sort_keys=True)


class Page:
    """One phone: a raw websocket Socket.IO client on /ticket (or /display, the old way)."""

    def __init__(self, port: int, token: str, service_id: int, old: bool):
        self.port, self.token, self.service_id, self.old = port, token, service_id, old
        self.namespace = "/display" if old else "/ticket"
        self.statuses: list[tuple[float, dict]] = []  # (time.time(), status) of each `status`
        self.fetches: list[float] = []  # old way: when each fetch's answer came
        self.events: list[float] = []  # old way: `called` / `waiting` heard
        self.first_shown: str | None = None
        self.fetch_due: float | None = None
        self.reader = self.writer = None

    async def connect(self) -> None:
        query = f"&services={self.service_id}" if self.old else ""
        self.reader, self.writer = await open_websocket(self.port, query)
        await self._message()  # Engine.IO open
        auth = "" if self.old else json.dumps({"token": self.token})
        self._send(f"40{self.namespace},{auth}")
        # Connected, and the first message in: the `status` (or the display's `snapshot`),
        # which the server sends from its connect handler, before the connect's answer.
        acknowledged = drawn = False
        while not (acknowledged and drawn):
            text = await self._message()
            if text.startswith(f"44{self.namespace}"):
                raise ConnectionError(f"refused: {text[:200]}")
            if text.startswith(f"40{self.namespace}"):
                acknowledged = True
            elif self._handle(text):
                drawn = True
        asyncio.get_running_loop().create_task(self._read_forever())

    def _send(self, text: str) -> None:
        self.writer.write(_ws_frame(1, text.encode()))

    async def _message(self) -> str:
        """The next websocket text message (pings answered on the way)."""
        while True:
            _fin, opcode, payload = await read_frame(self.reader)
            if opcode == 9:
                self.writer.write(_ws_frame(10, payload))
            elif opcode == 8:
                raise ConnectionError("closed by the server")
            elif opcode == 1:
                text = payload.decode()
                if text == "2":  # Engine.IO ping
                    self._send("3")
                    continue
                return text

    def _handle(self, text: str) -> bool:
        """True for the first message a page draws from (its status or snapshot)."""
        prefix = f"42{self.namespace},"
        if not text.startswith(prefix):
            return False
        name, data = json.loads(text[len(prefix) :])
        now = time.time()
        if name == "status":
            if self.first_shown is None:
                self.first_shown = shown(data)
            self.statuses.append((now, data))
            return True
        if name == "snapshot":
            return True
        if name in ("called", "waiting"):
            self.events.append(now)
            if self.fetch_due is None:
                asyncio.get_running_loop().create_task(self._fetch_later())
            self.fetch_due = now + DEBOUNCE_S
        return False

    async def _read_forever(self) -> None:
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError, OSError):
            while True:
                self._handle(await self._message())

    async def _fetch_later(self) -> None:
        while (wait := self.fetch_due - time.time()) > 0:
            await asyncio.sleep(wait)
        self.fetch_due = None
        async with FETCHES:
            reader, writer = await asyncio.open_connection(HOST, self.port)
            request = f"GET /api/v1/status/{self.token} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\nConnection: close"
            writer.write(f"{request}\r\n\r\n".encode())
            answer = await reader.read()
            writer.close()
        if not answer.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(f"GET /status: {answer[:100]!r}")
        self.fetches.append(time.time())

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


FETCHES: asyncio.Semaphore  # set in each client process's loop


def client_process(port: int, tickets: list[tuple[str, int]], old: bool, conn) -> None:
    asyncio.run(_client_main(port, tickets, old, conn))


async def _client_main(port, tickets, old, conn) -> None:
    global FETCHES
    FETCHES = asyncio.Semaphore(FETCH_AT_ONCE)
    pages = [Page(port, token, service_id, old) for token, service_id in tickets]
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)
    errors: dict[str, int] = {}

    async def connect(page):
        async with gate:
            try:
                await asyncio.wait_for(page.connect(), 20)
            except Exception as error:  # noqa: BLE001 - counted and reported
                errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1

    loop = asyncio.get_running_loop()
    try:
        await asyncio.gather(*(connect(p) for p in pages))
        conn.send(("ready", len(pages) - sum(errors.values()), errors))
        _, since, settle = await loop.run_in_executor(None, conn.recv)
        await asyncio.sleep(max(0.0, since + settle - time.time()))
        receipts = []
        for page in pages:
            after = [(t, s) for t, s in page.statuses if t >= since]
            changed = any(shown(s) != page.first_shown for _, s in after)
            receipts.append(
                {
                    "statuses": [t for t, _ in after],
                    "changed": changed,
                    "fetches": [t for t in page.fetches if t >= since],
                }
            )
        conn.send(("receipts", receipts))
    finally:
        for page in pages:
            page.close()
        for task in asyncio.all_tasks() - {asyncio.current_task()}:
            task.cancel()
        conn.close()


def run(server, api, tickets, args, old: bool) -> dict:
    """Connect every page, make one call, collect what the pages got."""
    ctx = mp.get_context("fork")
    share = -(-len(tickets) // args.procs)
    workers, pipes = [], []
    try:
        for i in range(args.procs):
            here, there = ctx.Pipe()
            p = ctx.Process(target=client_process, args=(server.port, tickets[i * share : (i + 1) * share], old, there))
            p.daemon = True
            p.start()
            there.close()
            workers.append(p)
            pipes.append(here)
        connected, errors = 0, {}
        for pipe, worker in zip(pipes, workers, strict=True):
            _, n, errs = _receive(pipe, worker, READY_TIMEOUT_S, "ready")
            connected += n
            for k, v in errs.items():
                errors[k] = errors.get(k, 0) + v
        time.sleep(1.0)  # the connects' own messages are out; the queue is quiet
        rss = (server.rss_kib() or 0) / 1024
        cpu_before = server_cpu_seconds(server.proc.pid)
        since = time.time()
        settle = args.settle * 4 if old else args.settle  # hundreds of fetches take a while
        for pipe in pipes:
            pipe.send(("collect", since, settle))
        t0 = time.perf_counter()
        called = api.call("POST", f"/counters/{COUNTER_ID}/next")["ticket"]
        next_ms = (time.perf_counter() - t0) * 1000
        receipts = []
        for pipe, worker in zip(pipes, workers, strict=True):
            receipts += _receive(pipe, worker, settle + 30, "receipts")[1]
        cpu = server_cpu_seconds(server.proc.pid) - cpu_before
    finally:
        for pipe in pipes:
            pipe.close()
        for p in workers:
            p.join(timeout=15)
            if p.is_alive():
                p.terminate()
    last = sorted(
        (max(r["fetches"] if old else r["statuses"]) - since) * 1000
        for r in receipts
        if (r["fetches"] if old else r["statuses"])
    )
    return {
        "connected": connected,
        "errors": errors,
        "called": called["number"] if called else None,
        "requests": sum(len(r["fetches"]) for r in receipts),
        "statuses": sum(len(r["statuses"]) for r in receipts),
        "changed": None if old else sum(r["changed"] for r in receipts),
        "reached": len(last),
        "p50": _percentile(last, 50),
        "p99": _percentile(last, 99),
        "max": last[-1] if last else float("nan"),
        "next_ms": next_ms,
        "cpu_ms": cpu * 1000,
        "rss": rss,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500, help="status pages (tickets) (default 500)")
    parser.add_argument("--procs", type=int, default=2, help="client processes (default 2)")
    parser.add_argument("--delay", type=float, default=0.25, help="TICKET_STATUS_DELAY_S (default 0.25)")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to wait for deliveries (default 3)")
    parser.add_argument("--no-old", dest="old", action="store_false", help="skip the old way (every page fetching)")
    args = parser.parse_args(argv)
    if not 1 <= args.pages <= 2000 or not 1 <= args.procs <= 8:
        parser.error("pages 1-2000, procs 1-8")

    rows = []
    with BenchServer(extra_env={"ONEWINDOW_TICKET_STATUS_DELAY_S": str(args.delay)}) as server:
        api = Api(server.port)
        try:
            api.token = api.call("POST", "/login", {"username": USERNAME, "password": PASSWORD})["token"]
            services = [s["id"] for s in api.call("GET", "/services")["services"]]
            tickets = []
            for i in range(args.pages):
                service_id = services[i % len(services)]
                issued = api.call("POST", "/tickets", {"service_id": service_id}, expect=201)["ticket"]
                tickets.append((issued["token"], service_id))
            print(
                f"server (eventlet) pid {server.proc.pid}; {args.pages} tickets over {len(services)} services; "
                f"TICKET_STATUS_DELAY_S {args.delay}; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}",
                flush=True,
            )
            rows.append(("now: /ticket", run(server, api, tickets, args, old=False)))
            print("  /ticket done", flush=True)
            if args.old:
                counter = api.call("GET", f"/counters/{COUNTER_ID}")["counter"]
                if counter["current"]:
                    api.call("POST", f"/tickets/{counter['current']['id']}/start")
                    api.call("POST", f"/tickets/{counter['current']['id']}/finish")
                time.sleep(1.0)
                rows.append(("before: fetch on /display", run(server, api, tickets, args, old=True)))
        finally:
            api.close()

    print()
    header = (
        f"{'':26} {'pages':>5} {'HTTP req':>8} {'status':>6} {'changed':>7} {'reached':>7}"
        f" {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'/next ms':>8} {'srv CPU ms':>10} {'RSS MiB':>7}  errors"
    )
    print(header)
    print("-" * len(header))
    for name, r in rows:
        errors = ", ".join(f"{k}: {v}" for k, v in r["errors"].items()) or "-"
        changed = "-" if r["changed"] is None else r["changed"]
        print(
            f"{name:26} {r['connected']:>5} {r['requests']:>8} {r['statuses']:>6} {changed:>7} {r['reached']:>7}"
            f" {r['p50']:>7.1f} {r['p99']:>7.1f} {r['max']:>7.1f} {r['next_ms']:>8.1f} {r['cpu_ms']:>10.0f}"
            f" {r['rss']:>7.1f}  {errors}"
        )
    print(
        "\nHTTP req: requests the pages made because of the one call; status: `status` messages delivered;"
        "\nchanged: pages whose shown status changed; reached: pages that got something (a message, or a fetch's"
        "\nanswer); p50/p99/max: from the call to each reached page's last delivery; srv CPU: the server's CPU time"
        f"\nfrom the call until the clients stopped waiting ({args.settle:g} s; before: {args.settle * 4:g} s);"
        f"\nRSS: the server's VmRSS with every page connected. Load average at the end: {os.getloadavg()[0]:.2f}."
    )
    return 0 if all(not r["errors"] and r["connected"] == args.pages for _, r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
