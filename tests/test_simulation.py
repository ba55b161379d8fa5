"""The simulator (office/simulation.py, `onewindow simulate`): a day through the real engine on
an accelerated clock, reproducible with a seed, on a database of its own."""

import json

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo

from office.errors import InvalidInput
from office.simulation import describe, load_scenario, simulate

SMALL = {
    "name": "small office",
    "seed": 5,
    "counters_open": "08:00",
    "closes": "09:00",
    "arrivals_per_hour": {"08:00": 40},
    "services": [
        {"prefix": "A", "share": 0.7, "service_time_s": {"median": 120, "sigma": 0.4}},
        {"prefix": "B", "share": 0.3, "service_time_s": {"median": 300}},
    ],
    "counters": [{"name": "One", "services": ["A", "B"]}, {"name": "Two", "services": ["A"]}],
    "no_show_share": 0.1,
}


def test_a_small_day_runs_the_same_with_the_same_seed():
    first = simulate(SMALL)
    assert first == simulate(SMALL)
    assert first.seed == 5 and 20 <= first.tickets <= 70
    assert first.estimated == first.tickets  # everyone was called, each with an estimate
    assert first.no_shows > 0
    assert 0 <= first.within_5min <= 1 and first.mae_s >= 0
    assert simulate(SMALL, seed=6) != first
    assert any(line.startswith("within_5min") for line in describe(first))


def test_it_never_touches_the_database_in_use(db, office, clock, bus):
    from office import engine
    from office.models import Service, Ticket

    engine.issue(office.civil.id, clock=clock, bus=bus)
    simulate(SMALL)
    assert Ticket.select().count() == 1 and Service.select().count() == 3


def test_on_a_given_database_it_must_be_empty(database_url):
    figures = simulate(SMALL, database_url=database_url)
    assert figures == simulate(SMALL)  # the same day on SQLite and PostgreSQL
    with pytest.raises(InvalidInput, match="empty"):
        simulate(SMALL, database_url=database_url)


def test_days_before_are_history_the_estimate_reads_not_measured():
    """The same day after a day of history: the same citizens, told from that history."""
    cold = simulate(SMALL)
    after_a_day = simulate({**SMALL, "days_before": 1})
    assert (after_a_day.tickets, after_a_day.mean_wait_s) == (cold.tickets, cold.mean_wait_s)
    assert after_a_day.mean_estimate_s != cold.mean_estimate_s


@pytest.mark.parametrize("days_before", [-1, 1.5, "2", True, 29])
def test_days_before_must_be_a_whole_number_of_days(days_before):
    with pytest.raises(InvalidInput, match="days_before"):
        simulate({**SMALL, "days_before": days_before})


def test_a_scenario_that_names_an_unknown_service_is_refused():
    bad = {**SMALL, "counters": [{"name": "One", "services": ["Z"]}]}
    with pytest.raises(InvalidInput, match="not in services"):
        simulate(bad)


def test_the_busy_morning_as_measured():
    """The bundled scenario, seed 1: the figures README.md quotes."""
    figures = simulate(load_scenario())
    assert figures.tickets == 221
    assert figures.within_5min == pytest.approx(0.516, abs=0.001)
    assert figures.mae_s == pytest.approx(336.4, abs=0.1)


def test_the_command_prints_the_figures_as_json(tmp_path, monkeypatch):
    from onewindow import create_app
    from onewindow.cli import cli

    monkeypatch.setenv("ONEWINDOW_DATABASE_URL", f"sqlite:///{tmp_path / 'office.sqlite3'}")
    monkeypatch.setenv("ONEWINDOW_SECRET_KEY", "cli-test")
    scenario = tmp_path / "small.json"
    scenario.write_text(json.dumps(SMALL))
    info = ScriptInfo(create_app=lambda: create_app({}))
    result = CliRunner().invoke(cli, ["simulate", "--json", "--scenario", str(scenario)], obj=info)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert {"tickets", "mae_s", "within_5min"} <= set(figures)
    assert figures == simulate(SMALL).as_dict()
    text = CliRunner().invoke(cli, ["simulate", "--scenario", str(scenario)], obj=info)
    assert "mae_s" in text.output and "within_5min" in text.output
