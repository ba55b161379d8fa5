"""Many kiosks and counters at once against the real server: numbers, calls and idempotency."""

import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from .conftest import bearer

pytestmark = pytest.mark.e2e

KIOSKS = 24
PER_KIOSK_A = 15  # tickets each kiosk takes for service 1 (prefix A)
PER_KIOSK_B = 5  # and for service 2 (prefix B)


def _run_all(workers):
    """Run callables at the same moment (behind a barrier) on their own threads; re-raise failures."""
    barrier = threading.Barrier(len(workers))

    def go(work):
        barrier.wait(timeout=30)
        return work()

    with ThreadPoolExecutor(max_workers=len(workers)) as pool:
        futures = [pool.submit(go, work) for work in workers]
        return [f.result(timeout=120) for f in futures]


def _issue(session, api, service_id, **body):
    response = session.post(f"{api}/tickets", json={"service_id": service_id, **body}, timeout=30)
    return response


def _services_by_id(server):
    return {s["id"]: s for s in requests.get(f"{server.api}/services", timeout=10).json()["services"]}


def test_concurrent_kiosks_get_unique_gap_free_numbers(server):
    services = _services_by_id(server)
    prefix_a, prefix_b = services[1]["prefix"], services[2]["prefix"]
    assert prefix_a != prefix_b

    def kiosk(index):
        def work():
            plan = [1] * PER_KIOSK_A + [2] * PER_KIOSK_B
            # interleave differently on each kiosk so both queues are hit at the same time
            plan = plan[index % len(plan) :] + plan[: index % len(plan)]
            results = []
            with requests.Session() as session:
                for service_id in plan:
                    response = _issue(session, server.api, service_id)
                    results.append((service_id, response.status_code, response.json()))
            return results

        return work

    results = [r for per_kiosk in _run_all([kiosk(i) for i in range(KIOSKS)]) for r in per_kiosk]

    statuses = Counter(status for _, status, _ in results)
    assert statuses == {201: KIOSKS * (PER_KIOSK_A + PER_KIOSK_B)}, statuses

    by_service = defaultdict(list)
    for service_id, _, body in results:
        ticket = body["ticket"]
        assert ticket["service_id"] == service_id
        assert ticket["status"] == "waiting"
        by_service[service_id].append(ticket)

    for service_id, prefix, count in ((1, prefix_a, KIOSKS * PER_KIOSK_A), (2, prefix_b, KIOSKS * PER_KIOSK_B)):
        numbers = [t["number"] for t in by_service[service_id]]
        assert len(numbers) == len(set(numbers)), [n for n, c in Counter(numbers).items() if c > 1]
        assert sorted(numbers) == [f"{prefix}{n:03d}" for n in range(1, count + 1)]

    ids = [t["id"] for tickets in by_service.values() for t in tickets]
    assert len(ids) == len(set(ids))

    # every acknowledged ticket is there, as it was acknowledged
    with requests.Session() as session:
        session.headers.update(bearer(server.login("supervisor")))  # tickets by id are for staff
        for tickets in by_service.values():
            for t in tickets:
                response = session.get(f"{server.api}/tickets/{t['id']}", timeout=10)
                assert response.status_code == 200, (t, response.text)
                stored = response.json()["ticket"]
                assert (stored["number"], stored["service_id"], stored["issued_at"]) == (
                    t["number"],
                    t["service_id"],
                    t["issued_at"],
                )

    # the queue lengths the kiosks see agree
    services = _services_by_id(server)
    assert services[1]["waiting"] == KIOSKS * PER_KIOSK_A
    assert services[2]["waiting"] == KIOSKS * PER_KIOSK_B
    assert server.logged_errors() == []


def test_concurrent_counters_call_each_ticket_exactly_once(server):
    counters = {
        c["id"]: set(c["service_ids"]) for c in requests.get(f"{server.api}/counters", timeout=10).json()["counters"]
    }
    assert sorted(counters) == [1, 2, 3, 4]
    shared = counters[1] & counters[2]
    assert shared, "counters 1 and 2 are expected to share services in the demo office"
    shared_ids = sorted(shared)
    services = sorted(set().union(*counters.values()))

    officers = {counter_id: server.login(f"officer{counter_id}") for counter_id in counters}

    # A queue before the counters open: shared services weigh most, a few priority tickets.
    issued = {}  # ticket id -> ticket as issued
    desk = bearer(server.login("supervisor"))  # priority tickets are given by staff
    with requests.Session() as session:
        for i in range(90):
            # two in three for the shared services, the rest over all of them
            service_id = shared_ids[i % len(shared_ids)] if i % 3 else services[i % len(services)]
            priority = i % 17 == 0
            response = session.post(
                f"{server.api}/tickets",
                json={"service_id": service_id, "priority": priority},
                headers=desk if priority else {},
                timeout=30,
            )
            assert response.status_code == 201, response.text
            issued[response.json()["ticket"]["id"]] = response.json()["ticket"]

    kiosks_done = threading.Event()
    lock = threading.Lock()
    http_statuses = Counter()

    def note(response):
        with lock:
            http_statuses[response.status_code] += 1
        return response

    def kiosk():
        # more citizens keep coming (not priority: see the ordering check below)
        with requests.Session() as session:
            try:
                for i in range(40):
                    service_id = shared_ids[i % len(shared_ids)] if i % 2 else services[(i * 7) % len(services)]
                    response = note(_issue(session, server.api, service_id))
                    assert response.status_code == 201, response.text
                    with lock:
                        issued[response.json()["ticket"]["id"]] = response.json()["ticket"]
            finally:
                kiosks_done.set()

    def counter(counter_id):
        def work():
            called = []
            headers = bearer(officers[counter_id])
            with requests.Session() as session:
                session.headers.update(headers)
                while True:
                    done_issuing = kiosks_done.is_set()
                    response = note(session.post(f"{server.api}/counters/{counter_id}/next", timeout=30))
                    if response.status_code == 409 and response.json()["error"]["code"] == "contention":
                        continue  # documented "try again"
                    assert response.status_code == 200, (counter_id, response.status_code, response.text)
                    ticket = response.json()["ticket"]
                    if ticket is None:
                        if done_issuing:
                            return called
                        time.sleep(0.01)  # nobody waits yet: look again soon
                        continue
                    assert ticket["status"] == "called"
                    assert ticket["counter_id"] == counter_id
                    called.append(ticket)
                    for action, status in (("start", "serving"), ("finish", "done")):
                        response = note(session.post(f"{server.api}/tickets/{ticket['id']}/{action}", timeout=30))
                        assert response.status_code == 200, (counter_id, action, response.status_code, response.text)
                        assert response.json()["ticket"]["status"] == status

        return work

    results = _run_all([kiosk] + [counter(cid) for cid in sorted(counters)])
    called_by = dict(zip(sorted(counters), results[1:], strict=True))

    assert not [s for s in http_statuses if s >= 500], http_statuses

    all_called = [t["id"] for tickets in called_by.values() for t in tickets]
    duplicates = [tid for tid, n in Counter(all_called).items() if n > 1]
    assert duplicates == [], f"tickets called by more than one counter or twice: {duplicates}"
    assert set(all_called) == set(issued), (
        f"never called: {sorted(set(issued) - set(all_called))}, unknown: {sorted(set(all_called) - set(issued))}"
    )

    for counter_id, tickets in called_by.items():
        # a counter only calls tickets of its own services ...
        assert {t["service_id"] for t in tickets} <= counters[counter_id]
        # ... and in queue order: priority first, then by issue time (its queue only shrinks,
        # and citizens arriving meanwhile are not priority, so each call ranks after the last)
        keys = [(not issued[t["id"]]["priority"], issued[t["id"]]["issued_at"], t["id"]) for t in tickets]
        assert keys == sorted(keys), f"counter {counter_id} called out of order"

    # both counters that share services really competed for them
    for counter_id in (1, 2):
        assert any(t["service_id"] in shared for t in called_by[counter_id]), (
            f"counter {counter_id} got no shared ticket"
        )

    # the database agrees: every ticket done, at the counter that called it, nobody waiting
    with requests.Session() as session:
        session.headers.update(bearer(server.login("supervisor")))
        for counter_id, tickets in called_by.items():
            for t in tickets:
                stored = session.get(f"{server.api}/tickets/{t['id']}", timeout=10).json()["ticket"]
                assert (stored["status"], stored["counter_id"]) == ("done", counter_id)
    assert all(s["waiting"] == 0 for s in _services_by_id(server).values())
    # and its event log: one call per ticket, by the counter whose answer said so
    calls = server.rows("SELECT ticket_id, counter_id FROM event WHERE kind = 'called'")
    assert sorted(calls) == sorted((t["id"], counter_id) for counter_id, ts in called_by.items() for t in ts)
    assert server.logged_errors() == []


def test_same_idempotency_key_at_once_makes_one_ticket(server):
    key = "kiosk-7-press-0001"
    threads = 12

    def retry():
        with requests.Session() as session:
            response = session.post(
                f"{server.api}/tickets", json={"service_id": 3}, headers={"Idempotency-Key": key}, timeout=30
            )
            return response.status_code, response.headers.get("Idempotent-Replayed"), response.json()

    results = _run_all([retry] * threads)

    assert [status for status, _, _ in results] == [201] * threads, results
    tickets = [body["ticket"] for _, _, body in results]
    assert len({t["id"] for t in tickets}) == 1, {t["id"] for t in tickets}
    assert len({t["number"] for t in tickets}) == 1
    assert len({t["token"] for t in tickets}) == 1
    assert sum(1 for _, replayed, _ in results if replayed is None) == 1, "exactly one request made the ticket"
    assert sum(1 for _, replayed, _ in results if replayed == "true") == threads - 1

    # one ticket row and one `issued` event, whatever the twelve answers say
    assert server.rows("SELECT id FROM ticket WHERE service_id = 3") == [(tickets[0]["id"],)]
    assert server.rows("SELECT ticket_id FROM event WHERE kind = 'issued' AND service_id = 3") == [(tickets[0]["id"],)]

    # only one number was taken: the next citizen without a key gets the one after it
    prefix = tickets[0]["number"][:-3]
    assert tickets[0]["number"] == f"{prefix}001"
    following = requests.post(f"{server.api}/tickets", json={"service_id": 3}, timeout=10)
    assert following.status_code == 201
    assert following.json()["ticket"]["number"] == f"{prefix}002"

    # the key stays bound to its service
    other = requests.post(f"{server.api}/tickets", json={"service_id": 4}, headers={"Idempotency-Key": key}, timeout=10)
    assert other.status_code == 409, other.text
    assert server.logged_errors() == []


def test_one_counter_pressed_from_several_places_at_once(server):
    """Double clicks, two tabs: one counter never holds two tickets, one ticket never moves twice."""
    for service_id in (20, 21, 22):
        assert requests.post(f"{server.api}/tickets", json={"service_id": service_id}, timeout=10).status_code == 201
    token = server.login("officer4")
    tries = 8

    def press(path):
        def work():
            response = requests.post(f"{server.api}{path}", headers=bearer(token), timeout=30)
            return response.status_code, response.json()

        return work

    results = _run_all([press("/counters/4/next")] * tries)
    assert sorted(status for status, _ in results) == [200] + [409] * (tries - 1), results
    assert {body["error"]["code"] for status, body in results if status == 409} == {"counter_busy"}
    (ticket,) = [body["ticket"] for status, body in results if status == 200]
    assert ticket["number"].endswith("001") and ticket["service_id"] == 20

    for action, status in (("start", "serving"), ("finish", "done")):
        results = _run_all([press(f"/tickets/{ticket['id']}/{action}")] * tries)
        assert sorted(s for s, _ in results) == [200] + [409] * (tries - 1), (action, results)
        assert [b["ticket"]["status"] for s, b in results if s == 200] == [status]

    # the event log has each move once; the other two tickets were only issued
    events = server.rows("SELECT ticket_id, kind FROM event WHERE ticket_id IS NOT NULL ORDER BY id")
    moves = [kind for ticket_id, kind in events if ticket_id == ticket["id"]]
    assert moves == ["issued", "called", "started", "finished"]
    assert [kind for ticket_id, kind in events if ticket_id != ticket["id"]] == ["issued", "issued"]

    # the other two are still waiting, and the counter is free for the next one
    response = requests.post(f"{server.api}/counters/4/next", headers=bearer(token), timeout=10)
    assert response.status_code == 200 and response.json()["ticket"]["service_id"] == 21
    assert server.logged_errors() == []
