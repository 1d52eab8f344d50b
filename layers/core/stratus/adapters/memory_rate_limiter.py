"""RateLimiter in this process's memory: the embedded default (one ``stratus serve``)."""

from __future__ import annotations

import threading

from ..domain.rate_limit import BucketLimits, TokenBucket, take_token
from ..ports import Clock


class InMemoryRateLimiter:
    def __init__(self, limits: BucketLimits, clock: Clock) -> None:
        self._limits = limits
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, TokenBucket] = {}

    def take(self, bucket: str) -> float:
        with self._lock:
            now = self._clock.now().timestamp()
            after, wait = take_token(self._buckets.get(bucket), now, self._limits)
            if wait == 0.0:
                self._buckets[bucket] = after
            return wait
