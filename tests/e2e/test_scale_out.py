"""One office on several server processes: PostgreSQL for the data, Redis as Socket.IO's
message queue. A TV connected to one process sees a call made through another, kiosks on
both never share a number, and their events form one hash chain."""

import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.conftest import POSTGRES_ADMIN_URL
from tests.e2e.conftest import onewindow_command
from tests.e2e.test_display_socketio import Display

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_reason() -> str | None:
    try:
        import redis
    except ImportError:
        return "the redis package is not installed (pip install -e '.[test]')"
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"no Redis at {REDIS_URL} ({error})"
    return None


@pytest.fixture
def shared_office(start_server, postgres_url):
    reason = _redis_reason()
    if reason:
        pytest.skip(reason)
    import psycopg2

    name = f"onewindow_scale_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(POSTGRES_ADMIN_URL)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    env = {
        "ONEWINDOW_DATABASE_URL": f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}",
        "ONEWINDOW_MESSAGE_QUEUE": REDIS_URL,
        "ONEWINDOW_PRINTER": "none",
    }
    first = start_server("first", extra_env=env)
    second = start_server("second", demo=False, extra_env=env)
    yield first, second
    first.stop()
    second.stop()
    admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_a_call_through_one_process_reaches_a_tv_on_the_other(shared_office):
    first, second = shared_office
    tv = Display(second.url)
    try:
        tv.next("snapshot")
        ticket = requests.post(f"{first.api}/tickets", json={"service_id": 1}, timeout=5).json()["ticket"]
        token = first.login("officer1")
        requests.post(f"{first.api}/counters/1/next", headers={"Authorization": f"Bearer {token}"}, timeout=5)
        call = tv.next("called")
        assert (call["ticket_id"], call["number"], call["counter_id"]) == (ticket["id"], "A001", 1)
    finally:
        tv.close()


def test_kiosks_on_two_processes_never_share_a_number(shared_office):
    first, second = shared_office

    def take(i):
        server = first if i % 2 else second
        response = requests.post(f"{server.api}/tickets", json={"service_id": 2}, timeout=10)
        assert response.status_code == 201, response.text
        return response.json()["ticket"]["number"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(take, range(60)))
    assert sorted(numbers) == [f"B{n:03d}" for n in range(1, 61)]


def test_two_processes_writing_at_once_build_one_chain_that_verifies(shared_office):
    """Kiosks on both processes and a counter on each, at once: their events interleave on
    PostgreSQL, each in its own transaction, and still form one chain without a fork or a
    gap (`onewindow audit verify` exits 0)."""
    first, second = shared_office
    tokens = {1: first.login("officer1"), 2: second.login("officer2")}

    def kiosk(i):
        server = first if i % 2 else second
        response = requests.post(f"{server.api}/tickets", json={"service_id": 2}, timeout=10)
        assert response.status_code == 201, response.text

    def counter(counter_id):
        server = first if counter_id == 1 else second
        headers = {"Authorization": f"Bearer {tokens[counter_id]}"}
        served = 0
        for _ in range(15):
            called = requests.post(f"{server.api}/counters/{counter_id}/next", headers=headers, timeout=10)
            assert called.status_code == 200, called.text
            ticket = called.json()["ticket"]
            if ticket is None:
                continue
            for action in ("start", "finish"):
                answer = requests.post(f"{server.api}/tickets/{ticket['id']}/{action}", headers=headers, timeout=10)
                assert answer.status_code == 200, answer.text
            served += 1
        return served

    with ThreadPoolExecutor(max_workers=10) as pool:
        kiosks = [pool.submit(kiosk, i) for i in range(60)]
        counters = [pool.submit(counter, c) for c in (1, 2)]
        for job in kiosks:
            job.result()
        served = sum(job.result() for job in counters)
    assert served > 0
    verified = subprocess.run(
        [*onewindow_command(), "audit", "verify"], env=first.env, capture_output=True, text=True, timeout=120
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "The log is intact." in verified.stdout
