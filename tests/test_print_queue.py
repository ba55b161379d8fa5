"""The print queue's rules: jobs are written with their ticket, claimed once, retried with
growing delays, and judged for the kiosk's 'printer down' notice."""

from office import engine, printing
from office.models import Event, PrintJob


def issue_printed(office, clock, bus, printer="kiosk-1"):
    return engine.issue(office.civil.id, printer=printer, clock=clock, bus=bus).ticket


def test_a_ticket_issued_for_a_kiosk_printer_has_its_job_from_the_same_transaction(office, clock, bus):
    ticket = issue_printed(office, clock, bus)
    job = PrintJob.get(PrintJob.ticket == ticket.id)
    assert (job.printer, job.status, job.attempts) == ("kiosk-1", "pending", 0)
    assert engine.issue(office.civil.id, clock=clock, bus=bus).ticket.print_jobs.count() == 0


def test_an_idempotent_retry_does_not_queue_a_second_print(office, clock, bus):
    engine.issue(office.civil.id, printer="kiosk-1", idempotency_key="tap", clock=clock, bus=bus)
    engine.issue(office.civil.id, printer="kiosk-1", idempotency_key="tap", clock=clock, bus=bus)
    assert PrintJob.select().count() == 1


def test_a_job_is_claimed_once(office, clock, bus):
    issue_printed(office, clock, bus)
    job = printing.next_due(clock())
    assert printing.claim(job.id, clock()).attempts == 1
    assert printing.claim(job.id, clock()) is None
    assert printing.next_due(clock()) is None


def test_a_failed_job_waits_longer_after_each_failure(office, clock, bus):
    issue_printed(office, clock, bus)
    delays = []
    for _ in range(4):
        job = printing.claim(printing.next_due(clock() + printing.backoff(10)).id, clock())
        printing.mark_failed(job, "connection refused", clock=clock, bus=bus)
        delays.append(printing.seconds_until_next(clock()))
    assert delays == [1.0, 2.0, 5.0, 10.0]
    assert printing.next_due(clock()) is None
    clock.advance(seconds=10)
    assert printing.next_due(clock()) is not None


def test_the_printer_is_down_while_a_failed_job_waits_and_up_once_it_prints(office, clock, bus):
    issue_printed(office, clock, bus)
    assert printing.printer_health("kiosk-1") == {"printer": "kiosk-1", "ok": True, "reason": None, "pending": 1}
    job = printing.claim(printing.next_due(clock()).id, clock())
    printing.mark_failed(job, "paper out", clock=clock, bus=bus)
    health = printing.printer_health("kiosk-1")
    assert (health["ok"], health["reason"]) == (False, "paper out")
    assert printing.printer_health("kiosk-2")["ok"] is True
    clock.advance(seconds=1)
    job = printing.claim(printing.next_due(clock()).id, clock())
    printing.mark_printed(job, clock=clock, bus=bus)
    assert printing.printer_health("kiosk-1") == {"printer": "kiosk-1", "ok": True, "reason": None, "pending": 0}
    kinds = [e.kind for e in Event.select().where(Event.ticket == job.ticket_id).order_by(Event.id)]
    assert kinds == ["issued", "print_failed", "printed"]


def test_a_job_left_printing_by_a_crash_is_released_at_start_up(office, clock, bus):
    issue_printed(office, clock, bus)
    printing.claim(printing.next_due(clock()).id, clock())
    assert printing.next_due(clock()) is None
    assert printing.release_stale() == 1
    assert printing.next_due(clock()).status == "pending"


def test_jobs_can_be_taken_for_some_printers_only(office, clock, bus):
    issue_printed(office, clock, bus, "kiosk-1")
    issue_printed(office, clock, bus, "kiosk-2")
    assert printing.next_due(clock(), printers=["kiosk-2"]).printer == "kiosk-2"
    assert printing.next_due(clock(), printers=["kiosk-3"]) is None
