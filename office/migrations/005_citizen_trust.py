"""Issue 12, citizen trust: every event's link in the tamper-evident chain (seq, hash), the
events already recorded linked in the order they were written; the citizens' feedback."""

import peewee as pw
from peewee_migrate import Migrator

BATCH = 5000


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "event",
        seq=pw.BigIntegerField(null=True, unique=True),
        hash=pw.CharField(max_length=64, null=True),
    )

    @migrator.create_model
    class Feedback(pw.Model):
        id = pw.AutoField()
        ticket = pw.ForeignKeyField(
            column_name="ticket_id", field="id", model=migrator.orm["ticket"], on_delete=None, unique=True
        )
        at = pw.BigIntegerField(index=True)
        day = pw.DateField(index=True)
        service = pw.ForeignKeyField(column_name="service_id", field="id", model=migrator.orm["service"])
        counter = pw.ForeignKeyField(column_name="counter_id", field="id", model=migrator.orm["counter"], null=True)
        officer = pw.ForeignKeyField(column_name="officer_id", field="id", model=migrator.orm["user"], null=True)
        rating = pw.IntegerField()
        payment_asked = pw.BooleanField(null=True)
        comment = pw.TextField(null=True)
        source = pw.CharField(max_length=12)

        class Meta:
            table_name = "feedback"
            legacy_table_names = False

    migrator.run(_link_recorded_events, database)


def _link_recorded_events(database: pw.Database) -> None:
    """Link the events of earlier releases in the order they were written (their ids)."""
    from office import event_chain
    from office.audit import content_of

    seq, previous = 0, event_chain.GENESIS
    after = 0
    cursor = database.cursor()
    update = f"UPDATE event SET seq = {database.param}, hash = {database.param} WHERE id = {database.param}"
    while True:
        rows = database.execute_sql(
            "SELECT id, at, kind, ticket_id, service_id, counter_id, actor_id, details, out_of_order "
            f"FROM event WHERE id > {database.param} ORDER BY id LIMIT {BATCH}",
            (after,),
        ).fetchall()
        if not rows:
            return
        links = []
        for row in rows:
            seq += 1
            previous = event_chain.link(previous, content_of(seq, *row[1:]))
            links.append((seq, previous, row[0]))
        cursor.executemany(update, links)
        after = rows[-1][0]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("feedback")
    migrator.remove_fields("event", "seq", "hash")
