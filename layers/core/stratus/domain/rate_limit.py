"""Token buckets: ``rate`` tokens a second refill a bucket holding at most ``burst``.

Pure arithmetic on (tokens, time); the stores that keep buckets (a process's memory, a
DynamoDB item shared by every API container) live in adapters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class BucketLimits:
    rate_per_second: float
    burst: int

    @property
    def seconds_to_fill(self) -> float:
        return self.burst / self.rate_per_second


@dataclass(frozen=True)
class TokenBucket:
    tokens: float
    refilled_at: float  # seconds since the epoch


def take_token(
    bucket: TokenBucket | None, now: float, limits: BucketLimits
) -> tuple[TokenBucket, float]:
    """The bucket after taking one token at ``now``, and the seconds to wait: 0 when the
    token was taken; otherwise the bucket is unchanged and the wait is until one refills.
    A missing bucket is full. A clock behind the bucket's (another host's) adds nothing."""
    if bucket is None:
        tokens, at = float(limits.burst), now
    else:
        at = max(now, bucket.refilled_at)
        elapsed = max(0.0, now - bucket.refilled_at)
        tokens = min(float(limits.burst), bucket.tokens + elapsed * limits.rate_per_second)
    if tokens >= 1.0:
        return TokenBucket(tokens - 1.0, at), 0.0
    return TokenBucket(tokens, at), (1.0 - tokens) / limits.rate_per_second


def retry_after_header(wait_seconds: float) -> int:
    """Whole seconds for ``Retry-After``: rounded up, so a retry then finds a token."""
    return max(1, math.ceil(wait_seconds - 1e-9))
