"""The administrator's services: a page (/admin/services) listing every service, adding and
changing one, deactivating and reactivating it, and importing or exporting the list as CSV,
over a JSON API (/api/v1/admin/services) for the admin role only. The rules themselves are
office/catalogue.py and office/service_csv.py."""

from flask import Response, g, request
from flask_babel import gettext

from admin.blueprints import api, pages
from admin.common import admin_page, render_admin_page
from admin.common import bus as _bus
from admin.common import clock as _clock
from office import catalogue, service_csv
from office import service_schemas as schemas
from office.contract import Media, operation
from office.models import Service
from office.roles import ADMINS

CSV = "text/csv"
EXPORT_NAME = "owso-services.csv"


def service_record(service: Service, waiting: dict[int, int]) -> schemas.AdminService:
    return schemas.AdminService(id=service.id, **catalogue.snapshot(service), waiting=waiting.get(service.id, 0))


@api.get("/services")
@operation(
    "Every service, active or not, in the kiosk's order",
    roles=ADMINS,
    answers={200: schemas.AdminServices},
)
def list_services():
    waiting = catalogue.waiting_counts()
    return schemas.AdminServices(services=[service_record(s, waiting) for s in catalogue.services()])


@api.post("/services")
@operation(
    "Add a service",
    description="Without a prefix it gets the first free one (A … Z, AA …); without a position, the place "
    "after every other service. Two active services never share a prefix or an English name (400 "
    "prefix_taken / name_taken, naming the field).",
    roles=ADMINS,
    body=schemas.ServiceFields,
    answers={201: schemas.AdminServiceOne},
)
def add_service(body: schemas.ServiceFields):
    service = catalogue.add_service(body.model_dump(), actor_id=g.user.id, clock=_clock(), bus=_bus())
    return schemas.AdminServiceOne(service=service_record(service, {})), 201


@api.patch("/services/<id:service_id>")
@operation(
    "Change a service: only the fields sent",
    description="active=false takes it off the kiosks and the counters' lists; it is never deleted and its "
    "tickets keep it. A new fee applies to tickets issued from then on: each ticket keeps the fee it was "
    "issued with.",
    roles=ADMINS,
    body=schemas.ServiceChanges,
    answers={
        200: schemas.AdminServiceOne,
        404: "No such service",
        409: "Tickets wait for it: it cannot be deactivated until they are called, transferred or cancelled",
    },
)
def change_service(service_id: int, body: schemas.ServiceChanges):
    changes = body.model_dump(exclude_unset=True)
    service = catalogue.change_service(service_id, changes, actor_id=g.user.id, clock=_clock(), bus=_bus())
    return schemas.AdminServiceOne(service=service_record(service, catalogue.waiting_counts()))


@api.post("/services/import")
@operation(
    "Import the office's service list from CSV (the whole list)",
    description="The columns of the shared owso-services.csv (sector_en, sector_km, service_en, service_km, "
    "fee, fee_currency, processing_days, source_url), and optionally prefix, target_wait_min, position, "
    "active, documents_en, documents_km (items separated by ' | '). A row is matched to a service by its "
    "prefix, else by its English name; services the file leaves out are deactivated (never deleted). "
    "UTF-8, with or without BOM; at most 2 MiB. With ?dry_run=1 nothing is written. With any error "
    "nothing is written and the answer is 400 with the same body, each error naming its line.",
    roles=ADMINS,
    query=schemas.ImportQuery,
    raw_body=Media(CSV, "the service list, UTF-8 CSV with a header line"),
    answers={
        200: schemas.ServicesImport,
        400: schemas.ImportRefused,
        409: "The services changed while importing: run it again",
    },
)
def import_services(query: schemas.ImportQuery):
    # A whole office's list is bigger than the API's other bodies (MAX_CONTENT_LENGTH).
    request.max_content_length = service_csv.IMPORT_MAX_BYTES
    plan = service_csv.import_services(
        request.get_data(cache=False), dry_run=query.dry_run, actor_id=g.user.id, clock=_clock(), bus=_bus()
    )
    answer = schemas.ServicesImport(
        added=[_outcome(o) for o in plan.added],
        changed=[
            schemas.ChangedService(
                prefix=o.prefix,
                name_en=o.name_en,
                changes=[schemas.FieldChange(field=f, before=b, after=a) for f, b, a in o.changes],
            )
            for o in plan.changed
        ],
        deactivated=[_outcome(o) for o in plan.deactivated],
        errors=[schemas.ImportProblem(line=p.line, message=p.message) for p in plan.errors],
    )
    if plan.errors:
        return schemas.ImportRefused(answer), 400
    return answer


def _outcome(outcome: service_csv.Outcome) -> schemas.ImportedService:
    return schemas.ImportedService(prefix=outcome.prefix, name_en=outcome.name_en)


@api.get("/services/export.csv")
@operation(
    "The office's service list as CSV",
    description="The shared owso-services.csv's columns in their order, then prefix, target_wait_min, "
    "position, active, documents_en, documents_km; UTF-8 with a BOM (for Excel). Importing it again "
    "changes nothing.",
    roles=ADMINS,
    answers={200: Media(CSV, "every service, active or not, in the kiosk's order")},
)
def export_services():
    return Response(
        service_csv.export_services().encode("utf-8"),
        mimetype=CSV,
        headers={"Content-Disposition": f'attachment; filename="{EXPORT_NAME}"'},
    )


def admin_strings() -> dict[str, str]:
    """The page's words, in the current locale. Placeholders: {n}, {line}, {prefix}."""
    return {
        "services": gettext("Services"),
        "add": gettext("Add a service"),
        "edit": gettext("Change service %(prefix)s", prefix="{prefix}"),
        "save": gettext("Save"),
        "cancel": gettext("Cancel"),
        "prefix": gettext("Prefix"),
        "prefix_hint": gettext("1 to 4 capital letters; empty: the first free one"),
        "name": gettext("Name"),
        "col_fee": gettext("Fee (riel)"),
        "col_days": gettext("Days"),
        "col_target": gettext("Target wait (min)"),
        "col_position": gettext("Position"),
        "group": gettext("Ministry or sector"),
        "name_km": gettext("Name in Khmer"),
        "name_en": gettext("Name in English"),
        "group_km": gettext("Ministry or sector in Khmer"),
        "group_en": gettext("Ministry or sector in English"),
        "fee_riel": gettext("Official fee (riel)"),
        "processing_days": gettext("Processing days"),
        "target_wait_min": gettext("Target wait (minutes)"),
        "position": gettext("Position on the kiosk"),
        "documents_km": gettext("Required documents in Khmer, one a line"),
        "documents_en": gettext("Required documents in English, one a line"),
        "source_url": gettext("Official page (where the fee is published)"),
        "active": gettext("Active"),
        "inactive": gettext("inactive"),
        "waiting": gettext("Waiting"),
        "change": gettext("Change"),
        "deactivate": gettext("Deactivate"),
        "activate": gettext("Activate"),
        "deactivate_confirm": gettext(
            "Deactivate %(prefix)s? It leaves the kiosks; its tickets and history are kept.", prefix="{prefix}"
        ),
        "none": gettext("No services yet."),
        "not_published": gettext("not published"),
        "import": gettext("Import from CSV"),
        "import_about": gettext(
            "The file is the office's whole list: services it leaves out are deactivated (never deleted). "
            "First you see what would change; nothing is written until you confirm."
        ),
        "file": gettext("CSV file"),
        "check": gettext("Check the file"),
        "choose_file": gettext("Choose a CSV file first."),
        "confirm": gettext("Confirm the import"),
        "export": gettext("Export as CSV"),
        "would_add": gettext("To add: %(n)s", n="{n}"),
        "would_change": gettext("To change: %(n)s", n="{n}"),
        "would_deactivate": gettext("To deactivate: %(n)s", n="{n}"),
        "added": gettext("Added: %(n)s", n="{n}"),
        "changed": gettext("Changed: %(n)s", n="{n}"),
        "deactivated": gettext("Deactivated: %(n)s", n="{n}"),
        "nothing_changes": gettext("The file matches the office's services: nothing to change."),
        "file_errors": gettext("Nothing was imported. Fix these lines and check the file again:"),
        "line": gettext("Line %(line)s", line="{line}"),
        "no_line": gettext("Not in the file"),
        "imported": gettext("Imported."),
        "saved": gettext("Saved."),
        "not_done": gettext("Not done:"),
    }


@pages.get("/admin/services")
@admin_page
def services_page():
    return render_admin_page("admin/services.html", admin_strings, importMaxBytes=service_csv.IMPORT_MAX_BYTES)
