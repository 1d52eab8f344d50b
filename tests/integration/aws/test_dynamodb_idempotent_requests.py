"""The DynamoDB idempotent-request store passes the IdempotentRequests contract on moto, in
the runs table of template.yaml."""

import pytest

from stratus.adapters.aws.dynamodb_idempotent_requests import DynamoDbIdempotentRequests
from tests.contract.idempotent_requests_contract import IdempotentRequestsContract

pytestmark = pytest.mark.integration


class TestDynamoDbIdempotentRequests(IdempotentRequestsContract):
    @pytest.fixture
    def idempotent_requests(self, table):
        return DynamoDbIdempotentRequests(table)
