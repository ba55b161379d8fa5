"""The office's service list as CSV: reading an import, planning it (what would be added,
changed and deactivated, and every bad row), applying it, and the export.

The file has the columns of the shared owso-services.csv, as they are (SHARED_COLUMNS, any
order), and may add OPTIONAL_COLUMNS. UTF-8, with or
without a BOM; Excel's CSV (quoted values, line breaks inside quotes).

An import is the office's whole list:
- each row is matched to a service: first an active row with a prefix to the active service
  with that prefix; then by English name (service_en; case, spacing and Unicode forms
  ignored) to an active service, then to an inactive one (which comes back); else it is added;
- active services that no row matches are deactivated (never deleted: their tickets keep them);
- a column the file leaves out (prefix, target_wait_min, documents_*) keeps the service's
  value (a new service: the first free prefix, 20 minutes, no documents); an empty prefix or
  target_wait_min cell does the same; without `position`, the kiosk shows the file's order;
  without `active`, every row is active;
- documents: one cell per language, items separated by " | ".
Any bad row and nothing is written; the whole import is one transaction.

The export writes SHARED_COLUMNS in their order, then OPTIONAL_COLUMNS: importing it again
changes nothing.
"""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from peewee import IntegrityError
from pydantic import ValidationError

from office.catalogue import (
    FIELDS,
    first_free_prefix,
    normalised_name,
    services,
    snapshot,
    used_prefixes,
    waiting_counts,
    waiting_message,
)
from office.changes import record_change
from office.clock import Clock
from office.db import database
from office.errors import Conflict
from office.events import EventBus
from office.models import Service
from office.service_schemas import DEFAULT_TARGET_WAIT_MIN, ServiceFields

SHARED_COLUMNS = (
    "sector_en",
    "sector_km",
    "service_en",
    "service_km",
    "fee",
    "fee_currency",
    "processing_days",
    "source_url",
)
OPTIONAL_COLUMNS = ("prefix", "target_wait_min", "position", "active", "documents_en", "documents_km")
COLUMNS = SHARED_COLUMNS + OPTIONAL_COLUMNS
REQUIRED_COLUMNS = tuple(c for c in SHARED_COLUMNS if c != "source_url")  # a service may have none
# The columns that hold a service's field under another name.
FIELD_OF_COLUMN = {
    "sector_en": "group_en",
    "sector_km": "group_km",
    "service_en": "name_en",
    "service_km": "name_km",
    "fee": "fee_riel",
}
COLUMN_OF_FIELD = {f: c for c, f in FIELD_OF_COLUMN.items()}
DOCUMENT_SEPARATOR = " | "
CURRENCY = "KHR"
YES, NO = "yes", "no"
TRUE_WORDS, FALSE_WORDS = {"yes", "true", "1", "y"}, {"no", "false", "0", "n"}
# 149 services with Khmer names and documents take some 200 KB; the API's bodies are
# otherwise limited to 64 KiB.
IMPORT_MAX_BYTES = 2 * 1024 * 1024
ROWS_MAX = 2000
_DIGITS_MAX = 12  # longer is no fee, and Python refuses to read very long numbers
# What a new service has where the file has no column for it (the other fields: every row).
NEW_SERVICE = {
    "prefix": None,
    "target_wait_min": DEFAULT_TARGET_WAIT_MIN,
    "documents_en": [],
    "documents_km": [],
    "source_url": None,
}


@dataclass(frozen=True)
class Problem:
    """A bad row: its line (None: no line, e.g. a service the file would deactivate) and why."""

    line: int | None
    message: str


@dataclass
class Row:
    """One service of the file: the fields it sets (checked by ServiceFields); a field left
    out keeps the matched service's value."""

    line: int
    values: dict

    @property
    def active(self) -> bool:
        return self.values["active"]

    @property
    def name(self) -> str:
        return normalised_name(self.values["name_en"])


@dataclass(frozen=True)
class Outcome:
    """What happens to one service: its prefix and name after the import, and for a changed
    one each field that changes (field, before, after)."""

    prefix: str
    name_en: str
    changes: tuple[tuple[str, Any, Any], ...] = ()


@dataclass
class Plan:
    added: list[Outcome] = field(default_factory=list)
    changed: list[Outcome] = field(default_factory=list)
    deactivated: list[Outcome] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    # (the service, or None for a new one; its fields after the import), in file order.
    writes: list[tuple[Service | None, dict]] = field(default_factory=list)


def import_services(data: bytes, *, dry_run: bool, actor_id: int | None, clock: Clock, bus: EventBus) -> Plan:
    """Read, plan and (unless `dry_run`, or any error) apply an import, in one transaction:
    a service_added or service_changed event per service, and one services_imported event
    with the counts. With errors the plan holds only them."""
    rows, problems = read(data)
    if problems:
        return Plan(errors=problems)
    events = []
    try:
        with database.atomic():
            plan = plan_import(rows)
            if plan.errors or dry_run:
                return plan
            events = _apply(plan, actor_id=actor_id, at=clock())
    except IntegrityError as error:  # another change took a prefix while this one ran
        raise Conflict(
            "the services changed while importing; run the import again", code="concurrent_change"
        ) from error
    for event in events:
        bus.publish(event)
    return plan


# --- reading ----------------------------------------------------------------------------


def read(data: bytes) -> tuple[list[Row], list[Problem]]:
    """The file's rows, checked one by one and against each other, or its problems."""
    if len(data) > IMPORT_MAX_BYTES:
        return [], [Problem(None, f"the file is over {IMPORT_MAX_BYTES // (1024 * 1024)} MiB")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return [], [Problem(line, "not UTF-8 text: save the file as CSV UTF-8")]
    records, problem = _records(text)
    if problem:
        return [], [problem]
    if not records:
        return [], [Problem(1, f"the file is empty: the first line names the columns ({','.join(SHARED_COLUMNS)})")]
    (header_line, header), records = records[0], records[1:]
    columns, problem = _columns(header_line, header)
    if problem:
        return [], [problem]
    if len(records) > ROWS_MAX:
        return [], [Problem(records[ROWS_MAX][0], f"more than {ROWS_MAX} services")]
    rows, problems = [], []
    for index, (line, cells) in enumerate(records):
        if len(cells) > len(columns):
            problems.append(Problem(line, f"{len(cells)} values, but the first line names {len(columns)} columns"))
            continue
        cells = dict(zip(columns, [_unguarded(c) for c in cells] + [""] * (len(columns) - len(cells)), strict=True))
        row, row_problems = _row(line, index, cells)
        problems += row_problems
        if row is not None:
            rows.append(row)
    return rows, problems + _clashes(rows)


def _records(text: str) -> tuple[list[tuple[int, list[str]]], Problem | None]:
    """(first line, cells) of each non-blank record: a quoted value may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records, last_line = [], 0
    try:
        for cells in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                records.append((first_line, cells))
    except csv.Error as error:
        return [], Problem(last_line + 1, f"not readable as CSV: {error}")
    return records, None


def _columns(line: int, header: list[str]) -> tuple[list[str], Problem | None]:
    columns = [name.strip().lower() for name in header]
    unknown = [name for name in columns if name not in COLUMNS]
    if unknown:
        return [], Problem(line, f"unknown column {unknown[0]!r}; the columns are {', '.join(COLUMNS)}")
    twice = [name for name in columns if columns.count(name) > 1]
    if twice:
        return [], Problem(line, f"column {twice[0]!r} is there twice")
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        return [], Problem(line, f"missing column(s): {', '.join(missing)}")
    return columns, None


def _row(line: int, index: int, cells: dict[str, str]) -> tuple[Row | None, list[Problem]]:
    """One record's fields (those its columns set) and its problems."""
    problems = []
    values: dict[str, Any] = {field: cells[column] for column, field in FIELD_OF_COLUMN.items() if column != "fee"}

    def number(column: str, what: str) -> int | None:
        text = cells[column].strip()
        if not text:
            return None
        if not text.isascii() or not text.isdigit() or len(text) > _DIGITS_MAX:
            problems.append(Problem(line, f"{column}: {text[:20]!r} is not {what}"))
            return None
        return int(text)

    values["fee_riel"] = number("fee", "a whole number of riel, 0 or more (digits only)")
    values["processing_days"] = number("processing_days", "a whole number of days (digits only)")
    currency = cells["fee_currency"].strip().upper()
    if currency != CURRENCY and (currency or values["fee_riel"] is not None):
        problems.append(Problem(line, f"fee_currency: must be {CURRENCY} (fees are kept in riel)"))
    if cells.get("prefix", "").strip():
        values["prefix"] = cells["prefix"].strip()
    if cells.get("target_wait_min", "").strip():
        values["target_wait_min"] = number("target_wait_min", "a whole number of minutes")
    # Without a position, the kiosk shows the services in the file's order.
    values["position"] = number("position", "a whole number, 0 or more") if cells.get("position", "").strip() else index
    active = cells.get("active", "").strip().lower()
    if active and active not in TRUE_WORDS | FALSE_WORDS:
        problems.append(Problem(line, f"active: {active[:20]!r} is neither {YES} nor {NO}"))
    values["active"] = active not in FALSE_WORDS
    if "source_url" in cells:
        values["source_url"] = cells["source_url"].strip() or None
    for language in ("en", "km"):
        column = f"documents_{language}"
        if column in cells:
            values[column] = [item.strip() for item in cells[column].split("|") if item.strip()]
    if problems:
        return None, problems
    try:
        checked = ServiceFields.model_validate(values).model_dump()
    except ValidationError as error:
        return None, [Problem(line, _explain(problem)) for problem in error.errors(include_url=False)]
    return Row(line, {name: checked[name] for name in values}), []


def _explain(problem: dict) -> str:
    """A pydantic problem in the file's words: its column, and why."""
    where = problem["loc"]
    column = COLUMN_OF_FIELD.get(str(where[0]), str(where[0])) if where else "row"
    if len(where) > 1:
        column += f" (item {int(where[1]) + 1})"
    return f"{column}: {problem['msg'].removeprefix('Value error, ')}"


def _clashes(rows: list[Row]) -> list[Problem]:
    """Two active rows with one prefix, or one English name."""
    problems, prefixes, names = [], {}, {}
    for row in rows:
        if not row.active:
            continue
        prefix = row.values.get("prefix")
        if prefix in prefixes:
            problems.append(Problem(row.line, f"prefix: {prefix} is also on line {prefixes[prefix]}"))
        elif prefix:
            prefixes[prefix] = row.line
        if row.name in names:
            problems.append(Problem(row.line, f"service_en: the same service as line {names[row.name]}"))
        else:
            names[row.name] = row.line
    return problems


# --- planning ---------------------------------------------------------------------------


def plan_import(rows: list[Row]) -> Plan:
    """What importing these rows would do to the office's services (read inside the import's
    transaction)."""
    existing = services()
    matched = _match(rows, existing)
    claimed = {service.id for service in matched.values() if service is not None}
    finals = []
    for index, row in enumerate(rows):
        service = matched.get(index)
        finals.append({**(snapshot(service) if service else NEW_SERVICE), **row.values})
    _give_prefixes(rows, matched, finals)

    plan = Plan()
    waiting = waiting_counts()
    for index, row in enumerate(rows):
        service, final = matched.get(index), finals[index]
        plan.writes.append((service, final))
        if service is None:
            plan.added.append(Outcome(final["prefix"], final["name_en"]))
            continue
        before = snapshot(service)
        if before["active"] and not final["active"]:
            plan.deactivated.append(Outcome(final["prefix"], final["name_en"]))
            if waiting.get(service.id):
                plan.errors.append(Problem(row.line, waiting_message(service, waiting[service.id])))
        changes = tuple(
            (name, before[name], final[name])
            for name in FIELDS
            if before[name] != final[name] and not (name == "active" and not final["active"])
        )
        if changes:
            plan.changed.append(Outcome(final["prefix"], final["name_en"], changes))
    for service in existing:
        if service.active and service.id not in claimed:
            plan.writes.append((service, {**snapshot(service), "active": False}))
            plan.deactivated.append(Outcome(service.prefix, service.name_en))
            if waiting.get(service.id):
                plan.errors.append(Problem(None, waiting_message(service, waiting[service.id])))
    if plan.errors:
        return Plan(errors=plan.errors)
    return plan


def _match(rows: list[Row], existing: list[Service]) -> dict[int, Service]:
    """{row index: the service it is}: see the module's docstring for the order."""
    matched: dict[int, Service] = {}
    free = {service.id: service for service in existing}
    names = {service.id: normalised_name(service.name_en) for service in existing}

    def claim(index: int, service: Service) -> None:
        matched[index] = service
        del free[service.id]

    # Active rows first throughout, so that an inactive row never takes the service an
    # active row of the same name is.
    order = sorted(range(len(rows)), key=lambda i: not rows[i].active)
    for index in order:
        prefix = rows[index].values.get("prefix")
        if rows[index].active and prefix:
            service = next((s for s in free.values() if s.active and s.prefix == prefix), None)
            if service is not None:
                claim(index, service)
    for active in (True, False):
        for index in order:
            if index in matched:
                continue
            row = rows[index]
            same_name = [s for s in free.values() if s.active == active and names[s.id] == row.name]
            if same_name:
                claim(index, min(same_name, key=lambda s: _likeness(row, s)))
    return matched


def _likeness(row: Row, service: Service) -> tuple:
    """Smaller is closer: an old service of the same name that the row describes exactly (an
    export imported again) before one with the same prefix, before the newest."""
    before = snapshot(service)
    differences = sum(1 for name, value in row.values.items() if before[name] != value)
    return differences, row.values.get("prefix") != service.prefix, -service.id


def _give_prefixes(rows: list[Row], matched: dict[int, Service], finals: list[dict]) -> None:
    """Rows without a prefix keep their service's unless an active row now has it; the others
    get the first free prefixes, in file order."""
    pairs = list(zip(rows, finals, strict=True))
    taken = {final["prefix"] for row, final in pairs if row.values.get("prefix") and row.active}
    for index, (row, final) in enumerate(pairs):
        if row.values.get("prefix") or index not in matched:
            continue
        if row.active and final["prefix"] in taken:
            final["prefix"] = None
        elif row.active:
            taken.add(final["prefix"])
    avoid = used_prefixes() | {final["prefix"] for final in finals if final["prefix"]}
    for final in finals:
        if final["prefix"] is None:
            final["prefix"] = first_free_prefix(avoid)
            avoid.add(final["prefix"])


# --- writing ----------------------------------------------------------------------------


def _apply(plan: Plan, *, actor_id: int | None, at) -> list:
    """Write the plan (inside the import's transaction); the events, to publish after it."""
    updates = [(service, final) for service, final in plan.writes if service and snapshot(service) != final]
    # Two active services never share a prefix, even for a moment (a partial unique index):
    # services that swap prefixes or leave go inactive first, then each gets its new fields.
    stepping_aside = [s.id for s, final in updates if s.active and (s.prefix != final["prefix"] or not final["active"])]
    if stepping_aside:
        Service.update(active=False).where(Service.id.in_(stepping_aside)).execute()
    events = []
    for service, final in updates:
        Service.update(**final).where(Service.id == service.id).execute()
        events.append(
            record_change(
                "service_changed",
                actor_id=actor_id,
                subject=("service", service.id, final["name_en"]),
                before=snapshot(service),
                after=final,
                at=at,
                source="import",
            )
        )
    for service, final in plan.writes:
        if service is None:
            added = Service.create(**final)
            events.append(
                record_change(
                    "service_added",
                    actor_id=actor_id,
                    subject=("service", added.id, added.name_en),
                    before=None,
                    after=final,
                    at=at,
                    source="import",
                )
            )
    counts = {"added": len(plan.added), "changed": len(plan.changed), "deactivated": len(plan.deactivated)}
    summary = f"{counts['added']} added, {counts['changed']} changed, {counts['deactivated']} deactivated"
    events.append(
        record_change(
            "services_imported",
            actor_id=actor_id,
            subject=("services", None, summary),
            before=None,
            after=None,
            at=at,
            **counts,
        )
    )
    return events


# --- export -----------------------------------------------------------------------------


def export_services() -> str:
    """Every service, active or not, as CSV (with a BOM, so that Excel reads the Khmer)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for service in services():
        cells = (
            service.group_en,
            service.group_km,
            service.name_en,
            service.name_km,
            _number(service.fee_riel),
            CURRENCY if service.fee_riel is not None else "",
            _number(service.processing_days),
            service.source_url or "",
            service.prefix,
            service.target_wait_min,
            service.position,
            YES if service.active else NO,
            DOCUMENT_SEPARATOR.join(service.documents_en or []),
            DOCUMENT_SEPARATOR.join(service.documents_km or []),
        )
        writer.writerow([_guarded(str(cell)) for cell in cells])
    return "\ufeff" + out.getvalue()


# A cell starting with one of these is a formula to a spreadsheet ("=HYPERLINK(…)" in a
# service's name would run when the administrator opens the export): the export puts a "'"
# before it, as spreadsheets themselves do, and the import takes it off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _guarded(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _unguarded(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _number(value: int | None) -> str:
    return "" if value is None else str(value)
