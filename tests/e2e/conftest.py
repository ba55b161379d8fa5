"""End-to-end fixtures: the real `onewindow serve` process on a free loopback port and a temp SQLite DB.

`server` gives one running server (demo office loaded); `start_server` is a factory for more.
Each server object can be SIGKILLed (`kill()`) and started again on the same port and the same
database (`restart()`). Every process a test starts is stopped at teardown, whatever happens.
Server output goes to files in the test's tmp_path (a pipe nobody reads could fill up and
block the server); a failed start shows the tail of its stderr.
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
import requests

HOST = "127.0.0.1"
DEMO_PASSWORD = "demo1234"
START_TIMEOUT_S = 20.0


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def onewindow_command() -> list[str]:
    """The `onewindow` console script of this interpreter's environment."""
    script = Path(sys.executable).parent / "onewindow"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "onewindow.launch"]


class PortTaken(RuntimeError):
    """Another process bound the chosen port between free_port() and the server's start."""


class ServerProcess:
    """One `onewindow serve` on 127.0.0.1:port over one SQLite file."""

    def __init__(
        self,
        workdir: Path,
        *,
        demo: bool = True,
        port: int | None = None,
        extra_env: dict | None = None,
        command: list[str] | None = None,
    ):
        self.workdir = Path(workdir)
        self.command = command or onewindow_command()  # another environment's `onewindow`, if given
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.api = f"{self.url}/api/v1"
        self.db_path = self.workdir / "onewindow.sqlite3"
        self.db_url = f"sqlite:///{self.db_path}"  # absolute path: sqlite:////abs/path
        self.env = _clean_env(
            {
                "ONEWINDOW_DATABASE_URL": self.db_url,
                "ONEWINDOW_SECRET_KEY": "e2e-secret-" + self.workdir.name,
                "ONEWINDOW_INSTANCE_PATH": str(self.workdir / "instance"),
                # These tests take hundreds of tickets from one address in a minute, as no
                # citizen would: the issuing limit is off unless a test turns it on.
                "ONEWINDOW_TICKETS_PER_MINUTE": "0",
                **(extra_env or {}),
            }
        )
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self._init(demo)

    # --- life cycle ------------------------------------------------------------------

    def _init(self, demo: bool) -> None:
        args = [*self.command, "init"] + (["--demo"] if demo else [])
        result = subprocess.run(
            args, env=self.env, cwd=self.workdir, capture_output=True, text=True, timeout=60, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"`onewindow init` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")

    def start(self, timeout: float = START_TIMEOUT_S) -> "ServerProcess":
        """Start and wait until it answers. The very first start moves to another free port if
        someone took this one meanwhile; later starts (restarts) keep the port."""
        for attempt in range(3):
            try:
                return self._start(timeout)
            except PortTaken:
                if self.starts > 1 or attempt == 2:
                    raise
                self.starts = 0
                self.port = free_port()
                self.url = f"http://{HOST}:{self.port}"
                self.api = f"{self.url}/api/v1"
        raise AssertionError("unreachable")

    def _start(self, timeout: float) -> "ServerProcess":
        if self.running:
            raise RuntimeError("the server is already running")
        self.starts += 1
        self.stdout_path = self.workdir / f"server-{self.starts}.out.log"
        self.stderr_path = self.workdir / f"server-{self.starts}.err.log"
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                [*self.command, "serve", "--host", HOST, "--port", str(self.port)],
                env=self.env,
                cwd=self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,  # a Ctrl-C on pytest does not hit it; we stop it ourselves
            )
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                kind = PortTaken if "Address already in use" in self.stderr_tail() else RuntimeError
                raise kind(f"the server exited with {self.proc.returncode} before answering:\n{self.stderr_tail()}")
            try:
                response = requests.get(f"{self.api}/services", timeout=2)
                if response.status_code == 200:
                    return
                last_error = f"HTTP {response.status_code}"
            except requests.RequestException as error:
                last_error = repr(error)
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(
            f"the server did not answer GET /api/v1/services within {timeout} s ({last_error}):\n{self.stderr_tail()}"
        )

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash or a pulled plug (minus the OS cache)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def restart(self, timeout: float = START_TIMEOUT_S) -> "ServerProcess":
        """Start again on the same port and the same database (stopping it first if it runs)."""
        if self.running:
            self.stop()
        return self.start(timeout)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it does not go within 5 s."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def stderr_tail(self, chars: int = 4000) -> str:
        try:
            return self.stderr_path.read_text(errors="replace")[-chars:]
        except (AttributeError, FileNotFoundError):
            return "(no stderr)"

    def logged_errors(self) -> list[str]:
        """Lines of every start's stderr that report a traceback or an unhandled error."""
        lines = []
        for path in sorted(self.workdir.glob("server-*.err.log")):
            for line in path.read_text(errors="replace").splitlines():
                if line.startswith("Traceback") or "unhandled error" in line or "Error" in line.split(":")[0]:
                    lines.append(f"{path.name}: {line}")
        return lines

    def rss_kib(self) -> int | None:
        """The server's resident memory (VmRSS) in KiB, from /proc."""
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except (FileNotFoundError, TypeError):
            return None
        return None

    def rows(self, sql: str, *params) -> list[tuple]:
        """Rows of the server's own database (SQLite in WAL mode lets a reader in while it runs):
        what really happened, as its tables and its event log record it."""
        with closing(sqlite3.connect(self.db_path, timeout=10)) as db:
            return db.execute(sql, params).fetchall()

    # --- API helpers -----------------------------------------------------------------

    def login(self, username: str, password: str = DEMO_PASSWORD, session=None) -> str:
        return login(self.url, username, password, session=session)

    def enrol_kiosk(self, name: str = "hall", offers_priority: bool = False) -> str:
        """Enrol a kiosk as an office would: `onewindow kiosk enrol NAME` prints a one-time
        link, and the kiosk redeems it (POST /api/v1/kiosks/enrol). The kiosk's device key,
        to send as X-Kiosk-Key."""
        link = self.enrolment_link(name, offers_priority)
        code = link.rsplit("/kiosk/enrol/", 1)[1]
        response = requests.post(f"{self.api}/kiosks/enrol", json={"code": code}, timeout=10)
        assert response.status_code == 201, response.text
        return response.json()["key"]

    def enrolment_link(self, name: str = "hall", offers_priority: bool = False) -> str:
        """The one-time link `onewindow kiosk enrol NAME` prints (with this server's URL)."""
        args = [*self.command, "kiosk", "enrol", name] + (["--priority"] if offers_priority else [])
        env = {**self.env, "ONEWINDOW_PUBLIC_URL": self.url}
        result = subprocess.run(args, env=env, cwd=self.workdir, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"`onewindow kiosk enrol` failed:\n{result.stdout}\n{result.stderr}"
        links = [word for word in result.stdout.split() if "/kiosk/enrol/" in word]
        assert len(links) == 1, result.stdout
        return links[0]

    def take(self, service_id: int = 1) -> dict:
        """A citizen takes a ticket (POST /api/v1/tickets): the new ticket."""
        response = requests.post(f"{self.api}/tickets", json={"service_id": service_id}, timeout=10)
        assert response.status_code == 201, response.text
        return response.json()["ticket"]


def _clean_env(overrides: dict) -> dict:
    """This environment without any inherited ONEWINDOW_* setting (e.g. ASYNC_MODE), plus overrides."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEWINDOW_")}
    env.update(overrides)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def login(base_url: str, username: str, password: str = DEMO_PASSWORD, *, session=None) -> str:
    """Log in through POST /api/v1/login and return the bearer token."""
    http = session or requests
    response = http.post(f"{base_url}/api/v1/login", json={"username": username, "password": password}, timeout=10)
    assert response.status_code == 200, f"login as {username}: HTTP {response.status_code} {response.text}"
    token = response.json()["token"]
    assert token
    return token


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def start_server(tmp_path):
    """Factory: start_server(name="server", demo=True, extra_env=None) -> a running ServerProcess."""
    started: list[ServerProcess] = []

    def start(name: str = "server", *, demo: bool = True, extra_env: dict | None = None) -> ServerProcess:
        server = ServerProcess(tmp_path / name, demo=demo, extra_env=extra_env)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def server(start_server) -> ServerProcess:
    """A running server with the demo office, on its own port and its own temp database."""
    return start_server()
