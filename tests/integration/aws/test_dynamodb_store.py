"""The DynamoDB run store passes the store contract on moto, on the table of template.yaml."""

import pytest

from stratus.adapters.aws.dynamodb_store import DynamoDbRunStore
from stratus.domain.status import RunStatus, sources_for
from stratus.ports import RunCondition
from tests.contract.admission_contract import AdmissionContract
from tests.contract.store_contract import RunStoreContract, make_run

pytestmark = pytest.mark.integration


class TestDynamoDbRunStore(RunStoreContract, AdmissionContract):
    @pytest.fixture
    def store(self, table):
        return DynamoDbRunStore(table)


def test_table_from_template_has_the_access_pattern_indexes(table) -> None:
    names = {index["IndexName"] for index in table.global_secondary_indexes}
    assert names == {"by_org", "by_lookup", "active_runs", "pending_webhooks"}
    assert table.billing_mode_summary["BillingMode"] == "PAY_PER_REQUEST"


def test_finished_run_leaves_the_active_index(table) -> None:
    store = DynamoDbRunStore(table)
    run = make_run()
    store.create_run(run)
    assert run.run_id in store.list_active_run_ids()
    store.update_run(run.run_id, {"status": "failed", "failure_reason": "x"})
    assert run.run_id not in store.list_active_run_ids()
    assert "active_pk" not in table.get_item(Key={"pk": f"RUN#{run.run_id}", "sk": "RUN"})["Item"]


def test_none_removes_the_attribute_and_round_trips(table) -> None:
    store = DynamoDbRunStore(table)
    run = make_run(title="first")
    store.create_run(run)
    updated = store.update_run(run.run_id, {"title": None})
    assert updated is not None and updated.title is None
    item = table.get_item(Key={"pk": f"RUN#{run.run_id}", "sk": "RUN"})["Item"]
    assert "title" not in item
    assert store.get_run(run.run_id) == updated


def test_a_concurrent_write_is_reevaluated_not_lost(table) -> None:
    """A write between our read and our write bumps the version: we re-read and re-check."""
    store = DynamoDbRunStore(table)
    run = make_run(status="queued")
    store.create_run(run)
    real_update = table.update_item
    raced = []

    def racing_update(**kwargs):
        if not raced:
            raced.append(True)
            store.update_run(run.run_id, {"status": "canceled"})
        return real_update(**kwargs)

    class RacingTable:
        def __getattr__(self, name):
            return racing_update if name == "update_item" else getattr(table, name)

    racing_store = DynamoDbRunStore(RacingTable())
    moved = racing_store.update_run(
        run.run_id,
        {"status": RunStatus.running},
        RunCondition(status_in=sources_for(RunStatus.running)),
    )
    assert moved is None
    assert store.get_run(run.run_id).status is RunStatus.canceled
