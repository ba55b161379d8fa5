"""The event log's hash chain: what makes a quiet edit of the record visible.

Every Event row carries its place in the chain (`seq`: 1, 2, 3… without gaps) and a SHA-256
hash over its own content and the hash of the row before it. Altering a row changes its hash;
deleting one leaves a gap; inserting one needs a place and a hash that fit. Rewriting the whole
chain from some row on is caught by the anchors: heads the office sent away earlier
(office/audit.py).

This module is pure: the content of a row, and the hash of a link. office/models.py links
each new Event as it is inserted, in the same transaction, whose write lock (office/db.py)
keeps two writers from linking to the same head; office/audit.py checks the chain.
"""

import hashlib
import json

GENESIS = "0" * 64  # the "previous hash" of the first row
HASH_LENGTH = 64


def content(
    seq: int,
    at_ms: int,
    kind: str,
    ticket_id: int | None,
    service_id: int | None,
    counter_id: int | None,
    actor_id: int | None,
    details: dict,
    out_of_order: bool,
) -> bytes:
    """The bytes a row's hash covers: every column but its id (a database's own numbering) and
    the hash itself, in one canonical JSON form that SQLite and PostgreSQL give back alike."""
    fields = [seq, at_ms, kind, ticket_id, service_id, counter_id, actor_id, details or {}, bool(out_of_order)]
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def link(previous_hash: str, row_content: bytes) -> str:
    """The hash of a row that follows `previous_hash`."""
    return hashlib.sha256(previous_hash.encode() + b"\n" + row_content).hexdigest()
