import pytest

from stratus.adapters.memory_rate_limiter import InMemoryRateLimiter
from stratus.domain.rate_limit import BucketLimits, TokenBucket, retry_after_header, take_token
from tests.contract.rate_limiter_contract import RateLimiterContract

pytestmark = pytest.mark.unit


class TestInMemoryRateLimiter(RateLimiterContract):
    @pytest.fixture
    def make_limiter(self):
        return InMemoryRateLimiter

    @pytest.fixture
    def shared(self):
        return False


def test_a_clock_behind_the_bucket_adds_no_tokens():
    limits = BucketLimits(rate_per_second=1.0, burst=5)
    bucket, wait = take_token(TokenBucket(tokens=0.5, refilled_at=100.0), 90.0, limits)
    assert bucket == TokenBucket(tokens=0.5, refilled_at=100.0) and wait == pytest.approx(0.5)


@pytest.mark.parametrize(("wait", "header"), [(0.01, 1), (1.0, 1), (1.2, 2), (29.5, 30)])
def test_retry_after_is_whole_seconds_rounded_up(wait, header):
    assert retry_after_header(wait) == header
