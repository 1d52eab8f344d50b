"""The DynamoDB browser-profile store passes the BrowserProfileStore contract on moto, in
the runs table of template.yaml, and keeps out of the runs' listings."""

import pytest

from stratus.adapters.aws.dynamodb_browser_profiles import DynamoDbBrowserProfileStore
from stratus.adapters.aws.dynamodb_store import DynamoDbRunStore
from tests.contract.browser_profile_store_contract import (
    BrowserProfileStoreContract,
    make_profile,
)
from tests.contract.store_contract import make_run

pytestmark = pytest.mark.integration


class TestDynamoDbBrowserProfileStore(BrowserProfileStoreContract):
    @pytest.fixture
    def profile_store(self, table):
        return DynamoDbBrowserProfileStore(table)


def test_profiles_share_the_table_without_joining_the_runs_listing(table) -> None:
    runs = DynamoDbRunStore(table)
    profiles = DynamoDbBrowserProfileStore(table)
    run = make_run(org="o_1")
    runs.create_run(run)
    record = make_profile("o_1")
    profiles.create_browser_profile(record)
    assert [r.run_id for r in runs.list_runs("o_1", page=1, page_size=10)] == [run.run_id]
    assert profiles.list_browser_profiles("o_1") == [record]
