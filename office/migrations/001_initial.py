"""The schema of OneWindow 0.1, the first release: the baseline every later migration
builds on. A 0.1 database has no migration history; it is recorded as having this one."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class User(pw.Model):
        id = pw.AutoField()
        username = pw.CharField(max_length=80, unique=True)
        password_hash = pw.CharField(max_length=255)
        role = pw.CharField(max_length=20)
        active = pw.BooleanField(default=True)
        session_epoch = pw.IntegerField(default=0)

        class Meta:
            table_name = "user"

    @migrator.create_model
    class Counter(pw.Model):
        id = pw.AutoField()
        name = pw.CharField(max_length=100)
        active = pw.BooleanField(default=True)
        paused = pw.BooleanField(default=False)
        officer = pw.ForeignKeyField(column_name="officer_id", field="id", model=migrator.orm["user"], null=True)

        class Meta:
            table_name = "counter"

    @migrator.create_model
    class Service(pw.Model):
        id = pw.AutoField()
        prefix = pw.CharField(max_length=4)
        name_en = pw.CharField(max_length=300)
        name_km = pw.CharField(max_length=500)
        group_en = pw.CharField(max_length=200)
        group_km = pw.CharField(max_length=300)
        fee_riel = pw.IntegerField(null=True)
        processing_days = pw.IntegerField(null=True)
        target_wait_min = pw.IntegerField(default=20)
        position = pw.IntegerField(default=0)
        active = pw.BooleanField(default=True)

        class Meta:
            table_name = "service"

    @migrator.create_model
    class CounterService(pw.Model):
        counter = pw.ForeignKeyField(
            column_name="counter_id", field="id", model=migrator.orm["counter"], on_delete="CASCADE"
        )
        service = pw.ForeignKeyField(
            column_name="service_id", field="id", model=migrator.orm["service"], on_delete="CASCADE"
        )

        class Meta:
            table_name = "counter_service"
            primary_key = pw.CompositeKey("counter", "service")

    @migrator.create_model
    class Ticket(pw.Model):
        id = pw.AutoField()
        service = pw.ForeignKeyField(column_name="service_id", field="id", model=migrator.orm["service"])
        number = pw.CharField(max_length=12)
        day = pw.DateField()
        status = pw.CharField(default="waiting", index=True, max_length=10)
        priority = pw.BooleanField(default=False)
        issued_at = pw.BigIntegerField()
        called_at = pw.BigIntegerField(null=True)
        first_called_at = pw.BigIntegerField(null=True)
        started_at = pw.BigIntegerField(null=True)
        finished_at = pw.BigIntegerField(null=True)
        counter = pw.ForeignKeyField(column_name="counter_id", field="id", model=migrator.orm["counter"], null=True)
        officer = pw.ForeignKeyField(column_name="officer_id", field="id", model=migrator.orm["user"], null=True)
        estimated_wait_s = pw.IntegerField(null=True)
        token = pw.CharField(max_length=64, unique=True)
        idempotency_key = pw.CharField(max_length=200, null=True, unique=True)

        class Meta:
            table_name = "ticket"
            indexes = [(("status", "service", "priority", "issued_at"), False)]

    @migrator.create_model
    class Event(pw.Model):
        id = pw.AutoField()
        at = pw.BigIntegerField(index=True)
        kind = pw.CharField(index=True, max_length=40)
        ticket = pw.ForeignKeyField(column_name="ticket_id", field="id", model=migrator.orm["ticket"], null=True)
        service = pw.ForeignKeyField(column_name="service_id", field="id", model=migrator.orm["service"], null=True)
        counter = pw.ForeignKeyField(column_name="counter_id", field="id", model=migrator.orm["counter"], null=True)
        actor = pw.ForeignKeyField(column_name="actor_id", field="id", model=migrator.orm["user"], null=True)
        details = pw.TextField()
        out_of_order = pw.BooleanField(default=False, index=True)

        class Meta:
            table_name = "event"
            indexes = [(("kind", "counter"), False)]

    @migrator.create_model
    class LoginFailure(pw.Model):
        id = pw.AutoField()
        at = pw.BigIntegerField(index=True)
        username = pw.CharField(index=True, max_length=80)
        client = pw.CharField(index=True, max_length=64)

        class Meta:
            table_name = "login_failure"

    @migrator.create_model
    class PrintJob(pw.Model):
        id = pw.AutoField()
        ticket = pw.ForeignKeyField(column_name="ticket_id", field="id", model=migrator.orm["ticket"])
        printer = pw.CharField(max_length=80)
        status = pw.CharField(default="pending", max_length=10)
        attempts = pw.IntegerField(default=0)
        created_at = pw.BigIntegerField()
        next_attempt_at = pw.BigIntegerField()
        printed_at = pw.BigIntegerField(null=True)
        last_error = pw.CharField(max_length=300, null=True)

        class Meta:
            table_name = "print_job"
            indexes = [(("status", "next_attempt_at"), False)]

    @migrator.create_model
    class TicketSequence(pw.Model):
        prefix = pw.CharField(max_length=4)
        day = pw.DateField()
        last = pw.IntegerField(default=0)

        class Meta:
            table_name = "ticket_sequence"
            primary_key = pw.CompositeKey("prefix", "day")

    # The database itself guarantees that a counter holds at most one current ticket.
    migrator.sql(
        'CREATE UNIQUE INDEX IF NOT EXISTS "ticket_one_current_per_counter" ON "ticket" ("counter_id") '
        "WHERE status IN ('called', 'serving')"
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("ticket_sequence")
    migrator.remove_model("print_job")
    migrator.remove_model("login_failure")
    migrator.remove_model("event")
    migrator.remove_model("ticket")
    migrator.remove_model("counter_service")
    migrator.remove_model("service")
    migrator.remove_model("counter")
    migrator.remove_model("user")
