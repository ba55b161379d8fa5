"""Coalescing: do something at most once per interval, however often it is asked for."""

import logging

from office.db import database

log = logging.getLogger(__name__)


class Coalesced:
    """Runs `send()` at most once per `delay` seconds, in a background task, however often it
    is asked to: a morning rush of tickets becomes a few messages a second, and the request
    that made the change does not wait for them. With `delay` 0, at once.

    `start_task(fn)` and `sleep(seconds)` come from the server (Socket.IO's, so the same code
    runs on eventlet or threads)."""

    def __init__(self, delay: float, send, *, start_task, sleep):
        self.delay, self.send = delay, send
        self.start_task, self.sleep = start_task, sleep
        self.pending = False

    @classmethod
    def on(cls, server, delay: float, send) -> "Coalesced":
        """On a server's own tasks and sleep (a Socket.IO server's: eventlet or threads)."""
        return cls(delay, send, start_task=server.start_background_task, sleep=server.sleep)

    def request(self) -> None:
        if self.delay <= 0:
            self.send()
        elif not self.pending:
            self.pending = True
            self.start_task(self._later)

    def _later(self) -> None:
        self.sleep(self.delay)
        self.pending = False  # a change from now on asks for another run
        try:
            with database.connection_context():
                self.send()
        except Exception:  # the next change sends fresh figures; never kill the server over it
            log.exception("coalesced send failed")
