"""Fixtures: sample tickets, and fake network printers on 127.0.0.1 that record or misbehave."""

import csv
import socket
import struct
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from printer.ticket import TicketPrint

SERVICES_CSV = Path(__file__).resolve().parents[2] / "office" / "data" / "owso-services.csv"


def services() -> list[dict]:
    with open(SERVICES_CSV, encoding="utf-8") as file:
        return list(csv.DictReader(file))


def longest_khmer_service() -> dict:
    return max(services(), key=lambda row: len(row["service_km"]))


def make_ticket(**overrides) -> TicketPrint:
    values = {
        "office_name": "Daun Penh One Window Service Office",
        "number": "A012",
        "service_name_km": "ការចុះបញ្ជីកំណើត",
        "service_name_en": "Birth registration",
        "fee_riel": 5000,
        "issued_at": datetime(2026, 11, 25, 2, 30, tzinfo=UTC),
        "people_ahead": 7,
        "estimated_wait_s": 25 * 60 + 10,
        "status_url": "http://192.0.2.10:5000/t/3f9c2a7be81d4c0fa9e2",
        "timezone": "Asia/Phnom_Penh",
    }
    values.update(overrides)
    return TicketPrint(**values)


class FakePrinter:
    """A TCP listener on 127.0.0.1 that plays a printer; `behaviour` handles each connection."""

    def __init__(self, behaviour, *, backlog: int = 8, rcvbuf: int | None = None, port: int = 0):
        self.received: list[bytes] = []  # one entry per finished connection
        self.finished = threading.Semaphore(0)
        self.behaviour = behaviour
        self.server = socket.socket()
        if rcvbuf:  # inherited by accepted sockets; a small one makes the sender block early
            self.server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", port))
        self.server.listen(backlog)
        self.port = self.server.getsockname()[1]
        self.spec = f"network:127.0.0.1:{self.port}"
        self.stop = threading.Event()
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        self.server.settimeout(0.1)
        while not self.stop.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.held.append(connection)
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection):
        try:
            self.received.append(self.behaviour(connection, self.stop))
        finally:
            self.finished.release()

    def wait_for_connections(self, count: int, timeout: float = 5.0) -> list[bytes]:
        for _ in range(count):
            assert self.finished.acquire(timeout=timeout), "the fake printer saw no complete job"
        return self.received

    def close(self):
        self.stop.set()
        self.server.close()
        self.thread.join(timeout=2)
        for connection in self.held:
            connection.close()


def record_until_eof(connection, stop) -> bytes:
    """A good printer: reads everything until the sender closes."""
    chunks = []
    connection.settimeout(5)
    while chunk := connection.recv(65536):
        chunks.append(chunk)
    connection.close()
    return b"".join(chunks)


def in_turn(*behaviours):
    """The first connection gets the first behaviour, and so on; the last one repeats."""
    calls = []

    def behaviour(connection, stop) -> bytes:
        calls.append(None)
        return behaviours[min(len(calls), len(behaviours)) - 1](connection, stop)

    return behaviour


def never_read(connection, stop) -> bytes:
    """A printer that accepts and then takes no data (jammed, cover open, paper out)."""
    stop.wait(10)
    return b""


def reset_after(count: int):
    """A printer that reads `count` bytes, then resets the connection (RST, via SO_LINGER 0)."""

    def behaviour(connection, stop) -> bytes:
        received = b""
        connection.settimeout(5)
        while len(received) < count and (chunk := connection.recv(count - len(received))):
            received += chunk
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()
        return received

    return behaviour


def answer_status(reply: bytes | None):
    """A printer that answers DLE EOT 4 (paper sensor) with `reply`, or stays silent if None."""

    def behaviour(connection, stop) -> bytes:
        connection.settimeout(5)
        received = b""
        while chunk := connection.recv(64):
            received += chunk
            if received.endswith(b"\x10\x04\x04") and reply is not None:
                connection.sendall(reply)
        connection.close()
        return received

    return behaviour


@pytest.fixture
def fake_printer():
    """Start fake printers: fake_printer(behaviour, backlog=..., rcvbuf=...); all closed afterwards."""
    started = []

    def start(behaviour=record_until_eof, **options) -> FakePrinter:
        printer = FakePrinter(behaviour, **options)
        started.append(printer)
        return printer

    yield start
    for printer in started:
        printer.close()


@pytest.fixture
def unused_port():
    """A port bound on 127.0.0.1 but not listening: connections to it are refused."""
    reserved = socket.socket()
    reserved.bind(("127.0.0.1", 0))
    yield reserved
    reserved.close()
