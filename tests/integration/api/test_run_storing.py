"""Where a created run is stored: on the event loop when the database is free, by the writer
thread when another writer holds it; the event loop never waits for the database."""

import sqlite3
import threading

import pytest
from fastapi.testclient import TestClient

from stratus.api.app import create_app
from tests.integration.api.conftest import make_api

pytestmark = pytest.mark.integration

BODY = {"prompt": "Read the order status", "url": "https://shop.example.com/orders/1042"}


def test_a_run_created_while_the_database_is_free_is_stored_and_started(api):
    response = api.post("/v1/run/tasks", BODY)
    assert response.status_code == 200, response.text
    run_id = response.json()["run_id"]
    assert api.container.store.get_run(run_id) is not None
    assert api.orchestrator.started == [run_id]


def test_a_run_created_while_another_process_writes_waits_off_the_event_loop(tmp_path):
    """Another process holds the database's write lock: the create waits for it in the
    writer thread, a health check is answered meanwhile, and once the lock is free the run
    is stored and started, once."""
    api = make_api(tmp_path)
    assert api.post("/v1/run/tasks", BODY).status_code == 200  # the services are built
    (first,) = api.orchestrator.started
    answers: list[object] = []
    with TestClient(create_app(api.container)) as client:  # one event loop for both calls
        other = sqlite3.connect(tmp_path / "stratus.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        creating = threading.Thread(
            target=lambda: answers.append(
                client.post("/v1/run/tasks", json=BODY, headers=api.headers)
            )
        )
        creating.start()
        creating.join(0.5)  # time for the create to reach the database (a blocked event loop
        # would answer neither it nor the health check until the lock is free)
        try:
            health = client.get("/health")
            assert health.status_code == 200
            assert answers == []  # the create still waits for the database
            assert api.orchestrator.started == [first]
        finally:
            other.execute("ROLLBACK")
            other.close()
        creating.join(60)
    (created,) = answers
    assert created.status_code == 200, created.text
    run_id = created.json()["run_id"]
    assert api.container.store.get_run(run_id) is not None
    assert api.orchestrator.started == [first, run_id]


def test_a_run_over_the_cap_waits_for_admission_however_it_is_stored(tmp_path):
    api = make_api(tmp_path, max_active_runs=1)
    first = api.post("/v1/run/tasks", BODY).json()["run_id"]
    second = api.post("/v1/run/tasks", BODY).json()["run_id"]
    assert api.orchestrator.started == [first]
    waiting = api.container.store.get_run(second)
    assert waiting is not None and waiting.awaiting_admission
