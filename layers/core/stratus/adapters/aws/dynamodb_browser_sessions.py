"""BrowserSessionStore on the runs table (template.yaml ``RunsTable``), beside the runs.

| record | pk | sk | indexes |
| --- | --- | --- | --- |
| browser session | ``PBS#<id>`` | ``PBS`` | by_org (``SESSIONS#<org>``) while running |

The record is one JSON document in ``data`` with a ``version`` counter. A conditional
write reads the item consistently, checks the condition on the record (one meaning for
every adapter) and writes only if ``version`` is unchanged, retrying when another writer
came first. The index keys exist only while the session runs, so listing the
organization's active sessions reads the by_org index and nothing else; each hit is then
read consistently, because the index lags.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from ...domain.browser_sessions import (
    BrowserSessionCondition,
    BrowserSessionRecord,
    BrowserSessionStatus,
)
from ...domain.utc import utc_text
from ...ports import Conflict, NotFound
from .dynamodb_items import query_all

SESSION_SK = "PBS"
# Another writer changed the session between our read and our write: read again.
MAX_OPTIMISTIC_ATTEMPTS = 20


def session_pk(browser_session_id: str) -> str:
    return f"PBS#{browser_session_id}"


def sessions_org_pk(organization_id: str) -> str:
    return f"SESSIONS#{organization_id}"


def _conditional_failure(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


def _item(record: BrowserSessionRecord, version: int) -> dict[str, Any]:
    item: dict[str, Any] = {
        "pk": session_pk(record.browser_session_id),
        "sk": SESSION_SK,
        "data": record.model_dump_json(),
        "version": version,
    }
    if record.status is BrowserSessionStatus.running:
        item["org_pk"] = sessions_org_pk(record.organization_id)
        item["org_sk"] = f"{utc_text(record.created_at)}#{record.browser_session_id}"
    return item


class DynamoDbBrowserSessionStore:
    """``table`` is a boto3 ``Table`` resource, built once per process by the caller."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def create_browser_session(self, record: BrowserSessionRecord) -> None:
        try:
            self._table.put_item(Item=_item(record, 1), ConditionExpression=Attr("pk").not_exists())
        except ClientError as error:
            if _conditional_failure(error):
                raise Conflict(record.browser_session_id) from error
            raise

    def get_browser_session(self, browser_session_id: str) -> BrowserSessionRecord | None:
        item = self._get(browser_session_id)
        return BrowserSessionRecord.model_validate_json(item["data"]) if item else None

    def list_active_browser_sessions(self, organization_id: str) -> list[BrowserSessionRecord]:
        found: list[BrowserSessionRecord] = []
        for hit in self._query(
            IndexName="by_org",
            KeyConditionExpression=Key("org_pk").eq(sessions_org_pk(organization_id)),
            ScanIndexForward=False,
        ):
            record = self.get_browser_session(hit["pk"].removeprefix("PBS#"))
            if record is not None and record.status is BrowserSessionStatus.running:
                found.append(record)
        return sorted(found, key=lambda r: (r.created_at, r.browser_session_id), reverse=True)

    def update_browser_session(
        self,
        browser_session_id: str,
        changes: Mapping[str, Any],
        condition: BrowserSessionCondition | None = None,
    ) -> BrowserSessionRecord | None:
        for _ in range(MAX_OPTIMISTIC_ATTEMPTS):
            item = self._get(browser_session_id)
            if item is None:
                raise NotFound(browser_session_id)
            record = BrowserSessionRecord.model_validate_json(item["data"])
            if condition is not None and not condition.holds(record):
                return None
            updated = BrowserSessionRecord.model_validate({**record.model_dump(), **changes})
            version = int(item["version"])
            try:
                self._table.put_item(
                    Item=_item(updated, version + 1),
                    ConditionExpression=Attr("version").eq(version),
                )
            except ClientError as error:
                if _conditional_failure(error):
                    continue
                raise
            return updated
        raise RuntimeError(f"browser session {browser_session_id} kept changing during an update")

    # ------------------------------------------------------------ helpers
    def _get(self, browser_session_id: str) -> dict[str, Any] | None:
        return self._table.get_item(
            Key={"pk": session_pk(browser_session_id), "sk": SESSION_SK}, ConsistentRead=True
        ).get("Item")

    def _query(self, **kwargs: Any) -> Iterator[dict[str, Any]]:
        return query_all(self._table, **kwargs)
