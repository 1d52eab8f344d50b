"""The DynamoDB script store passes the ScriptStore contract on moto, in the runs table of
template.yaml, and keeps out of the runs' own records and listings."""

import random

import pytest

from stratus.adapters.aws.dynamodb_scripts import PART_BYTES, DynamoDbScriptStore
from stratus.adapters.aws.dynamodb_store import DynamoDbRunStore
from tests.contract.script_store_contract import (
    GOAL,
    SITE,
    ScriptStoreContract,
    make_action,
    make_script,
    varied_text,
)
from tests.contract.store_contract import make_run

pytestmark = pytest.mark.integration


class TestDynamoDbScriptStore(ScriptStoreContract):
    @pytest.fixture
    def script_store(self, table):
        return DynamoDbScriptStore(table)


def items_of(table, organization_id: str) -> list[dict]:
    reply = table.query(
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": f"SCRIPTS#{organization_id}"},
    )
    return reply["Items"]


def large_script(seed: int, *, steps: int = 600):
    rng = random.Random(seed)
    return make_script(steps=[make_action(i, text=varied_text(rng, 900)) for i in range(steps)])


def test_scripts_share_the_table_without_joining_the_runs_listing(table) -> None:
    runs = DynamoDbRunStore(table)
    scripts = DynamoDbScriptStore(table)
    run = make_run(org="o_1")
    runs.create_run(run)
    scripts.save(make_script("o_1"))
    assert [r.run_id for r in runs.list_runs("o_1", page=1, page_size=10)] == [run.run_id]
    assert runs.list_active_run_ids() == [run.run_id]
    assert len(scripts.list("o_1")) == 1


def test_a_large_script_is_split_into_parts_each_within_the_item_limit(table) -> None:
    store = DynamoDbScriptStore(table)
    store.save(large_script(1))
    stored = items_of(table, "o_1")
    assert len(stored) > 1
    assert all(len(item["data"].value) <= PART_BYTES for item in stored)


def test_replacing_a_large_script_deletes_the_old_parts(table) -> None:
    store = DynamoDbScriptStore(table)
    store.save(large_script(1))
    small = make_script()
    store.save(small)
    assert [item["sk"].split("#")[0] for item in items_of(table, "o_1")] == ["SCRIPT"]
    assert store.find("o_1", SITE, GOAL) == small


def test_saving_the_same_script_smaller_drops_the_parts_it_no_longer_has(table) -> None:
    store = DynamoDbScriptStore(table)
    script = large_script(2, steps=900)
    store.save(script)
    before = len(items_of(table, "o_1"))
    shorter = script.model_copy(update={"steps": script.steps[:400]})
    store.save(shorter)
    assert len(items_of(table, "o_1")) < before
    assert store.find("o_1", SITE, GOAL) == shorter


def test_a_reader_between_a_replace_and_its_cleanup_reads_the_new_script(table) -> None:
    """The script item is read, then replaced and its old parts deleted: read it again."""
    store = DynamoDbScriptStore(table)
    store.save(large_script(3))
    newer = make_script(steps=[make_action(5)])
    real_get = table.get_item
    replaced = []

    def get_then_replace(**kwargs):
        item = real_get(**kwargs)
        if not replaced:
            replaced.append(True)
            store.save(newer)
        return item

    class RacingTable:
        def __getattr__(self, name):
            return get_then_replace if name == "get_item" else getattr(table, name)

    assert DynamoDbScriptStore(RacingTable()).find("o_1", SITE, GOAL) == newer
