"""Issue 10, an office run by its own administrator: required documents and the official
page (source_url) of each service, one
active service per prefix, the fee each ticket was issued with, each kiosk's printer and
paper, named TV displays, and office settings changed in the browser."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "service",
        documents_en=pw.TextField(null=True),
        documents_km=pw.TextField(null=True),
        source_url=pw.CharField(max_length=1000, null=True),
    )
    migrator.sql("CREATE UNIQUE INDEX service_prefix_active ON service (prefix) WHERE active")

    migrator.add_fields("ticket", fee_riel=pw.IntegerField(null=True))
    migrator.add_index("ticket", "issued_at")  # reports and statistics read periods of days
    # Tickets issued before keep the fee their service had then: the fee of today.
    migrator.sql("UPDATE ticket SET fee_riel = (SELECT fee_riel FROM service WHERE service.id = ticket.service_id)")

    migrator.add_fields(
        "kiosk",
        printer=pw.CharField(max_length=200, null=True),
        paper_width_mm=pw.IntegerField(null=True),
    )

    @migrator.create_model
    class Display(pw.Model):
        id = pw.AutoField()
        name = pw.CharField(max_length=40, unique=True)
        counter_ids = pw.TextField()
        service_ids = pw.TextField()
        languages = pw.CharField(max_length=40, default="")
        active = pw.BooleanField(default=True)

        class Meta:
            table_name = "display"
            legacy_table_names = False

    @migrator.create_model
    class Setting(pw.Model):
        key = pw.CharField(max_length=40, primary_key=True)
        value = pw.TextField()

        class Meta:
            table_name = "setting"
            legacy_table_names = False


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("setting")
    migrator.remove_model("display")
    migrator.remove_fields("kiosk", "printer", "paper_width_mm")
    migrator.drop_index("ticket", "issued_at")
    migrator.remove_fields("ticket", "fee_riel")
    migrator.sql("DROP INDEX service_prefix_active")
    migrator.remove_fields("service", "documents_en", "documents_km", "source_url")
