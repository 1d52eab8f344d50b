"""IdempotencyKeys in the runs table: one item per organization and key.

    pk = IDEM#<organization_id>#<key>, sk = IDEM, run_id

The first claim is a conditional put; a later one reads the run id the item holds.
"""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Attr
from botocore.exceptions import ClientError

SK = "IDEM"


def idempotency_pk(organization_id: str, key: str) -> str:
    return f"IDEM#{organization_id}#{key}"


def _conditional_failure(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


class DynamoDbIdempotencyKeys:
    """``table`` is the boto3 ``Table`` resource of the runs table."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def claim(self, organization_id: str, key: str, run_id: str) -> str:
        pk = idempotency_pk(organization_id, key)
        try:
            self._table.put_item(
                Item={"pk": pk, "sk": SK, "run_id": run_id},
                ConditionExpression=Attr("pk").not_exists(),
            )
            return run_id
        except ClientError as error:
            if not _conditional_failure(error):
                raise
        item = self._table.get_item(Key={"pk": pk, "sk": SK}, ConsistentRead=True)["Item"]
        return str(item["run_id"])

    def release(self, organization_id: str, key: str, run_id: str) -> None:
        try:
            self._table.delete_item(
                Key={"pk": idempotency_pk(organization_id, key), "sk": SK},
                ConditionExpression=Attr("run_id").eq(run_id),
            )
        except ClientError as error:
            if not _conditional_failure(error):
                raise
