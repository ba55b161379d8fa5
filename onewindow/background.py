"""Work the running server does besides answering requests: started by `onewindow serve`."""

import logging

from office import backups
from office.db import checkpoint_wal, sqlite_path
from printer.spool import PrintSpool

log = logging.getLogger(__name__)

CHECKPOINT_EVERY_S = 1.0
# The daily backup: a first look soon after start (once the server answers), then hourly;
# a backup is taken only when the office-local day has none yet.
BACKUP_FIRST_CHECK_S = 5.0
BACKUP_CHECK_EVERY_S = 3600.0


def start(app, socketio) -> None:
    path = sqlite_path()
    if path:
        socketio.start_background_task(_checkpointer, app, socketio, path)
        if app.config["BACKUP_KEEP"] > 0:
            socketio.start_background_task(_daily_backups, app, socketio, path)
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


def _daily_backups(app, socketio, path: str) -> None:
    """One backup a day into BACKUP_DIR, keeping the newest BACKUP_KEEP; the copy runs in a
    worker thread, so no display waits for it."""
    socketio.sleep(BACKUP_FIRST_CHECK_S)
    while True:
        app.extensions["onewindow.run_blocking"](daily_backup_now, app, path)
        socketio.sleep(BACKUP_CHECK_EVERY_S)


def daily_backup_now(app, path: str):
    """Today's backup if the office-local day has none yet. A failure (a full disk, a folder
    that cannot be written) is logged, and tried again at the next check: the office goes on."""
    clock = app.config["CLOCK"]
    try:
        taken = backups.daily_backup(
            path, app.config["BACKUP_DIR"], now=clock(), zone=clock.zone, keep=app.config["BACKUP_KEEP"]
        )
    except Exception:
        log.exception("the daily backup failed; will try again in an hour")
        return None
    if taken:
        log.info("daily backup written: %s", taken)
    return taken
