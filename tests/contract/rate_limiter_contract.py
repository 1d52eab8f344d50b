"""The RateLimiter contract: every adapter (in memory, DynamoDB on moto) subclasses
RateLimiterContract and provides a ``make_limiter(limits, clock)`` fixture."""

from __future__ import annotations

import pytest

from stratus.domain.rate_limit import BucketLimits
from tests.fakes.runtime import FixedClock


class RateLimiterContract:
    def test_a_full_bucket_allows_the_burst_then_says_how_long_to_wait(self, make_limiter):
        clock = FixedClock()
        limiter = make_limiter(BucketLimits(rate_per_second=0.5, burst=3), clock)
        assert [limiter.take("o_a") for _ in range(3)] == [0.0, 0.0, 0.0]
        assert limiter.take("o_a") == pytest.approx(2.0)  # one token per 2 s
        clock.advance(1.5)
        assert limiter.take("o_a") == pytest.approx(0.5)
        clock.advance(0.5)
        assert limiter.take("o_a") == 0.0
        assert limiter.take("o_a") == pytest.approx(2.0)

    def test_refusals_take_nothing_and_refill_stops_at_the_burst(self, make_limiter):
        clock = FixedClock()
        limiter = make_limiter(BucketLimits(rate_per_second=1.0, burst=2), clock)
        limiter.take("o_r")
        limiter.take("o_r")
        for _ in range(5):
            assert limiter.take("o_r") == pytest.approx(1.0)
        clock.advance(3600)  # refills to 2, not 3600
        assert [limiter.take("o_r") > 0 for _ in range(3)] == [False, False, True]

    def test_organizations_do_not_share_a_bucket(self, make_limiter):
        clock = FixedClock()
        limiter = make_limiter(BucketLimits(rate_per_second=0.1, burst=1), clock)
        assert limiter.take("o_one") == 0.0
        assert limiter.take("o_one") == pytest.approx(10.0)
        assert limiter.take("o_two") == 0.0

    def test_limiters_over_the_same_store_share_the_bucket(self, make_limiter, shared):
        if not shared:
            pytest.skip("this adapter keeps its buckets in its own process")
        clock = FixedClock()
        limits = BucketLimits(rate_per_second=1.0, burst=2)
        first, second = make_limiter(limits, clock), make_limiter(limits, clock)
        assert first.take("o_s") == 0.0
        assert second.take("o_s") == 0.0
        assert first.take("o_s") == pytest.approx(1.0)
        assert second.take("o_s") == pytest.approx(1.0)
