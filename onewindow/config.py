"""Configuration: defaults, then ONEWINDOW_* environment variables, then test overrides."""

import os
import secrets

from office.network import trusted_proxies

DEFAULTS = {
    "OFFICE_NAME": "One Window Service Office (demo)",
    "OFFICE_NAME_KM": "ការិយាល័យច្រកចេញចូលតែមួយ (សាកល្បង)",
    # {"mon": ["07:30", "17:00"], …, "sun": null}; None: weekdays 07:30-17:00 (office/settings.py)
    "OPENING_HOURS": None,
    "HOLIDAYS": None,  # [{"date": "YYYY-MM-DD", "name"}]: set by the administrator (admin settings)
    # The administrator's office settings (onewindow/office_settings.py) reach the other
    # server processes within this many seconds.
    "SETTINGS_CHECK_S": 5.0,
    "TIMEZONE": "Asia/Phnom_Penh",
    # Integrity signals (office/integrity.py): services finished faster than this many
    # seconds, and pauses longer than this many minutes, are listed for the supervisor.
    "INTEGRITY_MIN_SERVICE_S": 60,
    "INTEGRITY_LONG_PAUSE_MIN": 30,
    "ANNOUNCE_LANGUAGES": "km,en",  # the waiting-room display speaks calls in these, in order
    # None: eventlet when `onewindow serve` has monkey-patched it, else threading.
    "ASYNC_MODE": None,
    # Socket.IO message queue (e.g. redis://127.0.0.1:6379/0) for several server processes.
    "MESSAGE_QUEUE": None,
    "TOKEN_TTL_S": 12 * 3600,
    # Waiting counts go to the displays at most this often (0: at once, in the request).
    "DISPLAY_WAITING_DELAY_S": 0.1,
    "COUNTER_WAITING_DELAY_S": 0.2,
    "KIOSK_WAITING_DELAY_S": 0.1,
    # A status page hears of a change in its people ahead at most this often.
    "TICKET_STATUS_DELAY_S": 0.25,
    # A /counter socket whose page session has ended elsewhere (another server process, the
    # CLI's `user disable`) is closed within this many seconds (0: only by this process's own
    # logouts).
    "COUNTER_SESSION_CHECK_S": 1.0,
    "MAX_CONTENT_LENGTH": 64 * 1024,
    # Tickets one kiosk, or one address, may take in a minute without staff (0: no limit),
    # and the reverse proxies whose X-Forwarded-For is believed ("10.0.0.2,10.0.0.3").
    "TICKETS_PER_MINUTE": 60,
    "TRUSTED_PROXIES": "",
    # Logins (office/logins.py): failed tries allowed in a sliding window, per user and
    # address, per address, and per user across all addresses (each counting at most its
    # per-user-and-address share; tripping it tells the supervisors).
    "LOGIN_WINDOW_S": 300,
    "LOGIN_FAILURES_PER_USER_AND_ADDRESS": 5,
    "LOGIN_FAILURES_PER_ADDRESS": 20,
    "LOGIN_FAILURES_PER_USER": 50,
    # Printing: the office's printer (see printer/backends.py for the forms; default a folder
    # in the instance folder), kiosks with printers of their own ({"kiosk-2": "network:…"}),
    # the python-escpos profile (its width sets the ticket's: 576 dots, or 384 for 58 mm),
    # and how long a printer may take to answer.
    "PRINTER": None,
    "PRINTERS": {},
    "PRINTER_PROFILE": None,
    "PRINTER_TIMEOUT_S": 5.0,
    # The address phones use to reach this server (the QR code's target); by default the
    # address `onewindow serve` listens on.
    "PUBLIC_URL": None,
    "JSON_SORT_KEYS": False,
    # Staff pages: the session cookie is not readable by scripts nor sent by other sites; set
    # ONEWINDOW_SESSION_COOKIE_SECURE=true when the office serves over HTTPS. A counter screen
    # stays open all day, so its CSRF token lives as long as the login session.
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "WTF_CSRF_TIME_LIMIT": None,
    # SQLite backups (office/backups.py): the folder (None: <instance>/backups), and how many
    # daily automatic backups the server keeps there (0: no automatic backup).
    "BACKUP_DIR": None,
    "BACKUP_KEEP": 14,
}


def load(app, test_config=None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("ONEWINDOW")
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("DATABASE_URL"):
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["DATABASE_URL"] = "sqlite:///" + os.path.join(app.instance_path, "onewindow.sqlite3")
    if not app.config.get("BACKUP_DIR"):
        app.config["BACKUP_DIR"] = os.path.join(app.instance_path, "backups")
    if not app.config.get("PRINTER"):
        app.config["PRINTER"] = "folder:" + os.path.join(app.instance_path, "printed-tickets")
    app.config["TRUSTED_PROXIES"] = trusted_proxies(app.config["TRUSTED_PROXIES"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)


def _instance_secret(instance_path: str) -> str:
    """A random key kept in the instance folder, so tokens and sessions survive restarts."""
    os.makedirs(instance_path, exist_ok=True)
    path = os.path.join(instance_path, "secret_key")
    try:
        with open(path, encoding="ascii") as f:
            return f.read().strip()
    except FileNotFoundError:
        key = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(key)
        return key
