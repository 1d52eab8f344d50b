"""The DynamoDB rate limiter passes the RateLimiter contract on moto (the template's table),
and a token taken concurrently by another container is never handed out twice."""

import pytest

from stratus.adapters.aws.dynamodb_rate_limiter import DynamoDbRateLimiter
from stratus.domain.rate_limit import BucketLimits
from tests.contract.rate_limiter_contract import RateLimiterContract
from tests.fakes.runtime import FixedClock

pytestmark = pytest.mark.integration


class TestDynamoDbRateLimiter(RateLimiterContract):
    @pytest.fixture
    def make_limiter(self, table):
        return lambda limits, clock: DynamoDbRateLimiter(table, limits, clock)

    @pytest.fixture
    def shared(self):
        return True


def test_a_concurrent_taker_makes_us_read_again_not_overspend(table) -> None:
    clock = FixedClock()
    limits = BucketLimits(rate_per_second=0.001, burst=2)
    ours = DynamoDbRateLimiter(table, limits, clock)
    theirs = DynamoDbRateLimiter(table, limits, clock)
    assert ours.take("o_c") == 0.0  # one token left
    real_update = table.update_item
    raced: list[bool] = []

    def racing_update(**kwargs):
        if not raced:  # another container takes the last token between our read and write
            raced.append(True)
            assert theirs.take("o_c") == 0.0
        return real_update(**kwargs)

    table.update_item = racing_update
    try:
        assert ours.take("o_c") > 0  # re-read: the bucket is empty now
    finally:
        table.update_item = real_update
    assert raced == [True]


def test_the_bucket_item_expires_once_it_would_be_full(table) -> None:
    clock = FixedClock()
    DynamoDbRateLimiter(table, BucketLimits(rate_per_second=2.0, burst=10), clock).take("o_t")
    item = table.get_item(Key={"pk": "RATE#o_t", "sk": "RUNS"})["Item"]
    assert float(item["tokens"]) == 9.0
    assert int(item["expires_at"]) == int(clock.now().timestamp()) + 5 + 60
