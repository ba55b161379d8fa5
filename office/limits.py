"""Every size limit of the office's data, once: the database columns (office/models.py) and
the HTTP contract (office/schemas.py) both take them from here."""

from datetime import date

MAX_ID = 2**31 - 1  # ids are 32-bit integers in SQLite and PostgreSQL alike
KIOSK_NAME_PATTERN = r"^[A-Za-z0-9_.-]{1,40}$"  # a kiosk's name is also its printer's
KIOSK_NAME_MAX = 40
SOURCE_URL_MAX = 1000  # where a service's official page is (the shared CSV's source_url)
PRINTER_SPEC_MAX = 200  # a printer's backend and address: "network:10.0.0.9:9100"
IDEMPOTENCY_KEY_MAX = 200
TOKEN_MIN, TOKEN_MAX = 16, 64  # a status page's token (the server makes 22 characters)
REASON_MAX = 500  # why a ticket was called out of order
FEEDBACK_COMMENT_MAX = 1000  # a citizen's comment on the service
USERNAME_MAX = 80
PASSWORD_MIN, PASSWORD_MAX = 8, 200  # a staff password (office/users.py checks the minimum)
CLIENT_MAX = 64  # a client's address, as the login throttle and the ticket record it
IDEMPOTENCY_SCOPE_MAX = 80  # who a key belongs to: "kiosk:<id>", "user:<id>" or "client:<address>"
KIOSK_KEY_MAX = 100  # a kiosk's device key (the server makes 43 characters)
SECRET_HASH_LENGTH = 64  # a device key or one-time code is kept only as its SHA-256, in hex
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2999, 12, 31)  # days a report may ask about
# The live channels (Socket.IO): a display's ?counters= / ?services= filter, and how often one
# socket may ask for something (e.g. `snapshot`): a burst, then so many a second; a socket that
# goes on asking while refused is disconnected.
FILTER_IDS_MAX = 100
SOCKET_EVENTS_BURST = 5
SOCKET_EVENTS_PER_S = 1.0
SOCKET_REFUSALS_MAX = 20
