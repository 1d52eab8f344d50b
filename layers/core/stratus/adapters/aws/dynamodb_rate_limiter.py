"""RateLimiter on the runs table: one item per bucket (``RATE#<name>``, ``RUNS``), shared by
every API Lambda container. A token is taken by a conditional update that holds only if the
item is still as read; a concurrent taker makes us read again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from boto3.dynamodb.conditions import Attr
from botocore.exceptions import ClientError

from ...domain.rate_limit import BucketLimits, TokenBucket, take_token
from ...ports import Clock

SORT_KEY = "RUNS"
MAX_ATTEMPTS = 10
# A full bucket is the same as no bucket: DynamoDB's TTL may remove it this long after.
TTL_MARGIN_SECONDS = 60


def _number(value: float) -> Decimal:
    return Decimal(str(round(value, 6)))


class DynamoDbRateLimiter:
    """``table`` is a boto3 ``Table`` resource (the runs table, with TTL on ``expires_at``)."""

    def __init__(self, table: Any, limits: BucketLimits, clock: Clock) -> None:
        self._table = table
        self._limits = limits
        self._clock = clock

    def take(self, bucket: str) -> float:
        key = {"pk": f"RATE#{bucket}", "sk": SORT_KEY}
        for _ in range(MAX_ATTEMPTS):
            item = self._table.get_item(Key=key, ConsistentRead=True).get("Item")
            current = (
                TokenBucket(float(item["tokens"]), float(item["refilled_at"])) if item else None
            )
            now = self._clock.now().timestamp()
            after, wait = take_token(current, now, self._limits)
            if wait > 0.0:
                return wait
            unchanged = (
                Attr("pk").not_exists()
                if item is None
                else Attr("tokens").eq(item["tokens"]) & Attr("refilled_at").eq(item["refilled_at"])
            )
            try:
                self._table.update_item(
                    Key=key,
                    UpdateExpression="SET tokens = :t, refilled_at = :r, expires_at = :e",
                    ExpressionAttributeValues={
                        ":t": _number(after.tokens),
                        ":r": _number(after.refilled_at),
                        ":e": int(now + self._limits.seconds_to_fill + TTL_MARGIN_SECONDS),
                    },
                    ConditionExpression=unchanged,
                )
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                    raise
                continue  # another container took a token first: read the bucket again
            return 0.0
        # Still contended after every attempt: the bucket is busy, so this caller waits.
        return 1.0 / self._limits.rate_per_second
