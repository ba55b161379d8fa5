"""Checking the event log's hash chain, and anchoring it (`onewindow audit verify|anchor`).

verify() reads every row in chain order straight from the database and recomputes each
link: a row altered since it was written no longer matches its hash, a deleted one leaves a
gap in the places, and one inserted outside the engine either has no place or does not fit
its neighbours. Whoever can rewrite the whole chain from some row on (the database's owner)
is caught by the anchors: the head's place and hash, printed by `anchor` and sent to the
ministry each day; verify checks the log against a list of them.

Each verification and each anchor is itself an event on the chain, so the supervisor's page
can say when the log was last verified and with what result.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from office import event_chain
from office.clock import Clock, iso_utc
from office.db import database
from office.models import Event

VERIFIED, ANCHORED = "audit_verified", "audit_anchored"
BATCH = 5000

_COLUMNS = "id, seq, hash, at, kind, ticket_id, service_id, counter_id, actor_id, details, out_of_order"
_ANCHOR_LINE = re.compile(r"^\s*#?(?P<seq>\d+)\s+(?P<hash>[0-9a-fA-F]{64})\b")


@dataclass(frozen=True)
class Anchor:
    """The chain's head at some moment: its place and hash."""

    seq: int
    hash: str
    at: str | None = None  # ISO UTC, when it was taken

    def line(self) -> str:
        """One line that verify --anchors reads back: `seq hash at`."""
        return f"{self.seq} {self.hash} {self.at or ''}".rstrip()


@dataclass(frozen=True)
class Verdict:
    """What verify found: intact, or the first broken link."""

    events: int  # rows checked
    head: Anchor | None  # the last link (None for an empty log)
    anchors: int  # anchors checked
    broken_seq: int | None = None  # the place of the first broken link
    problem: str | None = None  # what is wrong there, in words

    @property
    def intact(self) -> bool:
        return self.problem is None

    def to_json(self) -> dict:
        return {
            "intact": self.intact,
            "events": self.events,
            "head": None if self.head is None else {"seq": self.head.seq, "hash": self.head.hash},
            "anchors_checked": self.anchors,
            "broken_seq": self.broken_seq,
            "problem": self.problem,
        }


def content_of(seq, at, kind, ticket_id, service_id, counter_id, actor_id, details, out_of_order) -> bytes:
    """A row's content from its raw columns (details as stored text; out_of_order 0/1 or bool)."""
    loaded = json.loads(details) if details else {}
    return event_chain.content(seq, at, kind, ticket_id, service_id, counter_id, actor_id, loaded, out_of_order)


def verify(anchors: Iterable[Anchor] = (), *, batch: int = BATCH) -> Verdict:
    """Check every link of the chain, then each anchor against the row at its place."""
    first_problem: tuple[int, str] | None = None
    events, head = 0, None
    unlinked = database.execute_sql(
        "SELECT id, kind FROM event WHERE seq IS NULL OR hash IS NULL ORDER BY id LIMIT 1"
    ).fetchone()
    expected, previous = 1, event_chain.GENESIS
    for row in _rows_in_chain_order(batch):
        row_id, seq, stored, *fields = row
        events += 1
        if seq < expected:
            first_problem = (expected, f"event id {row_id} claims place #{seq}, outside the chain (inserted)")
            break
        if seq != expected:
            first_problem = (
                expected,
                (f"events #{expected} to #{seq - 1}" if seq - 1 > expected else f"event #{expected}")
                + f" missing: the chain goes from #{expected - 1} to #{seq} (deleted)",
            )
            break
        if event_chain.link(previous, content_of(seq, *fields)) != stored:
            kind = fields[1]
            first_problem = (seq, f"event #{seq} (id {row_id}, {kind}) does not match its hash (altered or inserted)")
            break
        head, previous, expected = Anchor(seq, stored), stored, expected + 1
    checked = 0
    for anchor in anchors:
        checked += 1
        found = database.execute_sql(f"SELECT hash FROM event WHERE seq = {database.param}", (anchor.seq,)).fetchone()
        named = f"anchor #{anchor.seq} ({anchor.at or 'undated'})"
        if found is None:
            problem = f"{named} is gone: events deleted from the end of the log"
        elif found[0] != anchor.hash.lower():
            problem = f"{named} no longer matches: the log was rewritten up to there"
        else:
            continue
        if first_problem is None or anchor.seq < first_problem[0]:
            first_problem = (anchor.seq, problem)
    if unlinked is not None and first_problem is None:
        first_problem = (expected, f"event id {unlinked[0]} ({unlinked[1]}) has no link: inserted outside the chain")
    if first_problem is None:
        return Verdict(events, head, checked)
    return Verdict(events, head, checked, *first_problem)


def _rows_in_chain_order(batch: int):
    after = -(2**63)  # every place, even one a forger put below the first
    while True:
        rows = database.execute_sql(
            f"SELECT {_COLUMNS} FROM event WHERE seq > {database.param} ORDER BY seq LIMIT {batch}", (after,)
        ).fetchall()
        if not rows:
            return
        yield from rows
        after = rows[-1][1]


def record_verification(verdict: Verdict, clock: Clock, *, actor_id: int | None = None) -> Event:
    """Put the result on the record (an event on the chain itself)."""
    with database.atomic():
        return Event.create(at=clock(), kind=VERIFIED, actor=actor_id, details=verdict.to_json())


def anchor(clock: Clock, *, actor_id: int | None = None) -> Anchor:
    """The chain's head now, recorded as an event (which follows it on the chain)."""
    with database.atomic():
        seq, head_hash = Event.chain_head()
        now = clock()
        Event.create(at=now, kind=ANCHORED, actor=actor_id, details={"seq": seq, "hash": head_hash})
    return Anchor(seq, head_hash, iso_utc(now))


def recorded_anchors() -> list[Anchor]:
    """Every anchor this log recorded. They live in the log itself, so they show a rewrite
    only if the anchors were also kept elsewhere: verify --anchors reads such a list."""
    rows = Event.select(Event.at, Event.details).where(Event.kind == ANCHORED).order_by(Event.seq)
    return [Anchor(int(e.details["seq"]), e.details["hash"], iso_utc(e.at)) for e in rows if e.details.get("seq")]


def parse_anchors(text: str) -> list[Anchor]:
    """Anchors from lines as `anchor` prints them (`seq hash [at]`); other lines are ignored."""
    anchors = []
    for line in text.splitlines():
        match = _ANCHOR_LINE.match(line)
        if match:
            rest = line[match.end() :].split()
            anchors.append(Anchor(int(match["seq"]), match["hash"].lower(), rest[0] if rest else None))
    return anchors


def verification(event: Event) -> dict:
    """A recorded verification (an audit_verified event) as the supervisors read it."""
    return {"at": iso_utc(event.at), **event.details}


def last_verification() -> dict | None:
    """When the log was last verified, and what was found: for the supervisor's page."""
    event = Event.select().where(Event.kind == VERIFIED).order_by(Event.seq.desc()).first()
    return None if event is None else verification(event)


def summary() -> dict:
    """The chain's head and its last verification and anchor."""
    seq, head_hash = Event.chain_head()
    last = Event.select().where(Event.kind == ANCHORED).order_by(Event.seq.desc()).first()
    anchored = None if last is None else {"at": iso_utc(last.at), **last.details}
    return {"head": {"seq": seq, "hash": head_hash}, "last_verified": last_verification(), "last_anchor": anchored}
