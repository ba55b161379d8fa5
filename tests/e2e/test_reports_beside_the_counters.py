"""Reports read in worker threads (eventlet's tpool) beside the counters' requests on the
event loop, against the real server: they share the database's connection locks, and neither
side may hang the other. Before those locks were made real ones, a summary read while an
officer worked hung the whole server within seconds ("Cannot switch to a different thread")."""

import threading
import time

import pytest
import requests

from .conftest import bearer

pytestmark = pytest.mark.e2e

READERS = 3
CYCLES = 15  # the officer's issue, call, start, finish
PATHS = ("/reports/summary", "/reports/integrity", "/stats")


def test_reports_in_worker_threads_never_hold_up_the_counters(server):
    supervisor, officer = bearer(server.login("supervisor")), bearer(server.login("officer1"))
    stop, failures, slowest = threading.Event(), [], [0.0]

    def read_reports(offset: int) -> None:
        n = offset
        while not stop.is_set():
            path = PATHS[n % len(PATHS)]
            n += 1
            started = time.monotonic()
            try:
                answer = requests.get(f"{server.api}{path}", headers=supervisor, timeout=10)
                if answer.status_code != 200:
                    failures.append((path, answer.status_code))
            except requests.RequestException as error:
                failures.append((path, repr(error)[:120]))
                return
            slowest[0] = max(slowest[0], time.monotonic() - started)

    readers = [threading.Thread(target=read_reports, args=(i,)) for i in range(READERS)]
    for reader in readers:
        reader.start()
    officer_times = []
    try:
        for _ in range(CYCLES):
            server.take(1)
            started = time.monotonic()
            called = requests.post(f"{server.api}/counters/1/next", headers=officer, timeout=10)
            assert called.status_code == 200, called.text
            ticket = called.json()["ticket"]
            for action in ("start", "finish"):
                answer = requests.post(f"{server.api}/tickets/{ticket['id']}/{action}", headers=officer, timeout=10)
                assert answer.status_code == 200, answer.text
            officer_times.append(time.monotonic() - started)
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=20)
    assert failures == []
    assert max(officer_times) < 5 and slowest[0] < 5, (max(officer_times), slowest[0])
