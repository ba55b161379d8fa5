"""The reports' summary (JSON, CSV, XLSX), the ticket log's chunks and the stats run off the
event loop: through the app's run_blocking (eventlet's tpool under `onewindow serve`), in a
worker thread with a database connection of its own. Bad input is refused before any of that."""

import threading

import pytest

PREFIX = "/api/v1/reports"
DAY = "from=2026-11-25&to=2026-11-25"


@pytest.fixture
def in_other_thread(app):
    """Replace run_blocking with one that notes each call (the login's password check goes
    through it too) and runs it in a new thread (no
    connection of its own yet, as in eventlet's pool), giving back its answer or error."""
    calls = []

    def run_blocking(fn, *args, **kwargs):
        out = {}

        def work():
            try:
                out["value"] = fn(*args, **kwargs)
            except BaseException as error:  # handed back to the request, as tpool does
                out["error"] = error

        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
        calls.append((fn, thread.ident))
        if "error" in out:
            raise out["error"]
        return out["value"]

    app.extensions["onewindow.run_blocking"] = run_blocking
    return calls


@pytest.mark.parametrize("route", ["summary", "summary.csv", "summary.xlsx"])
def test_summary_is_computed_in_a_worker_thread(client, login, in_other_thread, route):
    supervisor = login("supervisor")
    client.post("/api/v1/tickets", json={"service_id": 1})
    response = client.get(f"{PREFIX}/{route}?{DAY}", headers=supervisor)
    assert response.status_code == 200
    reports = [thread for fn, thread in in_other_thread if fn.__module__ == "reports.api"]
    assert len(reports) == 1
    assert reports[0] != threading.get_ident()
    if route == "summary":
        assert response.json["from"] == "2026-11-25"
        assert sum(service["issued"] for service in response.json["services"]) == 1
    # and the request's own connection still works after it
    assert client.get("/api/v1/services").status_code == 200


@pytest.mark.parametrize("route", ["summary", "summary.csv", "summary.xlsx"])
def test_bad_input_is_refused_before_any_thread_work(client, login, in_other_thread, route):
    supervisor = login("supervisor")
    response = client.get(f"{PREFIX}/{route}?from=2026-11-26&to=2026-11-25", headers=supervisor)
    assert response.status_code == 400
    response = client.get(f"{PREFIX}/{route}?from=2025-01-01&to=2026-02-05", headers=supervisor)
    assert response.status_code == 400
    assert [fn for fn, _thread in in_other_thread if fn.__module__ == "reports.api"] == []


def test_the_stats_are_computed_in_a_worker_thread(client, login, in_other_thread):
    officer = login("officer1")
    client.post("/api/v1/tickets", json={"service_id": 1})
    response = client.get(f"/api/v1/stats?{DAY}", headers=officer)
    assert response.status_code == 200
    assert sum(service["issued"] for service in response.json["services"]) == 1
    [thread] = [thread for fn, thread in in_other_thread if fn.__module__ == "counter.api"]
    assert thread != threading.get_ident()
    assert client.get("/api/v1/services").status_code == 200


def test_the_ticket_log_is_read_a_chunk_at_a_time_in_worker_threads(client, login, in_other_thread):
    supervisor = login("supervisor")
    client.post("/api/v1/tickets", json={"service_id": 1})
    response = client.get(f"{PREFIX}/tickets.csv?{DAY}", headers=supervisor)
    assert response.status_code == 200
    lines = response.get_data(as_text=True).splitlines()
    assert len(lines) == 2 and lines[1].startswith("A001,")  # the header and the ticket
    threads = [thread for fn, thread in in_other_thread if fn.__module__ == "reports.api"]
    assert len(threads) == 2  # the names (services, counters, officers), then the one chunk
    assert threading.get_ident() not in threads
