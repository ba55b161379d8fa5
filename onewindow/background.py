"""Work the running server does besides answering requests: started by `onewindow serve`."""

import logging

from office.db import checkpoint_wal, sqlite_path
from printer.spool import PrintSpool

log = logging.getLogger(__name__)

CHECKPOINT_EVERY_S = 1.0


def start(app, socketio) -> None:
    path = sqlite_path()
    if path:
        socketio.start_background_task(_checkpointer, app, socketio, path)
    PrintSpool(app, socketio).start()


def _checkpointer(app, socketio, path: str) -> None:
    """Keep the WAL short: a PASSIVE checkpoint every second, its fsyncs in a worker thread."""
    run_blocking = app.extensions["onewindow.run_blocking"]
    while True:
        socketio.sleep(CHECKPOINT_EVERY_S)
        try:
            run_blocking(checkpoint_wal, path)
        except Exception:
            log.exception("WAL checkpoint failed; will try again")
