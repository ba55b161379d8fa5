"""The event log's hash chain: every row linked to the one before in the transaction that
writes it; `audit.verify` (and `onewindow audit verify`) names the first row altered, deleted
or inserted since; anchors sent away earlier catch a rewrite of the whole chain; concurrent
writers never fork it. On SQLite and PostgreSQL (the `db` and `app` fixtures run both)."""

import threading

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo

from office import audit, engine, event_chain
from office.db import database
from office.models import Event
from onewindow import create_app
from onewindow.cli import cli


@pytest.fixture
def day(db, office, clock, bus):
    """A short day: six tickets, four called, served or not, one transferred: 16 events."""
    tickets = [engine.issue(office.civil.id if i % 2 else office.land.id, clock=clock, bus=bus) for i in range(6)]
    for counter in (office.one, office.two):
        for _ in range(2):
            called = engine.call_next(counter.id, clock=clock, bus=bus)
            clock.advance(minutes=1)
            engine.start(called.id, clock=clock, bus=bus)
            clock.advance(minutes=4)
            engine.finish(called.id, clock=clock, bus=bus)
    engine.transfer(tickets[-1].ticket.id, office.transport.id, clock=clock, bus=bus)
    assert Event.select().count() == 6 + 4 * 3 + 1
    return tickets


def _execute(sql: str, *params) -> None:
    """Change the record behind the application's back, as someone with the database would."""
    with database.atomic():
        database.execute_sql(sql.replace("?", database.param), params)


def test_the_engine_links_every_event_after_the_one_before(day):
    rows = list(Event.select().order_by(Event.seq))
    assert [e.seq for e in rows] == list(range(1, len(rows) + 1))
    previous = event_chain.GENESIS
    for event in rows:
        assert event.hash == event_chain.link(previous, event.chained_content())
        previous = event.hash
    verdict = audit.verify()
    assert verdict.intact and verdict.events == len(rows) and verdict.head.hash == rows[-1].hash


@pytest.mark.parametrize(
    "change",
    [
        'UPDATE event SET details = \'{"number": "A099", "priority": false}\' WHERE seq = 5',
        "UPDATE event SET at = at - 60000 WHERE seq = 5",
        "UPDATE event SET counter_id = 2 WHERE seq = 5",
        "UPDATE event SET kind = 'no_show' WHERE seq = 5",
        "UPDATE event SET out_of_order = NOT out_of_order WHERE seq = 5",
        "UPDATE event SET hash = '" + "ab" * 32 + "' WHERE seq = 5",
    ],
    ids=["details", "time", "counter", "kind", "out_of_order", "hash"],
)
def test_an_altered_row_is_caught_at_its_place(day, change):
    _execute(change)
    verdict = audit.verify()
    assert not verdict.intact
    assert verdict.broken_seq == 5 and "does not match its hash" in verdict.problem


def test_a_deleted_row_is_caught_where_the_chain_jumps(day):
    _execute("DELETE FROM event WHERE seq = 7")
    verdict = audit.verify()
    assert (verdict.intact, verdict.broken_seq) == (False, 7)
    assert "#7 missing" in verdict.problem and "deleted" in verdict.problem


def test_deleting_several_rows_names_the_first(day):
    _execute("DELETE FROM event WHERE seq IN (4, 5, 6)")
    verdict = audit.verify()
    assert verdict.broken_seq == 4 and "events #4 to #6 missing" in verdict.problem


def test_a_row_inserted_without_a_link_is_caught(day):
    _execute("INSERT INTO event (at, kind, details, out_of_order) VALUES (?, 'finished', '{}', ?)", 1, False)
    verdict = audit.verify()
    assert not verdict.intact and "has no link" in verdict.problem


def test_a_row_inserted_at_the_end_with_a_made_up_hash_is_caught(day):
    head, _ = Event.chain_head()
    _execute(
        "INSERT INTO event (at, kind, details, out_of_order, seq, hash) VALUES (?, 'finished', '{}', ?, ?, ?)",
        1,
        False,
        head + 1,
        "cd" * 32,
    )
    verdict = audit.verify()
    assert verdict.broken_seq == head + 1 and "does not match its hash" in verdict.problem


def test_a_row_slipped_into_the_middle_is_caught_where_it_was_slipped_in(day):
    # Make room at place 8 (every later row moves up one), then fill it with a fitting-looking row.
    head, _ = Event.chain_head()
    for seq in range(head, 7, -1):
        _execute("UPDATE event SET seq = ? WHERE seq = ?", seq + 1, seq)
    _execute(
        "INSERT INTO event (at, kind, details, out_of_order, seq, hash) VALUES (?, 'finished', '{}', ?, 8, ?)",
        1,
        False,
        "ef" * 32,
    )
    verdict = audit.verify()
    assert verdict.broken_seq == 8 and not verdict.intact


def test_a_row_with_a_place_outside_the_chain_is_caught(day):
    _execute(
        "INSERT INTO event (at, kind, details, out_of_order, seq, hash) VALUES (?, 'finished', '{}', ?, 0, ?)",
        1,
        False,
        "ef" * 32,
    )
    verdict = audit.verify()
    assert not verdict.intact and "outside the chain" in verdict.problem


def _rewrite_from(seq: int) -> None:
    """The database's owner alters a row and recomputes every later link: the walk alone
    cannot tell."""
    _execute('UPDATE event SET details = \'{"number": "Z999", "priority": false}\' WHERE seq = ?', seq)
    previous = Event.get(Event.seq == seq - 1).hash
    for event in Event.select().where(Event.seq >= seq).order_by(Event.seq):
        previous = event_chain.link(previous, event.chained_content())
        _execute("UPDATE event SET hash = ? WHERE seq = ?", previous, event.seq)


def test_a_rewrite_of_the_whole_chain_is_caught_by_an_earlier_anchor(day, clock, bus):
    sent = audit.anchor(clock)  # sent to the ministry at the end of the day
    assert sent.seq == Event.select().count() - 1  # the anchor itself follows the head it names
    engine.issue(day[0].ticket.service_id, clock=clock, bus=bus)  # the next day goes on
    _rewrite_from(3)
    assert audit.verify().intact  # without anchors a full rewrite looks intact…
    verdict = audit.verify([sent])  # …but not against the head the ministry holds
    assert verdict.broken_seq == sent.seq and "no longer matches" in verdict.problem


def test_an_anchor_whose_row_was_deleted_from_the_end_is_caught(day, clock):
    sent = audit.anchor(clock)
    _execute("DELETE FROM event WHERE seq >= ?", sent.seq)  # the end of the log cut off
    assert audit.verify().intact
    verdict = audit.verify([sent])
    assert verdict.broken_seq == sent.seq and "gone" in verdict.problem


def test_anchors_are_read_back_from_the_lines_anchor_prints(day, clock):
    sent = audit.anchor(clock)
    text = f"# sent to the ministry\n{sent.line()}\nnot an anchor\n"
    assert audit.parse_anchors(text) == [sent]
    assert audit.recorded_anchors() == [sent]
    assert audit.verify(audit.parse_anchors(text)).intact


def test_a_chain_built_by_many_concurrent_requests_verifies(app, login):
    """Twelve clients at once: kiosks taking tickets, two counters calling, serving and
    finishing. Every event gets its own place, none shared, none skipped."""
    officers = {1: login("officer1"), 2: login("officer2")}
    errors = []
    barrier = threading.Barrier(12)

    def kiosk():
        client = app.test_client()
        barrier.wait()
        for _ in range(5):  # 50 in all: under the limit of 60 a minute from one address
            answer = client.post("/api/v1/tickets", json={"service_id": 1})
            if answer.status_code != 201:
                errors.append(answer.json)

    def counter(counter_id):
        client, headers = app.test_client(), officers[counter_id]
        barrier.wait()
        for _ in range(8):
            called = client.post(f"/api/v1/counters/{counter_id}/next", headers=headers).json.get("ticket")
            if called:
                for action in ("start", "finish"):
                    answer = client.post(f"/api/v1/tickets/{called['id']}/{action}", headers=headers)
                    if answer.status_code != 200:
                        errors.append(answer.json)

    threads = [threading.Thread(target=kiosk) for _ in range(10)]
    threads += [threading.Thread(target=counter, args=(c,)) for c in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with database.connection_context():
        verdict = audit.verify()
        seqs = [seq for (seq,) in Event.select(Event.seq).order_by(Event.seq).tuples()]
    assert verdict.intact, verdict.problem
    assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) >= 50  # at least each ticket's issue


@pytest.fixture
def run(tmp_path, monkeypatch, hasher):
    monkeypatch.setenv("ONEWINDOW_DATABASE_URL", f"sqlite:///{tmp_path / 'audit.sqlite3'}")
    monkeypatch.setenv("ONEWINDOW_SECRET_KEY", "audit-test")
    script = ScriptInfo(create_app=lambda: create_app({"PASSWORD_HASHER": hasher}))

    def _run(*args: str, input: str | None = None):
        result = CliRunner().invoke(cli, list(args), obj=script, input=input, catch_exceptions=False)
        database.close()
        return result

    return _run


def test_the_command_exits_0_on_an_intact_log_and_1_naming_the_first_broken_link(run):
    assert run("init", "--demo").exit_code == 0
    assert run("seed-history", "--days", "2", "--per-day", "40").exit_code == 0
    anchored = run("audit", "anchor")
    assert anchored.exit_code == 0
    [sent] = audit.parse_anchors(anchored.output)
    intact = run("audit", "verify")
    assert intact.exit_code == 0 and "The log is intact." in intact.output
    assert run("audit", "verify", "--anchors", "-", input=anchored.output).exit_code == 0

    with database.connection_context():
        _execute("UPDATE event SET at = at + 1 WHERE seq = 30")
    broken = run("audit", "verify")
    assert broken.exit_code == 1
    assert "BROKEN at #30" in broken.output

    with database.connection_context():  # each verification is on the record
        last = audit.last_verification()
    assert last["intact"] is False and last["broken_seq"] == 30 and last["anchors_checked"] == 1
    assert sent.seq > 30


def test_verify_refuses_an_anchor_list_without_anchors(run):
    assert run("init").exit_code == 0
    refused = run("audit", "verify", "--anchors", "-", input="nothing here\n")
    assert refused.exit_code != 0 and "no anchor" in refused.output
