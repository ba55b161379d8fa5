"""How fast a call reaches the waiting-room displays: API call -> `called` event on N Socket.IO clients.

    .venv/bin/python bench/display_latency.py [--levels 10,100,500] [--calls 50] [--procs 4]
                                              [--spacing-ms 100-200] [--client socketio|stock|raw]
                                              [--json FILE]

Starts its own `onewindow serve` (eventlet, as in production; temp SQLite DB with the demo office,
free loopback port). For each level N it forks --procs client processes that together open N
Socket.IO clients on namespace /display (websocket transport only, no reconnection) and waits
until every one is connected and has received its `snapshot`. Then the driver (this process)
issues one ticket per call for a service of counter 1 (POST /api/v1/tickets), and makes --calls
calls, one every 100-200 ms (seeded random spacing): it reads time.time() just before
POST /api/v1/counters/1/next (as officer1), then frees the counter with /start and /finish.
Every client notes time.time() when a `called` event arrives, by ticket_id; both sides read the
same system clock (CLOCK_REALTIME), so receipt - send is the latency from the API call to the TV.
The coalesced `waiting` broadcasts go to every client too, as they would to real TVs.

Clients (--client): `socketio` (default) is python-socketio's Client; python-engineio starts a
new thread for every message a client receives, which with hundreds of clients per process
would be counted as latency, so its handlers run on each client's reader thread instead (ours
only store a timestamp). `stock` leaves the library as it is. `raw` is a minimal asyncio
Engine.IO 4 / Socket.IO 5 websocket client (same frames on the wire, a fraction of the CPU per
message): on a machine this small the clients share the CPUs with the server, so comparing it
with `socketio` shows how much of the figure is the clients'.

Per level it prints displays connected, calls, deliveries received/expected (any missing one is
a failure: exit status 1), latency p50/p99/max over all (display, call) pairs, the /next
response time, the CPU use of the server and of the clients during the calls, and the server's
VmRSS before the level's displays connect ("idle") and the highest with all of them connected.
The idle figure of a later level includes what earlier levels left: memory freed by Python is
not given back to the OS, and a closed connection is only let go when its ping task next wakes
(within the 25 s ping interval). Everyone disconnects and the server stops at the end, whatever
happens. --json FILE also writes every figure and each call's latencies, for a closer look.
"""

import argparse
import asyncio
import base64
import contextlib
import http.client
import json
import multiprocessing as mp
import os
import random
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

import engineio
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import HOST, BenchServer  # noqa: E402

NAMESPACE = "/display"
USERNAME, PASSWORD = "officer1", "demo1234"
COUNTER_ID = 1
CLK_TCK = os.sysconf("SC_CLK_TCK")
CLIENTS = {
    "socketio": f"python-socketio {version('python-socketio')}, handlers on the reader thread",
    "stock": f"python-socketio {version('python-socketio')}, a thread per message",
    "raw": "minimal asyncio websocket",
}
CONNECT_THREADS = 8  # per client process: concurrent connects (the server's listen backlog is 50)
READY_TIMEOUT_S = 60.0
STRAGGLER_WAIT_S = 3.0  # after the last call, how long clients wait for deliveries still missing


# --- the display clients (in the client processes) ----------------------------------


class InlineEngineIOClient(engineio.Client):
    """Runs event handlers on the reader thread instead of starting a thread per message."""

    def _trigger_event(self, event, *args, **kwargs):
        kwargs["run_async"] = False
        return super()._trigger_event(event, *args, **kwargs)


class InlineClient(socketio.Client):
    def _engineio_client_class(self):
        return InlineEngineIOClient


class Receipts:
    """What one display saw: when each `called` arrived (by ticket_id), snapshots, a drop."""

    def __init__(self, on_first_snapshot):
        self.received: dict[int, float] = {}  # ticket_id -> time.time() of the first receipt
        self.duplicates = 0
        self.snapshots = 0
        self.dropped = False  # disconnected by the server or the network, not by us
        self.closing = False
        self._on_first_snapshot = on_first_snapshot

    def called(self, data, now: float) -> None:
        ticket_id = data.get("ticket_id") if isinstance(data, dict) else None
        if ticket_id in self.received:
            self.duplicates += 1
        else:
            self.received[ticket_id] = now

    def snapshot(self, _data=None) -> None:
        self.snapshots += 1
        if self.snapshots == 1:
            self._on_first_snapshot()

    def disconnected(self, *_reason) -> None:
        if not self.closing:
            self.dropped = True


class SocketIODisplay(Receipts):
    """One TV as a python-socketio client (threads: a reader and a writer per client)."""

    def __init__(self, url: str, stock: bool, on_first_snapshot):
        super().__init__(on_first_snapshot)
        self.url = url
        self.sio = (socketio.Client if stock else InlineClient)(reconnection=False)
        self.sio.on("called", lambda data: self.called(data, time.time()), namespace=NAMESPACE)
        self.sio.on("snapshot", self.snapshot, namespace=NAMESPACE)
        self.sio.on("disconnect", self.disconnected, namespace=NAMESPACE)

    @property
    def connected(self) -> bool:
        return self.sio.connected

    def connect(self) -> None:
        self.sio.connect(self.url, namespaces=[NAMESPACE], transports=["websocket"], wait_timeout=15)

    def disconnect(self) -> None:
        self.closing = True
        if self.sio.connected:
            self.sio.disconnect()


class SocketIOGroup:
    """The displays of one client process, as python-socketio clients."""

    def __init__(self, port: int, count: int, stock: bool, on_first_snapshot):
        url = f"http://{HOST}:{port}"
        self.displays = [SocketIODisplay(url, stock, on_first_snapshot) for _ in range(count)]

    def _each(self, method: str) -> dict:
        errors: dict[str, int] = {}
        lock = threading.Lock()

        def run(display):
            try:
                getattr(display, method)()
            except Exception as error:  # noqa: BLE001 - counted and reported, never fatal here
                with lock:
                    key = f"{method} {type(error).__name__}"
                    errors[key] = errors.get(key, 0) + 1

        with ThreadPoolExecutor(CONNECT_THREADS) as pool:
            list(pool.map(run, self.displays))
        return errors

    def connect_all(self) -> dict:
        return self._each("connect")

    def disconnect_all(self) -> dict:
        return self._each("disconnect")


def _ws_frame(opcode: int, payload: bytes) -> bytes:
    """One masked client->server websocket frame."""
    mask = os.urandom(4)
    n = len(payload)
    if n < 126:
        head = bytes((0x80 | opcode, 0x80 | n))
    elif n < 1 << 16:
        head = bytes((0x80 | opcode, 0x80 | 126)) + n.to_bytes(2, "big")
    else:
        head = bytes((0x80 | opcode, 0x80 | 127)) + n.to_bytes(8, "big")
    return head + mask + bytes(b ^ mask[i & 3] for i, b in enumerate(payload))


async def open_websocket(port: int, query: str = ""):
    """A websocket to the server's Engine.IO endpoint (`query`: more of its query string, e.g.
    "&services=3"), upgraded: (reader, writer)."""
    reader, writer = await asyncio.open_connection(HOST, port)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write(
        f"GET /socket.io/?EIO=4&transport=websocket{query} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 101"):
        raise ConnectionError(head.split(b"\r\n", 1)[0].decode(errors="replace"))
    return reader, writer


async def read_frame(reader) -> tuple[bool, int, bytes]:
    """The next websocket frame from the server: (FIN, opcode, payload)."""
    b0, b1 = await reader.readexactly(2)
    n = b1 & 0x7F
    if n == 126:
        n = int.from_bytes(await reader.readexactly(2), "big")
    elif n == 127:
        n = int.from_bytes(await reader.readexactly(8), "big")
    if b1 & 0x80:
        await reader.readexactly(4)
        raise ConnectionError("the server sent a masked frame")
    return bool(b0 & 0x80), b0 & 0x0F, await reader.readexactly(n)


class RawDisplay(Receipts):
    """One TV as a minimal asyncio Engine.IO 4 / Socket.IO 5 websocket client: the same frames
    on the wire as python-socketio, a fraction of its CPU per message (the time is read as soon
    as the frame is in). It answers pings, so it could stay connected for hours."""

    EVENT = "42" + NAMESPACE + ","

    def __init__(self, port: int, on_first_snapshot):
        super().__init__(on_first_snapshot)
        self.port = port
        self.connected = False
        self.reader = self.writer = self.task = None

    async def connect(self) -> None:
        self.reader, self.writer = await open_websocket(self.port)
        _, payload = await self._frame()
        if not payload.startswith(b"0{"):  # Engine.IO open
            raise ConnectionError(f"no Engine.IO open packet: {payload[:80]!r}")
        self._send("40" + NAMESPACE + ",")
        while True:
            opcode, payload = await self._frame()
            if payload.startswith(b"40" + NAMESPACE.encode()):
                break
            if payload.startswith(b"44" + NAMESPACE.encode()):
                raise ConnectionError(f"namespace refused: {payload[:200]!r}")
            self._handle(opcode, payload, time.time())
        self.connected = True
        self.task = asyncio.create_task(self._read_loop())

    def _send(self, text: str, opcode: int = 1) -> None:
        self.writer.write(_ws_frame(opcode, text.encode()))

    async def _frame(self) -> tuple[int, bytes]:
        """The next whole message (continuation frames joined)."""
        opcode, parts = None, []
        while True:
            fin, frame_opcode, payload = await read_frame(self.reader)
            if frame_opcode >= 8:  # control frames may come between fragments
                if not parts and opcode is None:
                    return frame_opcode, payload
                self._handle(frame_opcode, payload, time.time())
                continue
            opcode = opcode if opcode is not None else frame_opcode
            parts.append(payload)
            if fin:
                return opcode, b"".join(parts)

    def _handle(self, opcode: int, payload: bytes, now: float) -> bool:
        """False when the connection is over."""
        if opcode == 8:  # websocket close
            return False
        if opcode == 9:  # websocket ping
            self.writer.write(_ws_frame(10, payload))
            return True
        if opcode != 1:
            return True
        text = payload.decode()
        if text.startswith(self.EVENT):
            event, *args = json.loads(text[len(self.EVENT) :])
            if event == "called":
                self.called(args[0] if args else None, now)
            elif event == "snapshot":
                self.snapshot()
        elif text == "2":  # Engine.IO ping
            self._send("3")
        elif text == "1" or text.startswith("41" + NAMESPACE):
            return False
        return True

    async def _read_loop(self) -> None:
        try:
            while self._handle(*await self._frame(), time.time()):
                pass
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        finally:
            self.connected = False
            self.disconnected()

    async def disconnect(self) -> None:
        self.closing = True
        if self.writer is None or self.writer.is_closing():
            return
        if self.connected:
            self._send("41" + NAMESPACE + ",")  # leave the namespace, then close Engine.IO, then the websocket
            self._send("1")
            self.writer.write(_ws_frame(8, (1000).to_bytes(2, "big")))
            await self.writer.drain()
            try:
                await asyncio.wait_for(asyncio.shield(self.task), 5)  # the server's close or EOF
            except TimeoutError:
                self.task.cancel()
        self.writer.close()
        with contextlib.suppress(TimeoutError, OSError):
            await asyncio.wait_for(self.writer.wait_closed(), 5)


class RawGroup:
    """The displays of one client process as RawDisplays, on an asyncio loop in a thread."""

    def __init__(self, port: int, count: int, on_first_snapshot):
        self.displays = [RawDisplay(port, on_first_snapshot) for _ in range(count)]
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def _each(self, method: str) -> dict:
        async def run_all():
            gate = asyncio.Semaphore(CONNECT_THREADS)

            async def run(display):
                async with gate:
                    await asyncio.wait_for(getattr(display, method)(), 20)

            return await asyncio.gather(*(run(d) for d in self.displays), return_exceptions=True)

        outcomes = asyncio.run_coroutine_threadsafe(run_all(), self.loop).result(READY_TIMEOUT_S + 30)
        errors: dict[str, int] = {}
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                key = f"{method} {type(outcome).__name__}"
                errors[key] = errors.get(key, 0) + 1
        return errors

    def connect_all(self) -> dict:
        return self._each("connect")

    def disconnect_all(self) -> dict:
        try:
            return self._each("disconnect")
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)


def client_process(port: int, count: int, kind: str, conn, inherited=()) -> None:
    """Hold `count` displays; talk to the driver over `conn` (a Pipe end). Steps:
    -> ("ready", connected, snapshots, errors); <- ("collect", expected_ticket_ids, deadline);
    -> ("receipts", [per display {ticket_id: t}], duplicates, dropped); then disconnect everyone
    and -> ("closed", errors). A ("stop",) or EOF instead of "collect" skips to the disconnect."""
    for other in inherited:
        other.close()
    snapshot_count = [0]
    lock = threading.Condition()

    def first_snapshot():
        with lock:
            snapshot_count[0] += 1
            lock.notify_all()

    if kind == "raw":
        group = RawGroup(port, count, first_snapshot)
    else:
        group = SocketIOGroup(port, count, kind == "stock", first_snapshot)
    displays = group.displays
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # on Ctrl-C the driver tells us to stop
    try:
        errors = group.connect_all()
        connected = sum(d.connected for d in displays)
        with lock:
            lock.wait_for(lambda: snapshot_count[0] >= connected, timeout=READY_TIMEOUT_S)
            snapshots = snapshot_count[0]
        conn.send(("ready", connected, snapshots, errors))

        try:
            command = conn.recv()
        except EOFError:  # the driver gave up: just disconnect
            command = ("stop",)
        if command[0] == "collect":
            _, expected, deadline = command
            expected = set(expected)
            while time.time() < deadline:
                if all(expected <= d.received.keys() for d in displays if d.connected):
                    break
                time.sleep(0.02)
            conn.send(
                (
                    "receipts",
                    [dict(d.received) for d in displays],
                    sum(d.duplicates for d in displays),
                    sum(d.dropped for d in displays),
                )
            )
    finally:
        close_errors = group.disconnect_all()
        with contextlib.suppress(OSError, ValueError):  # the driver may be gone
            conn.send(("closed", close_errors))
        conn.close()


# --- the driver -----------------------------------------------------------------------


class Api:
    """A keep-alive HTTP/1.1 connection to the server's JSON API."""

    def __init__(self, port: int):
        self.port = port
        self.token = None
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def call(self, method: str, path: str, body: dict | None = None, expect: int = 200) -> dict:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = json.dumps(body) if body is not None else None
        try:
            self.conn.request(method, "/api/v1" + path, body=data, headers=headers)
            response = self.conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            raise
        if response.status != expect:
            raise RuntimeError(f"{method} {path}: HTTP {response.status} {payload[:300]!r}")
        return json.loads(payload)

    def close(self) -> None:
        self.conn.close()


def server_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime


def _percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def _receive(pipe, worker, timeout: float, what: str):
    """The next message from a client process; an error if it dies or takes too long."""
    deadline = time.monotonic() + timeout
    while not pipe.poll(0.1):
        if not worker.is_alive() and not pipe.poll(0):
            raise RuntimeError(f"client process {worker.pid} exited ({worker.exitcode}) before sending {what}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"client process {worker.pid} did not send {what} within {timeout:g} s")
    return pipe.recv()


def _merge(into: dict, errors: dict) -> None:
    for key, count in errors.items():
        into[key] = into.get(key, 0) + count


def run_level(server: BenchServer, api: Api, service_id: int, args, clients: int, rng: random.Random) -> dict:
    row = {"clients": clients, "errors": {}}
    row["rss_idle"] = (server.rss_kib() or 0) / 1024
    ctx = mp.get_context("fork")  # the driver runs no threads, so forking is safe
    procs = max(1, min(args.procs, clients))
    shares = [clients // procs + (1 if i < clients % procs else 0) for i in range(procs)]
    workers, pipes = [], []
    t_connect = time.monotonic()
    try:
        for share in shares:
            here, there = ctx.Pipe()
            # The child closes the driver's ends it inherits, or a client process would keep
            # an earlier one's pipe open and it would never see EOF if the driver gives up.
            inherited = [*pipes, here]
            p = ctx.Process(
                target=client_process, args=(server.port, share, args.client, there, inherited), daemon=True
            )
            p.start()
            there.close()
            workers.append(p)
            pipes.append(here)

        connected = snapshots = 0
        for pipe, worker in zip(pipes, workers, strict=True):
            _, c, s, errs = _receive(pipe, worker, READY_TIMEOUT_S + 30, "ready")
            connected += c
            snapshots += s
            _merge(row["errors"], errs)
        row["connected"], row["snapshots"] = connected, snapshots
        row["connect_s"] = time.monotonic() - t_connect
        time.sleep(0.3)  # let the last snapshots' sends finish before measuring
        row["rss_connected"] = (server.rss_kib() or 0) / 1024

        # One ticket per call, issued up front; wait out the coalesced `waiting` broadcast.
        for _ in range(args.calls):
            api.call("POST", "/tickets", {"service_id": service_id}, expect=201)
        time.sleep(0.3)

        sent: dict[int, float] = {}
        next_ms = []
        cpu_before, wall_before = server_cpu_seconds(server.proc.pid), time.monotonic()
        clients_cpu_before = sum(server_cpu_seconds(p.pid) for p in workers)
        due = time.monotonic()
        for _ in range(args.calls):
            due += rng.uniform(args.spacing[0], args.spacing[1]) / 1000
            while (wait := due - time.monotonic()) > 0:
                time.sleep(wait)
            t0 = time.time()
            p0 = time.perf_counter()
            ticket = api.call("POST", f"/counters/{COUNTER_ID}/next")["ticket"]
            next_ms.append((time.perf_counter() - p0) * 1000)
            if ticket is None:
                raise RuntimeError("counter 1 found no waiting ticket")
            sent[ticket["id"]] = t0
            api.call("POST", f"/tickets/{ticket['id']}/start")
            api.call("POST", f"/tickets/{ticket['id']}/finish")
        row["rss_calls"] = (server.rss_kib() or 0) / 1024
        wall = time.monotonic() - wall_before
        row["cpu"] = 100 * (server_cpu_seconds(server.proc.pid) - cpu_before) / wall
        row["clients_cpu"] = 100 * (sum(server_cpu_seconds(p.pid) for p in workers) - clients_cpu_before) / wall
        deadline = time.time() + STRAGGLER_WAIT_S
        for pipe in pipes:
            pipe.send(("collect", list(sent), deadline))
        latencies, received, duplicates, dropped = [], 0, 0, 0
        per_call: dict[int, list[float]] = {ticket_id: [] for ticket_id in sent}
        for pipe, worker in zip(pipes, workers, strict=True):
            _, receipts, dups, drops = _receive(pipe, worker, STRAGGLER_WAIT_S + 30, "receipts")
            duplicates += dups
            dropped += drops
            for display in receipts:
                for ticket_id, t in display.items():
                    if ticket_id in sent:
                        received += 1
                        latencies.append((t - sent[ticket_id]) * 1000)
                        per_call[ticket_id].append(latencies[-1])
        for pipe, worker in zip(pipes, workers, strict=True):
            _merge(row["errors"], _receive(pipe, worker, 30, "closed")[1])
    finally:
        for pipe in pipes:
            with contextlib.suppress(OSError):
                pipe.send(("stop",))  # a client process still waiting for a command disconnects
            pipe.close()
        for p in workers:
            p.join(timeout=15)
            if p.is_alive():
                p.terminate()
                p.join(timeout=5)

    latencies.sort()
    row["per_call"] = [
        {
            "ticket_id": ticket_id,
            "sent": sent[ticket_id],
            "next_ms": next_ms[i],
            "latencies_ms": sorted(per_call[ticket_id]),
        }
        for i, ticket_id in enumerate(sent)
    ]
    next_ms.sort()
    row.update(
        calls=len(sent),
        expected=len(sent) * clients,
        received=received,
        duplicates=duplicates,
        dropped=dropped,
        p50=_percentile(latencies, 50),
        p99=_percentile(latencies, 99),
        max=latencies[-1] if latencies else float("nan"),
        next_p50=_percentile(next_ms, 50),
        rss_connected=max(row["rss_connected"], row["rss_calls"]),
    )
    if row["connected"] < clients:
        row["errors"]["not connected"] = clients - row["connected"]
    if row["snapshots"] < row["connected"]:
        row["errors"]["no snapshot"] = row["connected"] - row["snapshots"]
    if received < row["expected"]:
        row["errors"]["missing deliveries"] = row["expected"] - received
    if duplicates:
        row["errors"]["duplicate deliveries"] = duplicates
    if dropped:
        row["errors"]["dropped connections"] = dropped
    return row


def _spacing(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    low, high = float(low), float(high or low)
    if not 0 < low <= high:
        raise argparse.ArgumentTypeError("spacing is MS or LOW-HIGH in milliseconds, positive")
    return low, high


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="10,100,500", help="comma-separated display counts (default 10,100,500)")
    parser.add_argument("--calls", type=int, default=50, help="calls per level (default 50)")
    parser.add_argument("--procs", type=int, default=4, help="client processes per level (default 4)")
    parser.add_argument(
        "--spacing-ms", dest="spacing", type=_spacing, default=(100.0, 200.0), help="ms between calls (default 100-200)"
    )
    parser.add_argument("--json", metavar="FILE", help="also write every level's figures and per-call latencies here")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random spacing (default 1)")
    parser.add_argument(
        "--client",
        choices=CLIENTS,
        default="socketio",
        help="socketio (default): python-socketio, handlers inline; stock: python-socketio as it comes; "
        "raw: a minimal asyncio client, to see the server's share",
    )
    args = parser.parse_args(argv)
    try:
        levels = [int(x) for x in args.levels.split(",") if x.strip()]
    except ValueError:
        parser.error("levels must be comma-separated integers")
    if not levels or min(levels) < 1 or args.calls < 1 or args.procs < 1:
        parser.error("levels, calls and procs must be positive")

    rows = []
    with BenchServer() as server:
        api = Api(server.port)
        try:
            print(
                f"server (eventlet) pid {server.proc.pid} on {server.url}; RSS at start "
                f"{(server.rss_kib() or 0) / 1024:.1f} MiB; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}; "
                f"client processes: {args.procs}; "
                f"clients: {CLIENTS[args.client]}",
                flush=True,
            )
            api.token = api.call("POST", "/login", {"username": USERNAME, "password": PASSWORD})["token"]
            counters = api.call("GET", "/counters")["counters"]
            service_id = next(c["service_ids"][0] for c in counters if c["id"] == COUNTER_ID)
            rng = random.Random(args.seed)
            for clients in levels:
                row = run_level(server, api, service_id, args, clients, rng)
                rows.append(row)
                print(
                    f"  {clients} displays: connected in {row['connect_s']:.1f} s, {row['received']}/{row['expected']}"
                    f" deliveries, p50 {row['p50']:.1f} ms, p99 {row['p99']:.1f} ms, max {row['max']:.1f} ms",
                    flush=True,
                )
                if server.proc.poll() is not None:
                    raise RuntimeError(f"the server died:\n{server.stderr_tail()}")
        finally:
            api.close()
            if server.proc.poll() is not None and not rows:
                print(server.stderr_tail(), file=sys.stderr)

    if args.json:
        Path(args.json).write_text(json.dumps({"args": vars(args), "levels": rows}))
    print()
    header = (
        f"{'displays':>8} {'connected':>9} {'calls':>5} {'received':>17} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7}"
        f" {'/next ms':>8} {'srv CPU':>7} {'cli CPU':>7} {'RSS idle':>8} {'RSS conn':>8}  errors"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        errors = ", ".join(f"{k}: {v}" for k, v in sorted(r["errors"].items())) or "-"
        received = f"{r['received']}/{r['expected']}"
        print(
            f"{r['clients']:>8} {r['connected']:>9} {r['calls']:>5} {received:>17} {r['p50']:>7.1f} {r['p99']:>7.1f}"
            f" {r['max']:>7.1f} {r['next_p50']:>8.1f} {r['cpu']:>6.0f}% {r['clients_cpu']:>6.0f}%"
            f" {r['rss_idle']:>8.1f} {r['rss_connected']:>8.1f}"
            f"  {errors}"
        )
    print(
        "\nlatency: time.time() before POST /counters/1/next -> `called` received, over all (display, call) pairs;"
        "\n/next ms: its HTTP response time (p50); srv/cli CPU: CPU time of the server / of all client"
        "\nprocesses during the calls, over wall time (2 CPUs = 200%);"
        "\nRSS (MiB): the server's VmRSS before the displays connect, and the highest with all connected."
        f"\nload average (1 min) at the end: {os.getloadavg()[0]:.2f} (other work on this machine skews the figures)"
    )
    return 0 if all(not r["errors"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
