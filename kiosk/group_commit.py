"""Group commit for issuing tickets.

With SQLite's synchronous=FULL every commit waits for the disk (an fsync), and under a
morning rush that wait, not the work, is what limits the kiosks. Requests that arrive while
a commit is under way queue here, and one writer issues them all in the next transaction
(office.engine.issue_many): one flush for many tickets, every ticket still acknowledged only
after it is on disk. A lone request waits for nobody: a batch is whatever has queued.
"""

import logging

from office import engine
from office.db import database

log = logging.getLogger(__name__)

MAX_BATCH = 64
ANSWER_WITHIN_S = 30.0


class WriterUnavailable(Exception):
    """The writer did not answer in time (the database is stuck)."""


class GroupCommitIssuer:
    def __init__(self, app, socketio):
        self.app, self.socketio = app, socketio
        self.queue = socketio.server.eio.create_queue()
        self.queue_empty = socketio.server.eio._async["queue_empty"]
        self.writer_started = False

    def issue(self, request: engine.IssueRequest) -> engine.Issued:
        """Issue one ticket in the next group commit; raises its domain error if refused."""
        if not self.writer_started:
            self.writer_started = True
            self.socketio.start_background_task(self._write_forever)
        answered = self.socketio.server.eio.create_event()
        slot: list = []
        self.queue.put((request, answered, slot))
        if not answered.wait(timeout=ANSWER_WITHIN_S):
            raise WriterUnavailable("the ticket could not be written in time")
        [result] = slot
        if isinstance(result, BaseException):
            raise result
        return result

    def _write_forever(self) -> None:
        while True:
            batch = [self.queue.get()]
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(self.queue.get_nowait())
                except self.queue_empty:
                    break
            self._write(batch)

    def _write(self, batch) -> None:
        try:
            with self.app.app_context(), database.connection_context():
                results = engine.issue_many(
                    [request for request, _, _ in batch],
                    clock=self.app.config["CLOCK"],
                    bus=self.app.extensions["onewindow.events"],
                )
        except Exception as error:  # nothing was committed: every request in it hears why
            log.exception("issuing %d ticket(s) failed", len(batch))
            results = [error] * len(batch)
        for (_, answered, slot), result in zip(batch, results, strict=True):
            slot.append(result)
            answered.set()
