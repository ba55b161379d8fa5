"""A crash in the middle of a burst of ticket requests loses no acknowledged ticket."""

import threading
import time
from collections import defaultdict

import pytest
import requests

from tests.e2e.conftest import bearer

pytestmark = pytest.mark.e2e

CLIENTS = 8
SERVICES = (1, 2, 13)  # two shared Administration queues and one of counter 3
KILL_AFTER_ACKS = 150  # SIGKILL once this many tickets were acknowledged ...
KILL_AFTER_S = 3.0  # ... or after this long, whichever comes first


def test_sigkill_mid_burst_keeps_every_acknowledged_ticket(server):
    acknowledged = []  # tickets answered with 201 before the kill
    refused = []  # any other HTTP answer (there should be none)
    cut_off = []  # clients whose request failed because the server died
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS + 1)
    stop_at = time.monotonic() + 30  # a safety net: clients stop even if the kill never comes

    def client(index):
        with requests.Session() as session:
            start.wait(timeout=10)
            i = index
            while time.monotonic() < stop_at:
                service_id = SERVICES[i % len(SERVICES)]
                i += 1
                try:
                    response = session.post(f"{server.api}/tickets", json={"service_id": service_id}, timeout=10)
                except requests.RequestException as error:
                    with lock:
                        cut_off.append(repr(error))
                    return
                with lock:
                    if response.status_code == 201:
                        acknowledged.append(response.json()["ticket"])
                    else:
                        refused.append((response.status_code, response.text))

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    start.wait(timeout=10)
    deadline = time.monotonic() + KILL_AFTER_S
    while time.monotonic() < deadline:
        with lock:
            if len(acknowledged) >= KILL_AFTER_ACKS:
                break
        time.sleep(0.005)
    server.kill()
    with lock:
        acked_at_kill = len(acknowledged)
    for t in threads:
        t.join(timeout=15)
    assert not any(t.is_alive() for t in threads)

    assert refused == []
    assert acked_at_kill > 0, "no ticket was acknowledged before the kill"
    assert len(cut_off) == CLIENTS, "every client should have been cut off by the kill (it was mid-burst)"
    # a response can still arrive after the kill signal was sent (it was written just before it landed)
    assert len(acknowledged) >= acked_at_kill

    server.restart()

    with requests.Session() as session:
        session.headers.update(bearer(server.login("supervisor")))  # tickets by id are for staff
        for ticket in acknowledged:
            response = session.get(f"{server.api}/tickets/{ticket['id']}", timeout=10)
            assert response.status_code == 200, f"acknowledged ticket {ticket['number']} lost: {response.text}"
            stored = response.json()["ticket"]
            assert (stored["number"], stored["service_id"], stored["issued_at"]) == (
                ticket["number"],
                ticket["service_id"],
                ticket["issued_at"],
            )

        # numbering goes on after the restart, never handing out an acknowledged number again
        acked_numbers = defaultdict(set)
        for ticket in acknowledged:
            acked_numbers[ticket["service_id"]].add(_seq(ticket["number"]))
        after = {}
        for service_id in SERVICES:
            response = session.post(f"{server.api}/tickets", json={"service_id": service_id}, timeout=10)
            assert response.status_code == 201, response.text
            after[service_id] = response.json()["ticket"]
            assert _seq(after[service_id]["number"]) > max(acked_numbers[service_id], default=0)

        # what survived is whole: per service, numbers 1..n with no gap (a ticket committed
        # but not acknowledged may be there too), and the first number after the restart is n+1
        last_id = max(t["id"] for t in after.values())
        survived = defaultdict(list)
        for ticket_id in range(1, last_id + 1):
            response = session.get(f"{server.api}/tickets/{ticket_id}", timeout=10)
            if response.status_code == 200:
                ticket = response.json()["ticket"]
                survived[ticket["service_id"]].append(_seq(ticket["number"]))
        for service_id in SERVICES:
            numbers = sorted(survived[service_id])
            assert numbers == list(range(1, len(numbers) + 1)), f"service {service_id}: {numbers}"
            assert numbers[-1] == _seq(after[service_id]["number"])

    # each ticket row came with its `issued` event row (one transaction), none without the other
    issued_events = server.rows("SELECT ticket_id FROM event WHERE kind = 'issued' ORDER BY ticket_id")
    assert issued_events == server.rows("SELECT id FROM ticket ORDER BY id")

    assert [line for line in server.logged_errors() if "server-2" in line] == []


def _seq(number: str) -> int:
    """The sequence part of a ticket number: A007 -> 7."""
    return int(number.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
