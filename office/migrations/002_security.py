"""Issue 9, security: who issued each ticket (staff, enrolled kiosk, address), idempotency keys
scoped to their sender, enrolled kiosks, login attempts counted before the check, and bearer
tokens that logging out revokes."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class Kiosk(pw.Model):
        id = pw.AutoField()
        name = pw.CharField(max_length=40, unique=True)
        offers_priority = pw.BooleanField(default=False)
        created_at = pw.BigIntegerField()
        created_by = pw.ForeignKeyField(column_name="created_by_id", field="id", model=migrator.orm["user"], null=True)
        enrol_code_hash = pw.CharField(max_length=64, null=True, unique=True)
        enrol_expires_at = pw.BigIntegerField(null=True)
        key_hash = pw.CharField(max_length=64, null=True, unique=True)
        enrolled_at = pw.BigIntegerField(null=True)
        revoked_at = pw.BigIntegerField(null=True)

        class Meta:
            table_name = "kiosk"

    migrator.drop_index("ticket", "idempotency_key")
    migrator.add_fields(
        "ticket",
        issued_by=pw.ForeignKeyField(column_name="issued_by_id", field="id", model=migrator.orm["user"], null=True),
        kiosk=pw.ForeignKeyField(column_name="kiosk_id", field="id", model=migrator.orm["kiosk"], null=True),
        client=pw.CharField(max_length=64, null=True),
        idempotency_scope=pw.CharField(max_length=80, null=True),
    )
    migrator.add_index("ticket", "idempotency_scope", "idempotency_key", unique=True)
    migrator.add_index("ticket", "client", "issued_at")
    migrator.add_index("ticket", "kiosk", "issued_at")

    migrator.remove_model("login_failure")

    @migrator.create_model
    class LoginAttempt(pw.Model):
        id = pw.AutoField()
        at = pw.BigIntegerField()
        username = pw.CharField(max_length=80)
        client = pw.CharField(max_length=64)
        succeeded = pw.BooleanField(null=True)

        class Meta:
            table_name = "login_attempt"
            legacy_table_names = False
            indexes = [
                (("username", "client", "at"), False),
                (("username", "at"), False),
                (("client", "at"), False),
            ]

    @migrator.create_model
    class ApiToken(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name="user_id", field="id", model=migrator.orm["user"], on_delete="CASCADE")
        issued_at = pw.BigIntegerField()
        expires_at = pw.BigIntegerField()
        revoked_at = pw.BigIntegerField(null=True)

        class Meta:
            table_name = "api_token"
            legacy_table_names = False


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("api_token")
    migrator.remove_model("login_attempt")
    migrator.drop_index("ticket", "kiosk", "issued_at")
    migrator.drop_index("ticket", "client", "issued_at")
    migrator.drop_index("ticket", "idempotency_scope", "idempotency_key")
    migrator.remove_fields("ticket", "issued_by", "kiosk", "client", "idempotency_scope")
    migrator.remove_model("kiosk")
