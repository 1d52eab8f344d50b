"""IdempotentRequests in the runs table: one item per organization and ``Idempotency-Key``.

    pk = IDREQ#<organization_id>#<key>, sk = IDREQ, fingerprint, created_at,
    claimed_ms (created_at in epoch milliseconds), expires_at (epoch seconds: the table's
    TTL attribute), status_code, content_type, body

A claim is a put conditioned on no live item (absent, past ``expires_at``: TTL deletes
lazily, or unanswered and claimed before ``abandoned_before``), so of concurrent duplicates
exactly one wins.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from boto3.dynamodb.conditions import Attr
from botocore.exceptions import ClientError

from ...ports import IdempotentRequest

SK = "IDREQ"


def _pk(organization_id: str, key: str) -> str:
    return f"IDREQ#{organization_id}#{key}"


def _epoch(value: datetime) -> int:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp())


def _epoch_ms(value: datetime) -> int:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp() * 1000)


def _conditional_failure(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


def _record(item: dict[str, Any]) -> IdempotentRequest:
    status = item.get("status_code")
    return IdempotentRequest(
        organization_id=str(item["organization_id"]),
        key=str(item["idempotency_key"]),
        fingerprint=str(item["fingerprint"]),
        created_at=datetime.fromisoformat(str(item["created_at"])),
        expires_at=datetime.fromtimestamp(int(item["expires_at"]), UTC),
        status_code=None if status is None else int(status),
        content_type=item.get("content_type"),
        body=item.get("body"),
    )


class DynamoDbIdempotentRequests:
    """``table`` is the boto3 ``Table`` resource of the runs table."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def claim(
        self, request: IdempotentRequest, *, abandoned_before: datetime | None = None
    ) -> IdempotentRequest | None:
        pk = _pk(request.organization_id, request.key)
        now = _epoch(request.created_at)
        free = Attr("pk").not_exists() | Attr("expires_at").lte(now)
        if abandoned_before is not None:
            free = free | (
                Attr("status_code").not_exists()
                & Attr("claimed_ms").lt(_epoch_ms(abandoned_before))
            )
        item = {
            "pk": pk,
            "sk": SK,
            "organization_id": request.organization_id,
            "idempotency_key": request.key,
            "fingerprint": request.fingerprint,
            "created_at": request.created_at.isoformat(),
            "claimed_ms": _epoch_ms(request.created_at),
            "expires_at": _epoch(request.expires_at),
        }
        while True:
            try:
                self._table.put_item(
                    Item=item,
                    ConditionExpression=free,
                )
                return None
            except ClientError as error:
                if not _conditional_failure(error):
                    raise
            held = self._table.get_item(Key={"pk": pk, "sk": SK}, ConsistentRead=True).get("Item")
            if held is not None:
                return _record(held)
            # released between the put and the read: claim again

    def answer(
        self, organization_id: str, key: str, status_code: int, content_type: str, body: str
    ) -> None:
        self._table.update_item(
            Key={"pk": _pk(organization_id, key), "sk": SK},
            UpdateExpression="SET status_code = :s, content_type = :c, body = :b",
            ExpressionAttributeValues={":s": status_code, ":c": content_type, ":b": body},
            ConditionExpression=Attr("pk").exists(),
        )

    def release(self, organization_id: str, key: str, claimed_at: datetime | None = None) -> None:
        arguments: dict[str, Any] = {"Key": {"pk": _pk(organization_id, key), "sk": SK}}
        if claimed_at is not None:  # only that claim, while unanswered
            arguments["ConditionExpression"] = (
                Attr("claimed_ms").eq(_epoch_ms(claimed_at)) & Attr("status_code").not_exists()
            )
        try:
            self._table.delete_item(**arguments)
        except ClientError as error:
            if not _conditional_failure(error):
                raise
