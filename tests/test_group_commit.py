"""Tickets requested while a commit is under way share the next one (kiosk/group_commit.py)."""

import threading
import time

from office import engine


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

    def slow_disk(requests, **kwargs):
        batches.append(len(requests))
        time.sleep(0.05)  # a slow flush: others queue meanwhile
        return real(requests, **kwargs)

    monkeypatch.setattr(engine, "issue_many", slow_disk)
    responses = take_concurrently(app, 20)
    assert [r.status_code for r in responses] == [201] * 20
    numbers = sorted(r.json["ticket"]["number"] for r in responses)
    assert numbers == [f"A{n:03d}" for n in range(1, 21)]
    assert sum(batches) == 20
    assert max(batches) > 1


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
