"""Tickets requested while a commit is under way share the next one (kiosk/group_commit.py)."""

import threading
import time

from office import engine

COUNT = 20


def take_concurrently(app, count: int) -> list:
    responses = [None] * count

    def take(i):
        responses[i] = app.test_client().post("/api/v1/tickets", json={"service_id": 1})

    threads = [threading.Thread(target=take, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return responses


def test_requests_that_arrive_during_a_commit_share_the_next_one(app, monkeypatch):
    batches = []
    real = engine.issue_many
    queued = app.extensions["kiosk.issuer"].queue

    def slow_disk(requests, **kwargs):
        batches.append(len(requests))
        if len(batches) == 1:  # a slow flush: it lasts until every other request has queued behind it
            deadline = time.monotonic() + 10
            while len(requests) + queued.qsize() < COUNT and time.monotonic() < deadline:
                time.sleep(0.001)
        return real(requests, **kwargs)

    monkeypatch.setattr(engine, "issue_many", slow_disk)
    responses = take_concurrently(app, COUNT)
    assert [r.status_code for r in responses] == [201] * COUNT
    numbers = sorted(r.json["ticket"]["number"] for r in responses)
    assert numbers == [f"A{n:03d}" for n in range(1, COUNT + 1)]
    # the first commit, then one for all that queued meanwhile
    assert len(batches) == 2 and sum(batches) == COUNT


def test_a_failed_commit_fails_every_ticket_in_it_and_the_next_ones_go_through(app, client, monkeypatch):
    real = engine.issue_many

    def broken_disk(requests, **kwargs):
        raise OSError("disk I/O error")

    monkeypatch.setattr(engine, "issue_many", broken_disk)
    failed = client.post("/api/v1/tickets", json={"service_id": 1})
    assert failed.status_code == 500
    assert failed.json["error"]["code"] == "internal_error"
    monkeypatch.setattr(engine, "issue_many", real)
    assert client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]["number"] == "A001"


def test_a_refused_ticket_keeps_its_own_error(client):
    assert client.post("/api/v1/tickets", json={"service_id": 999}).status_code == 404
    assert client.post("/api/v1/tickets", json={"service_id": 1}).status_code == 201
