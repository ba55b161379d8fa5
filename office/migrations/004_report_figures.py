"""Issue 11, reports over a year in under a second: the daily rows the reports sum
(figure_cell), the out-of-order calls' own index, the duration bins per day and month they read percentiles from
(figure_duration), the officers' time per day (officer_day, officer_day_done), filled from
the tickets and events already recorded."""

import json
import os

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class FigureCell(pw.Model):
        id = pw.AutoField()
        span = pw.CharField(max_length=1)
        day = pw.DateField()
        weekday = pw.IntegerField()
        hour = pw.IntegerField()
        service_id = pw.IntegerField()
        counter_id = pw.IntegerField(default=0)
        officer_id = pw.IntegerField(default=0)
        issued = pw.IntegerField(default=0)
        served = pw.IntegerField(default=0)
        no_show = pw.IntegerField(default=0)
        cancelled = pw.IntegerField(default=0)
        on_target = pw.IntegerField(default=0)
        transferred = pw.IntegerField(default=0)
        recalls = pw.IntegerField(default=0)
        wait_n = pw.IntegerField(default=0)
        wait_ms = pw.BigIntegerField(default=0)
        wait_max = pw.BigIntegerField(default=0)
        walk_n = pw.IntegerField(default=0)
        walk_ms = pw.BigIntegerField(default=0)
        walk_max = pw.BigIntegerField(default=0)
        service_n = pw.IntegerField(default=0)
        service_ms = pw.BigIntegerField(default=0)
        service_max = pw.BigIntegerField(default=0)
        estimate_n = pw.IntegerField(default=0)
        estimate_error_ms = pw.BigIntegerField(default=0)
        estimate_within = pw.IntegerField(default=0)

        class Meta:
            table_name = "figure_cell"
            legacy_table_names = False
            indexes = ((("span", "day", "service_id", "counter_id", "officer_id", "hour", "weekday"), True),)

    @migrator.create_model
    class FigureDuration(pw.Model):
        id = pw.AutoField()
        span = pw.CharField(max_length=1)
        start = pw.DateField()
        dimension = pw.CharField(max_length=10)
        key = pw.IntegerField()
        measure = pw.CharField(max_length=10)
        bin = pw.BigIntegerField()
        n = pw.IntegerField(default=0)

        class Meta:
            table_name = "figure_duration"
            legacy_table_names = False
            indexes = ((("span", "dimension", "start", "key", "measure", "bin"), True),)

    @migrator.create_model
    class OfficerDay(pw.Model):
        id = pw.AutoField()
        day = pw.DateField()
        officer_id = pw.IntegerField()
        counter_id = pw.IntegerField()
        signed_in_ms = pw.BigIntegerField(default=0)
        paused_ms = pw.BigIntegerField(default=0)
        busy_ms = pw.BigIntegerField(default=0)
        idle_ms = pw.BigIntegerField(default=0)

        class Meta:
            table_name = "officer_day"
            legacy_table_names = False
            indexes = ((("day", "officer_id", "counter_id"), True),)

    @migrator.create_model
    class OfficerDayDone(pw.Model):
        day = pw.DateField(primary_key=True)

        class Meta:
            table_name = "officer_day_done"
            legacy_table_names = False

    migrator.sql("CREATE INDEX event_out_of_order_at ON event (at) WHERE out_of_order")
    migrator.run(_fill, database)


def _fill(database: pw.Database) -> None:
    """The figures of every day with tickets, in the office's time zone (its setting, else the
    server's ONEWINDOW_TIMEZONE, else Asia/Phnom_Penh); the officers' time of the days that
    are over."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from office import daily_figures

    row = database.execute_sql("SELECT value FROM setting WHERE key = 'timezone'").fetchone()
    name = json.loads(row[0]) if row else os.environ.get("ONEWINDOW_TIMEZONE") or "Asia/Phnom_Penh"
    first, last = database.execute_sql("SELECT MIN(day), MAX(day) FROM ticket").fetchone()
    if first is None:
        return
    day = pw.DateField()
    zone = ZoneInfo(name)
    today = datetime.now(zone).date()
    daily_figures.rebuild(day.python_value(first), day.python_value(last), zone, today=today)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("DROP INDEX event_out_of_order_at")
    migrator.remove_model("officer_day_done")
    migrator.remove_model("officer_day")
    migrator.remove_model("figure_duration")
    migrator.remove_model("figure_cell")
