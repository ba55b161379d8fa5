"""Command line: `onewindow init [--demo]`, `onewindow serve`, `onewindow db status|upgrade`,
`onewindow backup|restore`, `onewindow user add|disable`, `onewindow kiosk enrol|list|revoke`,
`onewindow audit verify|anchor` (on Flask's CLI).

Only `init` and `db upgrade` upgrade the database's schema. `serve` and every other command
that uses the database refuse one that is older than the code (it needs `onewindow db
upgrade`) or newer (a newer OneWindow upgraded it); an empty database, a new office, they
simply create."""

import gc
import os
import socket
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from peewee import OperationalError

from office import backups, migrations
from office.db import database, sqlite_path
from office.demo import DEMO_PASSWORD, load_demo_office
from office.errors import DomainError
from office.users import add_user, disable_user
from onewindow import background, create_app
from onewindow.office_settings import office_settings


# `--version` is OneWindow's (from the installed package's metadata), not Flask's.
@click.group(
    cls=FlaskGroup, create_app=create_app, add_default_commands=True, add_version_option=False, load_dotenv=False
)
@click.version_option(package_name="onewindow", prog_name="OneWindow", message="%(prog)s %(version)s")
def cli():
    """OneWindow: queue management for One Window Service Offices."""


@cli.command("init")
@click.option("--demo", is_flag=True, help="Add a sample office: services, counters and demo users.")
@with_appcontext
def init_command(demo: bool):
    """Create the database schema, or upgrade an older one (safe to run again)."""
    _upgrade_schema()
    click.echo(f"Schema ready: {_safe_url(current_app.config['DATABASE_URL'])}")
    if demo:
        with database.connection_context():
            added = load_demo_office(hasher=current_app.config["PASSWORD_HASHER"])
        if added:
            click.echo(f"Demo office added; demo users admin, supervisor, officer1-4 (password {DEMO_PASSWORD}).")
            _enrol_demo_kiosk()
        else:
            click.echo("The office already has services; demo data not added again.")
            with database.connection_context():
                from office import kiosks

                now = current_app.config["CLOCK"]()
                if not any(kiosks.state(k, now) == kiosks.ENROLLED for k in kiosks.kiosks()):
                    click.echo("No kiosk is enrolled yet, so no ticket prints: onewindow kiosk enrol hall")


def _enrol_demo_kiosk() -> None:
    """The demo's kiosk "hall": only an enrolled kiosk prints, so the demo enrols one and
    prints its link (once, when the demo office is first added: enrolling again would end the
    kiosk already set up)."""
    from office import kiosks

    config = current_app.config
    with database.connection_context():
        kiosk, code = kiosks.enrol("hall", clock=config["CLOCK"], bus=current_app.extensions["onewindow.events"])
    minutes = int(kiosks.ENROL_CODE_TTL.total_seconds() // 60)
    click.echo(f"Demo kiosk {kiosk.name}: open this link on the kiosk, once, within {minutes} minutes:")
    click.echo(f"  {kiosk_enrolment_link(config.get('PUBLIC_URL'), code)}")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@with_appcontext
def serve_command(host: str, port: int):
    """Run the server (Flask-SocketIO; eventlet unless ONEWINDOW_ASYNC_MODE=threading)."""
    app = current_app._get_current_object()
    _refuse_if_port_taken(host, port)
    _require_current_schema()
    socketio = app.extensions["socketio"]
    click.echo(f"OneWindow on http://{host}:{port}/ ({socketio.async_mode})", err=True)
    # Flask's CLI sets this so that app.run() inside a CLI command does nothing; here the
    # threading mode's server must really run.
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    # The QR codes' address, unless configured or set by the administrator.
    office_settings(app).listening_at(f"http://{_reachable_host(host)}:{port}")
    _check_ticket_layout(app)
    background.start(app, socketio)
    # What start-up loaded lives as long as the server: keep the garbage collector from
    # walking it again and again (a full collection stalled every display for 46-90 ms).
    gc.collect()
    gc.freeze()
    socketio.run(app, host=host, port=port, log_output=False, allow_unsafe_werkzeug=True)


@cli.group("db")
def db_group():
    """The database's schema: where it stands, and upgrading it to this OneWindow's."""


@db_group.command("status")
@with_appcontext
def db_status_command():
    """Print the database (no password), its applied and pending migrations. Exits 0 when
    its schema is this OneWindow's, 1 otherwise (pending, empty, or from a newer OneWindow)."""
    current = _schema_status()
    click.echo(f"database  {_safe_url(current_app.config['DATABASE_URL'])}")
    click.echo(f"applied   {', '.join(current.applied) or 'none'}")
    click.echo(f"pending   {', '.join(current.pending) or 'none'}")
    if current.unknown:
        click.echo(f"unknown   {', '.join(current.unknown)}")
    click.echo(f"schema    {SCHEMA_ADVICE[current.state]}")
    if current.state != migrations.CURRENT:
        raise SystemExit(1)


SCHEMA_ADVICE = {
    migrations.CURRENT: "current: ready to serve",
    migrations.PENDING: "older than this OneWindow: run `onewindow db upgrade`",
    migrations.EMPTY: "empty, a new office: `onewindow init` (or `onewindow serve`) creates it",
    migrations.NEWER: "upgraded by a newer OneWindow: run that version, or restore a backup taken before",
}


@db_group.command("upgrade")
@with_appcontext
def db_upgrade_command():
    """Upgrade the database to this OneWindow's schema (after installing a newer version). A
    SQLite database is backed up first, into the backup folder (before-upgrade-….sqlite3)."""
    _upgrade_schema()


def _schema_status() -> migrations.Status:
    try:
        return migrations.status()
    except OperationalError as error:
        url = _safe_url(current_app.config["DATABASE_URL"])
        raise click.ClickException(f"cannot open the database {url}: {error}") from error


def _upgrade_schema() -> None:
    """What `init` and `db upgrade` do: create an empty database, upgrade an older one (a
    SQLite one backed up first), refuse one a newer OneWindow upgraded."""
    current = _schema_status()
    if current.state == migrations.NEWER:
        raise SchemaRefused(str(migrations.NewerDatabase(current.unknown)))
    path = sqlite_path()
    if current.state == migrations.PENDING and path:
        stamp = current_app.config["CLOCK"]().strftime("%Y%m%d-%H%M%S")
        target = backups.unused(Path(current_app.config["BACKUP_DIR"]) / f"before-upgrade-{stamp}.sqlite3")
        try:
            backups.backup(path, target)
        except (backups.BackupRefused, OSError) as error:
            reason = getattr(error, "reason", error)
            raise click.ClickException(f"not upgraded: no backup could be made: {reason}") from error
        click.echo(f"Backed up before upgrading: {target}")
    ran = migrations.upgrade()
    if ran:
        click.echo(f"Upgraded: {', '.join(ran)}")
    elif current.state == migrations.EMPTY:
        click.echo("New database created at the newest schema.")
    else:
        click.echo("The schema is already current.")


def _require_current_schema() -> None:
    """For `serve` and the commands that use the database: an empty one (a new office) is
    created; one older or newer than this code is refused, changing nothing."""
    current = _schema_status()
    if current.state == migrations.EMPTY:
        migrations.upgrade()
    elif current.state == migrations.PENDING:
        raise SchemaRefused(
            f"the database is older than this OneWindow (pending: {', '.join(current.pending)}): "
            "run `onewindow db upgrade` first"
        )
    elif current.state == migrations.NEWER:
        raise SchemaRefused(str(migrations.NewerDatabase(current.unknown)))


class SchemaRefused(click.ClickException):
    """The database's schema is not this code's. Exit status 78 (EX_CONFIG, sysexits.h): the
    systemd unit does not restart on it (RestartPreventExitStatus), since it would only refuse
    again."""

    exit_code = 78


POSTGRES_BACKUP = 'pg_dump --format=custom --file=onewindow-$(date +%F).dump "$ONEWINDOW_DATABASE_URL"'
POSTGRES_RESTORE = 'pg_restore --clean --if-exists --no-owner --dbname="$ONEWINDOW_DATABASE_URL" FILE.dump'


@cli.command("backup")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@with_appcontext
def backup_command(path: Path | None):
    """Copy the SQLite database to PATH, safely while the server runs (one consistent
    snapshot; kiosks go on issuing). Default: the backup folder (ONEWINDOW_BACKUP_DIR, else
    <instance>/backups) and onewindow-YYYYMMDD-HHMMSS.sqlite3, the time in UTC; a folder as
    PATH gets that name inside it. For PostgreSQL it prints the pg_dump line to use."""
    db_path = _sqlite_file("back it up with pg_dump", POSTGRES_BACKUP)
    name = backups.default_name(current_app.config["CLOCK"]())
    if path is None:
        path = Path(current_app.config["BACKUP_DIR"]) / name
    elif path.is_dir():
        path = path / name
    started = time.monotonic()
    try:
        backups.backup(db_path, path)
        contents = backups.check(path)
    except (backups.BackupRefused, OSError) as error:
        raise click.ClickException(f"no backup made: {getattr(error, 'reason', error)}") from error
    size_mb = path.stat().st_size / 1e6
    click.echo(
        f"Backup written: {path} ({contents.tickets} tickets, {size_mb:.1f} MB, {time.monotonic() - started:.2f} s)"
    )


@cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool):
    """Replace the SQLite database with the backup at PATH. Stop the server first
    (systemctl stop onewindow): restore refuses while the database is in use. The file is
    checked before anything is replaced, and the database it replaces is kept beside it
    (<name>.before-restore-YYYYMMDD-HHMMSS). For PostgreSQL it prints the pg_restore line."""
    db_path = _sqlite_file("restore it with pg_restore", POSTGRES_RESTORE)
    try:
        contents = backups.check(path)
    except backups.BackupRefused as error:
        raise click.ClickException(f"not restored: {error.reason}") from error
    if not yes:
        click.confirm(f"Replace the database {db_path} with {path} ({contents.tickets} tickets)?", abort=True)
    # This process may have read the database while starting: let go of it, so that only
    # another process (a running server) can keep it in use.
    database.close_all()
    try:
        contents, kept = backups.restore(path, db_path, now=current_app.config["CLOCK"]())
    except backups.BackupRefused as error:
        raise click.ClickException(f"not restored: {error.reason}") from error
    click.echo(f"Restored {path} into {db_path} ({contents.tickets} tickets).")
    if kept:
        click.echo(f"The database it replaced is kept as {kept}.")
    if contents.schema == migrations.PENDING:
        click.echo("This backup is from an older OneWindow: run `onewindow db upgrade`, then start the server.")
    else:
        click.echo("Start the server again (systemctl start onewindow).")


def _sqlite_file(postgres_advice: str, postgres_line: str) -> str:
    """The SQLite database's file, or a clear refusal naming PostgreSQL's own tool."""
    url = current_app.config["DATABASE_URL"]
    if url.startswith(("postgres://", "postgresql://")):
        raise click.ClickException(f"the database is PostgreSQL: {postgres_advice}:\n  {postgres_line}")
    path = sqlite_path()
    if path is None:
        raise click.ClickException(f"the database {_safe_url(url)} is not a file")
    return path


@cli.group("user")
def user_group():
    """Manage staff accounts."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["officer", "supervisor", "admin"]), required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
def user_add_command(name: str, role: str, password: str):
    """Add a staff account."""
    _require_current_schema()
    with database.connection_context():
        try:
            user = add_user(name, password, role, hasher=current_app.config["PASSWORD_HASHER"])
        except DomainError as error:
            raise click.ClickException(error.message) from error
    click.echo(f"User {user.username} ({user.role}) added.")


@user_group.command("disable")
@click.argument("name")
@with_appcontext
def user_disable_command(name: str):
    """Disable a staff account: it cannot log in, and its pages, API tokens and live screens
    are logged out at once (a server sharing this database refuses them from its next request;
    its open /counter sockets close within COUNTER_SESSION_CHECK_S seconds)."""
    _require_current_schema()
    with database.connection_context():
        try:
            user = disable_user(name, clock=current_app.config["CLOCK"], bus=current_app.extensions["onewindow.events"])
        except DomainError as error:
            raise click.ClickException(error.message) from error
    click.echo(f"User {user.username} disabled; their sessions and tokens have ended.")


@cli.group("kiosk")
def kiosk_group():
    """Enrol, list and revoke the touch kiosks that may print tickets."""


@kiosk_group.command("enrol")
@click.argument("name")
@click.option("--priority", is_flag=True, help="It may also give priority tickets (elderly, disabled, pregnant).")
@with_appcontext
def kiosk_enrol_command(name: str, priority: bool):
    """Print a one-time link that makes the device opening it kiosk NAME (its printer's name).
    Enrolling a kiosk again replaces its device: the old one stops printing at once."""
    from office import kiosks

    _require_current_schema()
    config = current_app.config
    with database.connection_context():
        try:
            kiosk, code = kiosks.enrol(
                name, offers_priority=priority, clock=config["CLOCK"], bus=current_app.extensions["onewindow.events"]
            )
        except DomainError as error:
            raise click.ClickException(error.message) from error
    minutes = int(kiosks.ENROL_CODE_TTL.total_seconds() // 60)
    what = "with priority tickets" if kiosk.offers_priority else "without priority tickets"
    click.echo(f"Kiosk {kiosk.name} ({what}): open this link on the kiosk, once, within {minutes} minutes:")
    click.echo(f"  {kiosk_enrolment_link(config.get('PUBLIC_URL'), code)}")
    if not config.get("PUBLIC_URL"):
        click.echo("(Set ONEWINDOW_PUBLIC_URL to the address the kiosks reach this server at.)", err=True)


def kiosk_enrolment_link(public_url: str | None, code: str) -> str:
    """The enrolment page's address: the office's public URL (ONEWINDOW_PUBLIC_URL), else the
    address `onewindow serve` answers on by default, as the demo runs it."""
    base = public_url or "http://127.0.0.1:5000"  # where `onewindow serve` listens by default
    return f"{base.rstrip('/')}/kiosk/enrol/{code}"


@kiosk_group.command("list")
@with_appcontext
def kiosk_list_command():
    """The kiosks, and whether each is enrolled, waiting for its link, or revoked."""
    from office import kiosks
    from office.clock import iso_utc

    _require_current_schema()
    now = current_app.config["CLOCK"]()
    with database.connection_context():
        rows = kiosks.kiosks()
        for kiosk in rows:
            since = kiosk.revoked_at or kiosk.enrolled_at or kiosk.created_at
            priority = "priority" if kiosk.offers_priority else "-"
            click.echo(f"{kiosk.name:<20} {kiosks.state(kiosk, now):<9} {priority:<9} {iso_utc(since)}")
    if not rows:
        click.echo("No kiosks yet: onewindow kiosk enrol NAME")


@kiosk_group.command("revoke")
@click.argument("name")
@with_appcontext
def kiosk_revoke_command(name: str):
    """Stop kiosk NAME printing now (a lost or stolen device); `enrol` brings it back."""
    from office import kiosks

    _require_current_schema()
    with database.connection_context():
        try:
            kiosks.revoke(name, clock=current_app.config["CLOCK"], bus=current_app.extensions["onewindow.events"])
        except DomainError as error:
            raise click.ClickException(error.message) from error
    click.echo(f"Kiosk {name} revoked: its device key no longer prints.")


KIOSK_OPTION = click.option(
    "--kiosk",
    default="kiosk",
    show_default=True,
    help="Whose printer (/admin/kiosks, else ONEWINDOW_PRINTERS), else the office's.",
)


@cli.group("printer")
def printer_group():
    """Check the ticket printers."""


@printer_group.command("test")
@KIOSK_OPTION
@with_appcontext
def printer_test_command(kiosk: str):
    """Print a sample ticket now, and say whether it worked."""
    from printer.backends import PrinterUnavailable
    from printer.spool import kiosk_printer, print_slip, sample_slip

    config = current_app.config
    _require_current_schema()  # the kiosk's own printer is in the database
    printer = kiosk_printer(config, kiosk)
    spec = printer.spec
    try:
        print_slip(
            spec,
            sample_slip(config),
            profile=config["PRINTER_PROFILE"],
            timeout=config["PRINTER_TIMEOUT_S"],
            paper_width_mm=printer.paper_width_mm,
        )
    except PrinterUnavailable as error:
        raise click.ClickException(f"{spec}: {error.reason}") from error
    click.echo(f"Sample ticket sent to {spec}.")


@printer_group.command("status")
@KIOSK_OPTION
@with_appcontext
def printer_status_command(kiosk: str):
    """Can the printer be reached (and has it paper), and what waits in its queue."""
    from office.printing import printer_health
    from printer.backends import printer_status
    from printer.spool import printer_spec

    config = current_app.config
    _require_current_schema()  # the kiosk's own printer is in the database
    spec = printer_spec(config, kiosk)
    probe = printer_status(spec, timeout=config["PRINTER_TIMEOUT_S"], profile=config["PRINTER_PROFILE"])
    with database.connection_context():
        queue = printer_health(kiosk)
    click.echo(f"printer  {spec}: {'reachable' if probe['ok'] else 'NOT reachable: ' + str(probe['reason'])}")
    if probe.get("paper"):
        click.echo(f"paper    {probe['paper']}")
    state = "printing normally" if queue["ok"] else f"failing: {queue['reason']}"
    click.echo(f"queue    {queue['pending']} ticket(s) waiting to print; {state}")
    if not probe["ok"] or not queue["ok"]:
        raise SystemExit(1)


def _check_ticket_layout(app) -> None:
    """Fail at start-up, not at the first ticket, if Khmer cannot be shaped or the font is
    missing; this also loads the fonts before the first citizen waits for them."""
    if app.config["PRINTER"] == "none":
        return
    from printer.layout import LayoutUnavailable, warm_up

    try:
        warm_up()
    except LayoutUnavailable as error:
        raise click.ClickException(f"tickets cannot be printed correctly: {error}") from error


def _refuse_if_port_taken(host: str, port: int) -> None:
    """eventlet listens with SO_REUSEPORT: a second server on the same port would start
    silently and take half the connections (TVs on one process, counters on the other)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no owner
        try:
            probe.bind((host, port))
        except OSError as error:
            raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror}") from error


def _reachable_host(host: str) -> str:
    """The address phones can use when the server listens on every interface."""
    if host not in ("0.0.0.0", "::", ""):
        return f"[{host}]" if ":" in host else host
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"


def _safe_url(url: str) -> str:
    """The database URL without a password, for printing."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


# --- synthetic history and the simulator (issue 11) ------------------------------------


@cli.command("seed-history")
@click.option("--days", type=click.IntRange(1, 3660), required=True, help="Office-local days, ending yesterday.")
@click.option("--per-day", type=click.IntRange(1, 100_000), required=True, help="About this many tickets a day.")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed writes the same history.")
@with_appcontext
def seed_history_command(days: int, per_day: int, seed: int):
    """Write synthetic history (tickets and their events) for the last DAYS days before
    today, for reports and their load tests: the office's own services, counters and
    officers, a morning rush and a lunch dip, no-shows, transfers, priority tickets."""
    from datetime import timedelta

    from office.history_seed import seed_history

    _require_current_schema()
    clock = current_app.config["CLOCK"]
    today = clock.local_day()
    first, last = today - timedelta(days=days), today - timedelta(days=1)
    every = max(1, days // 20)  # about twenty lines of progress

    def progress(day, tickets: int, events: int) -> None:
        if (day - first).days % every == every - 1 or day == last:
            click.echo(f"  {day}  {tickets:>10,} tickets  {events:>11,} events", err=True)

    click.echo(f"Writing history from {first} to {last}, about {per_day:,} tickets a day (seed {seed})", err=True)
    with database.connection_context():
        try:
            done = seed_history(days=days, per_day=per_day, today=today, zone=clock.zone, seed=seed, progress=progress)
        except DomainError as error:
            raise click.ClickException(error.message) from error
    click.echo(
        f"{done.tickets:,} tickets, {done.events:,} events in {done.seconds:.1f} s "
        f"({done.rows_per_s:,.0f} rows/s), {done.days} days; "
        f"the reports' daily figures took {done.figures_seconds:.1f} s of it"
    )


@cli.command("simulate")
@click.option("--scenario", "scenario_path", type=click.Path(exists=True, dir_okay=False), help="A scenario (JSON).")
@click.option("--seed", type=int, default=None, help="Another seed than the scenario's.")
@click.option("--json", "as_json", is_flag=True, help="The figures as one JSON object.")
@click.option("--database", "database_url", default=None, help="Run on this empty database instead of a temporary one.")
def simulate_command(scenario_path: str | None, seed: int | None, as_json: bool, database_url: str | None):
    """Run a day of an office through the real engine on an accelerated clock (default: a
    busy OWSO morning) and measure the wait told at issue against the real wait. It runs on
    a throw-away SQLite database: the office's own is never touched."""
    import json

    from office.simulation import describe, load_scenario, simulate

    try:
        figures = simulate(load_scenario(scenario_path), seed=seed, database_url=database_url)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    if as_json:
        click.echo(json.dumps(figures.as_dict()))
    else:
        click.echo("\n".join(describe(figures)))


# --- the event log's hash chain (issue 12) ----------------------------------------------


@cli.group("audit")
def audit_group():
    """Check the event log's hash chain, and anchor its head."""


@audit_group.command("verify")
@click.option(
    "--anchors",
    "anchors_file",
    type=click.File("r"),
    default=None,
    help="Earlier anchors to check the log against: one `seq hash [time]` line each, as `anchor` "
    "printed them ('-': standard input).",
)
@with_appcontext
def audit_verify_command(anchors_file):
    """Recompute every link of the event log's chain and check it against the anchors this
    log recorded and those given. Exit status 0 when intact; 1 naming the first broken link.
    The result goes on the record (the supervisor's page shows it)."""
    from office import audit

    _require_current_schema()
    given = audit.parse_anchors(anchors_file.read()) if anchors_file else []
    if anchors_file and not given:
        raise click.ClickException("no anchor in the list given (each line: `seq hash [time]`)")
    with database.connection_context():
        started = time.monotonic()
        verdict = audit.verify([*audit.recorded_anchors(), *given])
        seconds = time.monotonic() - started
        audit.record_verification(verdict, current_app.config["CLOCK"])
    head = f"#{verdict.head.seq} {verdict.head.hash}" if verdict.head else "none (the log is empty)"
    click.echo(f"{verdict.events:,} events checked in {seconds:.1f} s, {verdict.anchors} anchors; head {head}")
    if not verdict.intact:
        click.echo(f"BROKEN at #{verdict.broken_seq}: {verdict.problem}", err=True)
        raise SystemExit(1)
    click.echo("The log is intact.")


@audit_group.command("anchor")
@with_appcontext
def audit_anchor_command():
    """Print the chain's head (`seq hash time`) and record it: send the line to the ministry
    each day; `verify --anchors` checks the log against such lines later."""
    from office import audit

    _require_current_schema()
    with database.connection_context():
        anchor = audit.anchor(current_app.config["CLOCK"])
    click.echo(anchor.line())
