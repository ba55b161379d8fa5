"""The event log's hash chain for supervisors: GET /api/v1/audit (its head, when it was last
verified and anchored) and POST /api/v1/audit/verify (verify it now, as `onewindow audit
verify` does, and put the result on the record). The checking is office/audit.py's; it reads
every event, so it runs off the event loop."""

from flask import Blueprint, current_app

from office import audit
from office import report_schemas as schemas
from office.contract import operation
from office.db import connection_if_closed
from office.roles import SUPERVISORS

bp = Blueprint("audit_api", __name__, url_prefix="/api/v1/audit")  # "_api": CSRF checked by the contract


@bp.get("")
@operation(
    "The event log's hash chain: its head, its last verification and its last anchor",
    roles=SUPERVISORS,
    answers={200: schemas.AuditState},
)
def audit_state():
    return schemas.AuditState(**audit.summary())


@bp.post("/verify")
@operation(
    "Verify the event log's hash chain now (every link, and the anchors it recorded)",
    description="The result is recorded as an event (audit_verified) and shown on the supervisor's page. "
    "200 whether the log is intact or not: `intact` says which, `problem` names the first broken link.",
    roles=SUPERVISORS,
    answers={200: schemas.AuditVerdict},
)
def verify_now():
    staff = current_app.extensions["onewindow.staff_user"]()
    clock = current_app.config["CLOCK"]
    run_blocking = current_app.extensions["onewindow.run_blocking"]
    verdict = run_blocking(_verify_and_record, clock, staff.id if staff else None)
    return schemas.AuditVerdict(**verdict)


def _verify_and_record(clock, actor_id) -> dict:
    """In the worker thread, on a connection of its own."""
    with connection_if_closed():
        verdict = audit.verify(audit.recorded_anchors())
        return audit.verification(audit.record_verification(verdict, clock, actor_id=actor_id))
