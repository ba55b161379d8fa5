"""How long a waiting citizen should expect to wait.

The method, in the office's words:

1. The counters that serve the ticket's service are the ones that can call it; they call
   the oldest ticket (priority first) among *all* the services each serves. So the people
   ahead are the waiting tickets, in any of those counters' services, that come before this
   one in calling order.
2. The typical service time is the mean of the last 20 services (start to finish) finished
   at those counters' services in the past 14 days; with none yet, 5 minutes.
3. The counters share the work: expected wait = people ahead × typical service time ÷
   number of counters. If every one of those counters is busy right now, add half a typical
   service (on average the current citizen is half-way through).

It is an estimate printed on the ticket, not a promise; the ticket row keeps the estimate it
was issued with, so reports can compare it with the wait that really happened.

The inputs come from one SQL statement: this runs for every ticket issued.
"""

from datetime import timedelta

from office.clock import to_millis
from office.db import database
from office.models import Ticket

RECENT_SERVICES = 20
RECENT_DAYS = 14
DEFAULT_SERVICE_S = 300

_INPUTS = """
WITH open_counters AS (
    SELECT cs.counter_id FROM counter_service cs JOIN counter c ON c.id = cs.counter_id
    WHERE cs.service_id = {p} AND c.active
),
shared_services AS (
    SELECT DISTINCT service_id FROM counter_service
    WHERE counter_id IN (SELECT counter_id FROM open_counters)
),
recent AS (
    SELECT finished_at - started_at AS ms FROM ticket
    WHERE service_id IN (SELECT service_id FROM shared_services)
      AND status = 'done' AND started_at IS NOT NULL AND finished_at >= {p}
    ORDER BY finished_at DESC LIMIT {recent}
)
SELECT
    (SELECT COUNT(*) FROM open_counters),
    (SELECT COUNT(*) FROM ticket
      WHERE counter_id IN (SELECT counter_id FROM open_counters) AND status IN ('called', 'serving')),
    (SELECT COUNT(*) FROM ticket t
      WHERE t.status = 'waiting' AND t.service_id IN (SELECT service_id FROM shared_services)
        AND {before}),
    (SELECT AVG(ms) FROM recent)
"""

# Comes before the ticket in calling order (see Ticket.called_before).
_BEFORE_EXISTING = (
    "(t.priority > {p} OR (t.priority = {p} AND (t.issued_at < {p} OR (t.issued_at = {p} AND t.id < {p}))))"
)
# A ticket about to be issued comes after every waiting ticket of its priority or higher.
_BEFORE_NEW = "t.priority >= {p}"


def estimated_wait_s(ticket: Ticket, now) -> int | None:
    """Seconds a waiting ticket should expect to wait from `now`; None if it is not waiting or
    no active counter serves its service."""
    if ticket.status != Ticket.WAITING:
        return None
    issued = to_millis(ticket.issued_at)
    before = _BEFORE_EXISTING, (ticket.priority, ticket.priority, issued, issued, ticket.id)
    return _estimate(ticket.service_id, now, before)


def estimated_wait_for_new(service_id: int, priority: bool, now) -> int | None:
    """The estimate for a ticket about to be issued now (it goes behind everyone of its rank)."""
    return _estimate(service_id, now, (_BEFORE_NEW, (priority,)))


def _estimate(service_id: int, now, before) -> int | None:
    before_sql, before_params = before
    p = database.param
    sql = _INPUTS.format(p=p, recent=RECENT_SERVICES, before=before_sql.format(p=p))
    since = to_millis(now - timedelta(days=RECENT_DAYS))
    counters, busy, ahead, mean_ms = database.execute_sql(sql, (service_id, since, *before_params)).fetchone()
    if not counters:
        return None
    typical = DEFAULT_SERVICE_S if mean_ms is None else float(mean_ms) / 1000.0
    wait = ahead * typical / counters
    if busy >= counters:
        wait += typical / 2
    return round(wait)
