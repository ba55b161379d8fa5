"""The attacker's side: a real `onewindow serve` (tests/e2e/conftest.py), reached with plain
HTTP clients, from several loopback source addresses where a rule is per address.

Linux routes all of 127.0.0.0/8 to the loopback interface, so a client that binds
127.0.0.2 before connecting to the server on 127.0.0.1 is, for the server, another machine.
"""

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.e2e.conftest import DEMO_PASSWORD, ServerProcess, bearer, login, start_server  # noqa: F401

__all__ = ["DEMO_PASSWORD", "ServerProcess", "bearer", "login", "client_at"]


class _FromAddress(HTTPAdapter):
    """Connections leave from one source address."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def client_at(address: str = "127.0.0.1") -> requests.Session:
    """An HTTP client whose connections come from `address` (any 127.x.y.z)."""
    session = requests.Session()
    session.mount("http://", _FromAddress(address))
    return session


@pytest.fixture
def server(start_server) -> ServerProcess:  # noqa: F811
    """A running server with the demo office, on its own port and its own temp database."""
    return start_server()


@pytest.fixture(scope="module")
def module_server(tmp_path_factory) -> ServerProcess:
    """One real server for a whole module, for tests that only read its answers (a start is
    seconds, and these tests do not look at what another one added)."""
    office = ServerProcess(tmp_path_factory.mktemp("server")).start()
    yield office
    office.stop()
