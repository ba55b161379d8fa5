"""A backup of the live database while kiosks issue tickets, restored into the stopped
server: every ticket acknowledged (201) before `onewindow backup` began is there, the file is
whole, and the numbers go on without a duplicate. And the server takes its own daily backup
soon after it starts."""

import subprocess
import threading
import time
import uuid
from collections import Counter

import requests

from tests.e2e.conftest import bearer

KIOSKS = 3
LOAD_BEFORE_S, LOAD_AFTER_S = 1.5, 1.0


class Kiosk(threading.Thread):
    """An enrolled kiosk taking tickets as fast as the server answers, each with its own
    Idempotency-Key; remembers when each 201 came."""

    def __init__(self, api: str, key: str, service_id: int, stop: threading.Event):
        super().__init__(daemon=True)
        self.api, self.key, self.service_id, self.stop = api, key, service_id, stop
        self.acknowledged: list[tuple[float, int, str]] = []  # (monotonic time, id, number)
        self.failures: list[str] = []

    def run(self):
        http = requests.Session()
        while not self.stop.is_set():
            headers = {"X-Kiosk-Key": self.key, "Idempotency-Key": uuid.uuid4().hex}
            try:
                response = http.post(f"{self.api}/tickets", json={"service_id": self.service_id}, headers=headers)
            except requests.RequestException as error:
                self.failures.append(repr(error))
                continue
            if response.status_code == 201:
                ticket = response.json()["ticket"]
                self.acknowledged.append((time.monotonic(), ticket["id"], ticket["number"]))
            else:
                self.failures.append(f"{response.status_code} {response.text[:200]}")


def onewindow(server, *args: str) -> subprocess.CompletedProcess:
    """`onewindow ARGS` with the server's own environment, as an administrator runs it on the box."""
    return subprocess.run(
        [*server.command, *args], env=server.env, cwd=server.workdir, capture_output=True, text=True, timeout=60
    )


def test_a_backup_under_load_restored_holds_every_ticket_acknowledged_before_it(server, tmp_path):
    keys = [server.enrol_kiosk(f"hall-{n}") for n in range(1, KIOSKS + 1)]
    stop = threading.Event()
    kiosks = [Kiosk(server.api, key, service_id=n % 3 + 1, stop=stop) for n, key in enumerate(keys)]
    for kiosk in kiosks:
        kiosk.start()
    try:
        time.sleep(LOAD_BEFORE_S)
        began = time.monotonic()
        backup = onewindow(server, "backup", str(tmp_path / "under-load.sqlite3"))
        ended = time.monotonic()
        time.sleep(LOAD_AFTER_S)
    finally:
        stop.set()
        for kiosk in kiosks:
            kiosk.join(timeout=10)
    assert backup.returncode == 0, backup.stderr
    assert not [failure for kiosk in kiosks for failure in kiosk.failures]

    acknowledged = [ticket for kiosk in kiosks for ticket in kiosk.acknowledged]
    before = {(ticket_id, number) for at, ticket_id, number in acknowledged if at < began}
    during = [at for at, _id, _number in acknowledged if began <= at <= ended]
    print(
        f"\n{backup.stdout.strip()}; {len(before)} tickets acknowledged before it began, "
        f"{len(during)} while it ran ({ended - began:.2f} s with the command's start-up), "
        f"{len(acknowledged)} in all"
    )
    assert len(before) > 50 and during  # the kiosks went on issuing while it ran

    # A restore while the server runs is refused, changing nothing.
    refused = onewindow(server, "restore", "--yes", str(tmp_path / "under-load.sqlite3"))
    assert refused.returncode == 1 and "stop the server first" in refused.stderr

    server.stop()
    restored = onewindow(server, "restore", "--yes", str(tmp_path / "under-load.sqlite3"))
    assert restored.returncode == 0, restored.stderr
    server.restart()

    assert server.rows("PRAGMA integrity_check") == [("ok",)]
    there = set(server.rows("SELECT id, number FROM ticket"))
    assert before <= there, f"{len(before - there)} acknowledged tickets lost"
    numbers = server.rows("SELECT service_id, day, number FROM ticket")
    assert [key for key, n in Counter(numbers).items() if n > 1] == []
    for prefix, day, last in server.rows("SELECT prefix, day, last FROM ticket_sequence"):
        taken = server.rows("SELECT number FROM ticket WHERE number LIKE ? AND day = ?", f"{prefix}%", day)
        assert sorted(int(number[len(prefix) :]) for (number,) in taken) == list(range(1, last + 1))

    # Served as before: staff see an acknowledged ticket, and the numbers go on from the backup's.
    staff = bearer(server.login("supervisor"))
    ticket_id, number = min(before)
    assert (
        requests.get(f"{server.api}/tickets/{ticket_id}", headers=staff, timeout=10).json()["ticket"]["number"]
        == number
    )
    [(last_a,)] = server.rows("SELECT last FROM ticket_sequence WHERE prefix = 'A'")
    assert server.take(1)["number"] == f"A{last_a + 1:03d}"


def test_the_server_takes_its_daily_backup_soon_after_it_starts(server):
    folder = server.workdir / "instance" / "backups"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not list(folder.glob("onewindow-*.sqlite3")):
        time.sleep(0.2)
    [daily] = folder.glob("onewindow-*.sqlite3")
    check = onewindow(server, "restore", "--yes", str(daily))  # refused: the server runs…
    assert "stop the server first" in check.stderr  # …but only after the file passed its check
    assert server.logged_errors() == []
