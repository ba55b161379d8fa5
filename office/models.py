"""The office's records. The schema is valid on SQLite and PostgreSQL.

Times are stored as integer milliseconds since the Unix epoch, in UTC: exact to the
millisecond, portable, and simple to subtract in SQL for waiting and service times.
"""

import json
from contextlib import nullcontext

from peewee import (
    SQL,
    BigIntegerField,
    BooleanField,
    CharField,
    CompositeKey,
    DateField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
    fn,
)

from office import event_chain, lifecycle
from office.clock import from_millis, to_millis
from office.db import database
from office.limits import (
    CLIENT_MAX,
    IDEMPOTENCY_KEY_MAX,
    IDEMPOTENCY_SCOPE_MAX,
    KIOSK_NAME_MAX,
    PRINTER_SPEC_MAX,
    SECRET_HASH_LENGTH,
    SOURCE_URL_MAX,
    TOKEN_MAX,
    USERNAME_MAX,
)


class UtcMillisField(BigIntegerField):
    """An aware UTC datetime, stored as integer milliseconds since the epoch."""

    def db_value(self, value):
        if value is None or isinstance(value, int):
            return value
        return to_millis(value)

    def python_value(self, value):
        return None if value is None else from_millis(value)


class JSONField(TextField):
    def db_value(self, value):
        return json.dumps(value or {}, ensure_ascii=False, sort_keys=True)

    def python_value(self, value):
        return json.loads(value) if value else {}


class JSONListField(TextField):
    def db_value(self, value):
        return json.dumps(list(value or []), ensure_ascii=False)

    def python_value(self, value):
        return json.loads(value) if value else []


class JSONValueField(TextField):
    """Any JSON value, as it is (a string, a number, false, a list, an object)."""

    def db_value(self, value):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def python_value(self, value):
        return None if value is None else json.loads(value)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Service(BaseModel):
    """An administrative service citizens queue for, with its official fee."""

    prefix = CharField(max_length=4)
    name_en = CharField(max_length=300)
    name_km = CharField(max_length=500)
    group_en = CharField(max_length=200)
    group_km = CharField(max_length=300)
    fee_riel = IntegerField(null=True)
    processing_days = IntegerField(null=True)
    target_wait_min = IntegerField(default=20)
    position = IntegerField(default=0)  # its place on the kiosk's screen
    active = BooleanField(default=True)  # deactivated, never deleted: its tickets keep it
    # What a citizen must bring, in each language (JSON lists; NULL in rows older than the
    # column: SQLite adds a NOT NULL column only by copying the table).
    documents_en = JSONListField(null=True, default=list)
    documents_km = JSONListField(null=True, default=list)
    # Where its official description and fee are published (the shared CSV's source_url).
    source_url = CharField(max_length=SOURCE_URL_MAX, null=True)


# Two active services never share a prefix (their tickets' numbers would collide).
Service.add_index(Service.index(Service.prefix, unique=True, name="service_prefix_active").where(SQL("active")))


class User(BaseModel):
    ROLES = ("officer", "supervisor", "admin")

    username = CharField(max_length=USERNAME_MAX, unique=True)
    password_hash = CharField(max_length=255)
    role = CharField(max_length=20)
    active = BooleanField(default=True)
    # Part of every page session's id: logging out moves it on, so a copied cookie dies too.
    session_epoch = IntegerField(default=0)


class Counter(BaseModel):
    """A desk where an officer serves citizens for some services."""

    name = CharField(max_length=100)
    active = BooleanField(default=True)
    paused = BooleanField(default=False)  # open, but calling nobody (a break)
    officer = ForeignKeyField(User, null=True)  # who works at it now


class CounterService(BaseModel):
    counter = ForeignKeyField(Counter, backref="service_links", on_delete="CASCADE")
    service = ForeignKeyField(Service, backref="counter_links", on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("counter", "service")


class Kiosk(BaseModel):
    """A touch kiosk an administrator enrolled: a device, known by the key it holds, not by
    the name a client sends. Only an enrolled kiosk prints, and only one allowed to offers
    priority tickets."""

    name = CharField(max_length=KIOSK_NAME_MAX, unique=True)  # also its printer's name
    offers_priority = BooleanField(default=False)
    created_at = UtcMillisField()
    created_by = ForeignKeyField(User, null=True)
    # The one-time enrolment link's code, until the kiosk opens it (then None).
    enrol_code_hash = CharField(max_length=SECRET_HASH_LENGTH, null=True, unique=True)
    enrol_expires_at = UtcMillisField(null=True)
    # The device key the kiosk received by opening the link; it sends it with every ticket.
    key_hash = CharField(max_length=SECRET_HASH_LENGTH, null=True, unique=True)
    enrolled_at = UtcMillisField(null=True)
    revoked_at = UtcMillisField(null=True)
    # Its printer, set by the administrator (else ONEWINDOW_PRINTERS / ONEWINDOW_PRINTER; forms
    # in printer/backends.py), and its paper's width in millimetres (80 or 58; None: the
    # printer profile's).
    printer = CharField(max_length=PRINTER_SPEC_MAX, null=True)
    paper_width_mm = IntegerField(null=True)


class Display(BaseModel):
    """A waiting-room TV the administrator named: the counters and services it shows (empty:
    all) and the languages it speaks calls in (empty: the office's)."""

    name = CharField(max_length=KIOSK_NAME_MAX, unique=True)
    counter_ids = JSONListField(default=list)
    service_ids = JSONListField(default=list)
    languages = CharField(max_length=40, default="")
    active = BooleanField(default=True)


class Setting(BaseModel):
    """One office setting the administrator changed (name, time zone, languages, public URL,
    opening hours); a setting without a row has its default from the configuration."""

    key = CharField(max_length=40, primary_key=True)
    value = JSONValueField()


HOLDS_A_COUNTER = "status IN ('called', 'serving')"


class Ticket(BaseModel):
    """A citizen's place in a queue, from issue to done, no-show or cancellation."""

    # The states and what moves a ticket between them: office/lifecycle.py.
    WAITING, CALLED, SERVING = lifecycle.WAITING, lifecycle.CALLED, lifecycle.SERVING
    DONE, NO_SHOW, CANCELLED = lifecycle.DONE, lifecycle.NO_SHOW, lifecycle.CANCELLED
    STATUSES = lifecycle.STATES
    CURRENT = (CALLED, SERVING)

    service = ForeignKeyField(Service, backref="tickets")
    number = CharField(max_length=12)
    day = DateField()
    status = CharField(max_length=10, default=WAITING, index=True)
    priority = BooleanField(default=False)
    issued_at = UtcMillisField()
    called_at = UtcMillisField(null=True)
    first_called_at = UtcMillisField(null=True)
    started_at = UtcMillisField(null=True)
    finished_at = UtcMillisField(null=True)
    counter = ForeignKeyField(Counter, null=True, backref="tickets")
    officer = ForeignKeyField(User, null=True, backref="tickets")
    estimated_wait_s = IntegerField(null=True)  # as estimated when issued (and printed)
    fee_riel = IntegerField(null=True)  # the official fee when issued: a later change keeps it
    token = CharField(max_length=TOKEN_MAX, unique=True)
    idempotency_key = CharField(max_length=IDEMPOTENCY_KEY_MAX, null=True)
    # Who gave it out: a staff member (priority at the desk), an enrolled kiosk, or neither (a
    # phone or an unenrolled page); and the address the request came from.
    issued_by = ForeignKeyField(User, null=True, backref="issued_tickets")
    kiosk = ForeignKeyField(Kiosk, null=True, backref="tickets")
    client = CharField(max_length=CLIENT_MAX, null=True)
    # An idempotency key belongs to the kiosk, staff member or address that sent it.
    idempotency_scope = CharField(max_length=IDEMPOTENCY_SCOPE_MAX, null=True)

    class Meta:
        indexes = (
            (("status", "service", "priority", "issued_at"), False),
            (("idempotency_scope", "idempotency_key"), True),
            (("client", "issued_at"), False),
            (("kiosk", "issued_at"), False),
            (("issued_at",), False),  # reports and statistics read periods of days
        )

    # Calling order: priority tickets first, then by issue time (a transfer keeps it).
    @classmethod
    def calling_order(cls):
        return (cls.priority.desc(), cls.issued_at, cls.id)

    @classmethod
    def holds_a_counter(cls):
        """Condition: the ticket is called or being served (Ticket.CURRENT), written as the
        partial index `ticket_one_current_per_counter` is, so that SQLite finds a counter's
        current ticket through it (with bound parameters it cannot tell the index applies and
        reads every ticket the counter ever had)."""
        return SQL(HOLDS_A_COUNTER)

    @classmethod
    def called_before(cls, ticket: "Ticket"):
        """Condition: a ticket comes before `ticket` in calling order."""
        return (cls.priority > ticket.priority) | (
            (cls.priority == ticket.priority)
            & ((cls.issued_at < ticket.issued_at) | ((cls.issued_at == ticket.issued_at) & (cls.id < ticket.id)))
        )


# The database itself guarantees that a counter holds at most one current ticket.
Ticket.add_index(
    Ticket.index(Ticket.counter, unique=True, name="ticket_one_current_per_counter").where(SQL(HOLDS_A_COUNTER))
)


class TicketSequence(BaseModel):
    """The last number given out for a prefix on an office-local day."""

    prefix = CharField(max_length=4)
    day = DateField()
    last = IntegerField(default=0)

    class Meta:
        primary_key = CompositeKey("prefix", "day")


class Event(BaseModel):
    """Append-only log: every state change writes one row in the same transaction."""

    at = UtcMillisField(index=True)
    kind = CharField(max_length=40, index=True)
    ticket = ForeignKeyField(Ticket, null=True, backref="events")
    service = ForeignKeyField(Service, null=True)  # the ticket's service at that moment
    counter = ForeignKeyField(Counter, null=True)
    actor = ForeignKeyField(User, null=True)
    details = JSONField(default=dict)
    # A call that passed over an older waiting ticket of the same service (queue-jumping risk).
    out_of_order = BooleanField(default=False, index=True)
    # Its link in the tamper-evident chain (office/event_chain.py): its place, 1, 2, 3… and the
    # hash of its content with the previous row's hash. Set as it is inserted; never changed.
    seq = BigIntegerField(null=True, unique=True)
    hash = CharField(max_length=event_chain.HASH_LENGTH, null=True)

    class Meta:
        indexes = ((("kind", "counter"), False),)

    def save(self, *args, **kwargs):
        """A new row joins the chain after the current head, in the transaction inserting it."""
        if self.id is not None or self.seq is not None:
            return super().save(*args, **kwargs)
        # In a transaction, which holds the office's write lock until it commits (office/db.py):
        # nobody links another event meanwhile, and the unique seq would refuse a fork anyway.
        with nullcontext() if database.in_transaction() else database.atomic():
            previous_seq, previous_hash = Event.chain_head()
            self.seq = previous_seq + 1
            self.hash = event_chain.link(previous_hash, self.chained_content())
            return super().save(*args, **kwargs)

    @classmethod
    def chain_head(cls) -> tuple[int, str]:
        """The last link's place and hash; (0, GENESIS) before the first."""
        last = cls.select(fn.MAX(cls.seq))
        head = cls.select(cls.seq, cls.hash).where(cls.seq == last).tuples()
        return next(iter(head), (0, event_chain.GENESIS))

    def chained_content(self) -> bytes:
        """What its hash covers, as the database will give it back."""
        data = self.__data__
        return event_chain.content(
            self.seq,
            Event.at.db_value(self.at),
            self.kind,
            *(_id_of(data.get(name)) for name in ("ticket", "service", "counter", "actor")),
            json.loads(Event.details.db_value(self.details)),
            bool(self.out_of_order),
        )


def _id_of(value) -> int | None:
    return None if value is None else int(getattr(value, "id", value))


# The supervisors' out-of-order calls of a period, without reading every event of it.
Event.add_index(Event.index(Event.at, name="event_out_of_order_at").where(SQL("out_of_order")))


class PrintJob(BaseModel):
    """A ticket to print on a kiosk's printer. Written in the same transaction as the ticket,
    so no acknowledged ticket lacks its job; the spool prints it outside any transaction."""

    PENDING, PRINTING, DONE = "pending", "printing", "done"

    ticket = ForeignKeyField(Ticket, backref="print_jobs")
    printer = CharField(max_length=80)  # the kiosk's printer name
    status = CharField(max_length=10, default=PENDING)
    attempts = IntegerField(default=0)
    created_at = UtcMillisField()
    next_attempt_at = UtcMillisField()
    printed_at = UtcMillisField(null=True)
    last_error = CharField(max_length=300, null=True)

    class Meta:
        indexes = ((("status", "next_attempt_at"), False),)


class Feedback(BaseModel):
    """A citizen's rating of a finished ticket's service: one per ticket, within days of its
    end (office/feedback.py). Tied to the service, counter and officer that served it; the
    comment is read by supervisors, never shown to the officer rated."""

    STATUS_PAGE, KIOSK = "status_page", "kiosk"

    ticket = ForeignKeyField(Ticket, unique=True, backref="feedback")
    at = UtcMillisField(index=True)
    day = DateField(index=True)  # the ticket's office-local day: reports group by it
    service = ForeignKeyField(Service)
    counter = ForeignKeyField(Counter, null=True)
    officer = ForeignKeyField(User, null=True)
    rating = IntegerField()  # 1 (very bad) to 5 (very good)
    payment_asked = BooleanField(null=True)  # asked to pay beyond the official fee; None: not answered
    comment = TextField(null=True)
    source = CharField(max_length=12)  # where it was given: STATUS_PAGE or KIOSK


class LoginAttempt(BaseModel):
    """One try at a password, written (and committed) before the password is checked, so
    that parallel guesses all count. `succeeded` is None while the check runs."""

    at = UtcMillisField()
    username = CharField(max_length=USERNAME_MAX)
    client = CharField(max_length=CLIENT_MAX)
    succeeded = BooleanField(null=True)

    class Meta:
        indexes = (
            (("username", "client", "at"), False),
            (("username", "at"), False),
            (("client", "at"), False),
        )


class ApiToken(BaseModel):
    """A bearer token given at login. The token itself is signed; this row lets logging out
    (or being disabled) end it before it expires."""

    user = ForeignKeyField(User, backref="api_tokens", on_delete="CASCADE")
    issued_at = UtcMillisField()
    expires_at = UtcMillisField()
    revoked_at = UtcMillisField(null=True)


# --- the reports' figures, kept as the tickets reach their end (office/daily_figures.py) ---


class FigureCell(BaseModel):
    """The tickets of one office-local day (span "d"; span "m": of a month, `day` its first
    day, the days summed) that ended (done, no-show, cancelled), by the hour
    they were issued, their service and the counter and officer that last held them (0:
    none), summed: counts, each duration's count, sum and maximum, the served within the
    service's target wait, the wait estimate's error. Transfers and recalls are counted where
    they happened (the service left, the counter, who did it)."""

    span = CharField(max_length=1)
    day = DateField()
    weekday = IntegerField()  # ISO, Monday 1; 0 in a month's cells, which mix weekdays
    hour = IntegerField()
    service_id = IntegerField()
    counter_id = IntegerField(default=0)
    officer_id = IntegerField(default=0)
    issued = IntegerField(default=0)
    served = IntegerField(default=0)
    no_show = IntegerField(default=0)
    cancelled = IntegerField(default=0)
    on_target = IntegerField(default=0)
    transferred = IntegerField(default=0)
    recalls = IntegerField(default=0)
    wait_n = IntegerField(default=0)
    wait_ms = BigIntegerField(default=0)
    wait_max = BigIntegerField(default=0)
    walk_n = IntegerField(default=0)
    walk_ms = BigIntegerField(default=0)
    walk_max = BigIntegerField(default=0)
    service_n = IntegerField(default=0)
    service_ms = BigIntegerField(default=0)
    service_max = BigIntegerField(default=0)
    estimate_n = IntegerField(default=0)
    estimate_error_ms = BigIntegerField(default=0)
    estimate_within = IntegerField(default=0)

    class Meta:
        table_name = "figure_cell"
        indexes = ((("span", "day", "service_id", "counter_id", "officer_id", "hour", "weekday"), True),)


class FigureDuration(BaseModel):
    """How many ended tickets' durations fell in each bin, per day (span "d") and per month
    (span "m", start its first day), per dimension (service, counter, officer, hour,
    weekday) and key: the percentiles of long periods are read from these."""

    span = CharField(max_length=1)
    start = DateField()
    dimension = CharField(max_length=10)
    key = IntegerField()
    measure = CharField(max_length=10)
    bin = BigIntegerField()  # the bin's lower bound, ms
    n = IntegerField(default=0)

    class Meta:
        table_name = "figure_duration"
        indexes = ((("span", "dimension", "start", "key", "measure", "bin"), True),)


class OfficerDay(BaseModel):
    """An officer's time at a counter in one office-local day that is over: signed in, and of
    that paused, busy (holding a ticket) and idle. Written once the day is over."""

    day = DateField()
    officer_id = IntegerField()
    counter_id = IntegerField()
    signed_in_ms = BigIntegerField(default=0)
    paused_ms = BigIntegerField(default=0)
    busy_ms = BigIntegerField(default=0)
    idle_ms = BigIntegerField(default=0)

    class Meta:
        table_name = "officer_day"
        indexes = ((("day", "officer_id", "counter_id"), True),)


class OfficerDayDone(BaseModel):
    """The days whose OfficerDay rows are written (a day with nobody signed in has none)."""

    day = DateField(primary_key=True)

    class Meta:
        table_name = "officer_day_done"


ALL_MODELS = [
    Service,
    Counter,
    CounterService,
    User,
    Kiosk,
    Ticket,
    TicketSequence,
    Event,
    PrintJob,
    Feedback,
    LoginAttempt,
    ApiToken,
    Display,
    Setting,
    FigureCell,
    FigureDuration,
    OfficerDay,
    OfficerDayDone,
]


def create_schema() -> list[str]:
    """Create the schema, or upgrade an earlier release's in place (office/migrations).
    Safe to run again. Returns the migrations it ran."""
    from office import migrations  # they read these models

    return migrations.upgrade()
