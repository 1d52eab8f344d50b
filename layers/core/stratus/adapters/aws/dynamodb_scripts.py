"""ScriptStore on the runs table (template.yaml ``RunsTable``), beside the runs.

| record | pk | sk | indexes |
| --- | --- | --- | --- |
| script | ``SCRIPTS#<org>`` | ``SCRIPT#<sha256 of site and goal>`` | by_org (``SCRIPTS#<org>``) |
| script part | ``SCRIPTS#<org>`` | ``PART#<script id>#<n>`` | - |

The sort key is a digest because a goal can be longer than DynamoDB allows a key to be, and
because joining site and goal with a separator would let two different pairs meet.
The script is stored as zlib-compressed JSON; what does not fit in one item (400 KB) goes
into parts, written before the script item that names them, so a reader never sees a script
whose parts are missing. Replacing a script deletes the parts of the one it replaced.
The listing reads the by_org index (eventually consistent, like the runs listing) newest
first, then each script item with a consistent read.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterator
from typing import Any

from boto3.dynamodb.conditions import Key

from ...domain.utc import utc_text
from ...scripts.model import Script
from .dynamodb_items import query_all

# Bytes of compressed script per item: below the 400 KB item limit with room for the keys.
PART_BYTES = 350_000
# A replace deleted the parts we were about to read: read the script item again.
MAX_READ_ATTEMPTS = 5


def scripts_pk(organization_id: str) -> str:
    return f"SCRIPTS#{organization_id}"


def script_sk(site: str, goal_key: str) -> str:
    pair = json.dumps([site, goal_key], ensure_ascii=False, separators=(",", ":"))
    return "SCRIPT#" + hashlib.sha256(pair.encode()).hexdigest()


def part_sk(script_id: str, index: int) -> str:
    return f"PART#{script_id}#{index:05d}"


def _bytes(value: Any) -> bytes:
    """A Binary attribute as bytes (boto3 wraps it in ``Binary``)."""
    return bytes(value.value) if hasattr(value, "value") else bytes(value)


class DynamoDbScriptStore:
    """``table`` is a boto3 ``Table`` resource, built once per process by the caller."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def save(self, script: Script) -> None:
        body = zlib.compress(script.model_dump_json().encode(), 6)
        chunks = [body[i : i + PART_BYTES] for i in range(0, len(body), PART_BYTES)]
        pk = scripts_pk(script.organization_id)
        with self._table.batch_writer() as batch:
            for index, chunk in enumerate(chunks[1:], start=1):
                batch.put_item(
                    Item={"pk": pk, "sk": part_sk(script.script_id, index), "data": chunk}
                )
        created = utc_text(script.created_at)
        replaced = self._table.put_item(
            Item={
                "pk": pk,
                "sk": script_sk(script.site, script.goal_key),
                "org_pk": pk,
                "org_sk": f"{created}#{script.script_id}",
                "script_id": script.script_id,
                "created_at": created,
                "parts": len(chunks),
                "data": chunks[0],
            },
            ReturnValues="ALL_OLD",
        ).get("Attributes")
        if replaced:
            old_id, old_count = replaced["script_id"], int(replaced.get("parts", 1))
            first_stale = len(chunks) if old_id == script.script_id else 1
            self._delete_parts(pk, old_id, range(first_stale, old_count))

    def find(self, organization_id: str, site: str, goal_key: str) -> Script | None:
        return self._load(scripts_pk(organization_id), script_sk(site, goal_key))

    def list(self, organization_id: str) -> list[Script]:
        pk = scripts_pk(organization_id)
        seen: set[str] = set()
        scripts: list[Script] = []
        for hit in self._query(
            IndexName="by_org", KeyConditionExpression=Key("org_pk").eq(pk), ScanIndexForward=False
        ):
            if hit["sk"] in seen:  # the index may still hold a replaced script's old entry
                continue
            seen.add(hit["sk"])
            script = self._load(pk, hit["sk"])
            if script is not None:
                scripts.append(script)
        # The index is read before the items: a script replaced meanwhile has a newer date.
        return sorted(scripts, key=lambda s: s.created_at, reverse=True)

    # ------------------------------------------------------------ helpers
    def _load(self, pk: str, sk: str) -> Script | None:
        for _ in range(MAX_READ_ATTEMPTS):
            item = self._table.get_item(Key={"pk": pk, "sk": sk}, ConsistentRead=True).get("Item")
            if item is None:
                return None
            body = self._body(pk, item)
            if body is not None:
                return Script.model_validate_json(zlib.decompress(body))
        raise RuntimeError(f"script {sk} of {pk} kept being replaced while it was read")

    def _body(self, pk: str, item: dict[str, Any]) -> bytes | None:
        """The compressed script, or None when its parts were deleted by a replace."""
        count = int(item.get("parts", 1))
        if count == 1:
            return _bytes(item["data"])
        script_id = item["script_id"]
        found = self._query(
            KeyConditionExpression=Key("pk").eq(pk)
            & Key("sk").between(part_sk(script_id, 1), part_sk(script_id, count - 1)),
            ConsistentRead=True,
        )
        parts = [_bytes(part["data"]) for part in found]
        if len(parts) != count - 1:
            return None
        return b"".join([_bytes(item["data"]), *parts])

    def _delete_parts(self, pk: str, script_id: str, indexes: range) -> None:
        if not indexes:
            return
        with self._table.batch_writer() as batch:
            for index in indexes:
                batch.delete_item(Key={"pk": pk, "sk": part_sk(script_id, index)})

    def _query(self, **kwargs: Any) -> Iterator[dict[str, Any]]:
        return query_all(self._table, **kwargs)
