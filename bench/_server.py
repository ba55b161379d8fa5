"""Start a throw-away `onewindow serve` for a benchmark: temp SQLite DB with the demo office, free port.

A plain-Python twin of tests/e2e/conftest.py's ServerProcess (no pytest here).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def onewindow_command() -> list[str]:
    script = Path(sys.executable).parent / "onewindow"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "onewindow.launch"]


class BenchServer:
    """`with BenchServer() as server:` runs a server for the block and removes its files after."""

    def __init__(self, *, keep: bool = False, extra_env: dict | None = None):
        self.workdir = Path(tempfile.mkdtemp(prefix="onewindow-bench-"))
        self.keep = keep
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.db_url = f"sqlite:///{self.workdir / 'onewindow.sqlite3'}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ONEWINDOW_")}
        self.env.update(ONEWINDOW_DATABASE_URL=self.db_url, ONEWINDOW_SECRET_KEY="bench", PYTHONUNBUFFERED="1")
        # The benchmarks load the server from one address as no citizen would: the issuing
        # limit is off unless a benchmark turns it on (ONEWINDOW_TICKETS_PER_MINUTE in extra_env).
        self.env["ONEWINDOW_TICKETS_PER_MINUTE"] = "0"
        self.env.update(extra_env or {})
        self.proc = None

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self, timeout: float = 20.0) -> None:
        init = subprocess.run(
            [*onewindow_command(), "init", "--demo"], env=self.env, capture_output=True, text=True, check=False
        )
        if init.returncode:
            raise RuntimeError(f"onewindow init failed:\n{init.stdout}{init.stderr}")
        self.stderr_path = self.workdir / "server.err.log"
        with open(self.workdir / "server.out.log", "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                [*onewindow_command(), "serve", "--host", HOST, "--port", str(self.port)],
                env=self.env,
                cwd=self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited ({self.proc.returncode}):\n{self.stderr_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/services", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"the server did not answer within {timeout} s:\n{self.stderr_tail()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if not self.keep:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def stderr_tail(self, chars: int = 4000) -> str:
        try:
            return self.stderr_path.read_text(errors="replace")[-chars:]
        except (AttributeError, FileNotFoundError):
            return "(no stderr)"

    def rss_kib(self) -> int | None:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except FileNotFoundError:
            return None
        return None
