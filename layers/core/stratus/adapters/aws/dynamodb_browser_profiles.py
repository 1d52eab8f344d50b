"""BrowserProfileStore on the runs table (template.yaml ``RunsTable``), beside the runs.

| record | pk | sk | indexes |
| --- | --- | --- | --- |
| browser profile | ``BP#<id>`` | ``BP`` | by_org (``PROFILES#<org>``) |

A deleted profile moves to the index partition ``DELETED_PROFILES#<org>``.

The record (its state sealed) is one JSON document in ``data``; the service caps the
sealed state far below DynamoDB's item size. Listing reads the by_org index (deleted
profiles sit under their own partition, read only when asked for); each hit is then read
consistently, because the index lags.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from ...domain.browser_profiles import BrowserProfileRecord
from ...domain.utc import utc_text
from ...ports import Conflict, NotFound
from .dynamodb_items import query_all

PROFILE_SK = "BP"


def profile_pk(browser_profile_id: str) -> str:
    return f"BP#{browser_profile_id}"


def profiles_org_pk(organization_id: str, *, deleted: bool = False) -> str:
    return f"{'DELETED_PROFILES' if deleted else 'PROFILES'}#{organization_id}"


def _item(record: BrowserProfileRecord) -> dict[str, Any]:
    return {
        "pk": profile_pk(record.browser_profile_id),
        "sk": PROFILE_SK,
        "data": record.model_dump_json(),
        "org_pk": profiles_org_pk(record.organization_id, deleted=record.deleted),
        "org_sk": f"{utc_text(record.created_at)}#{record.browser_profile_id}",
    }


class DynamoDbBrowserProfileStore:
    """``table`` is a boto3 ``Table`` resource, built once per process by the caller."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def create_browser_profile(self, record: BrowserProfileRecord) -> None:
        try:
            self._table.put_item(Item=_item(record), ConditionExpression=Attr("pk").not_exists())
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                raise Conflict(record.browser_profile_id) from error
            raise

    def get_browser_profile(self, browser_profile_id: str) -> BrowserProfileRecord | None:
        item = self._table.get_item(
            Key={"pk": profile_pk(browser_profile_id), "sk": PROFILE_SK}, ConsistentRead=True
        ).get("Item")
        return BrowserProfileRecord.model_validate_json(item["data"]) if item else None

    def list_browser_profiles(
        self, organization_id: str, *, include_deleted: bool = False
    ) -> list[BrowserProfileRecord]:
        partitions = [profiles_org_pk(organization_id)]
        if include_deleted:
            partitions.append(profiles_org_pk(organization_id, deleted=True))
        found: list[BrowserProfileRecord] = []
        for partition in partitions:
            for hit in query_all(
                self._table,
                IndexName="by_org",
                KeyConditionExpression=Key("org_pk").eq(partition),
            ):
                record = self.get_browser_profile(hit["pk"].removeprefix("BP#"))
                if record is not None and (include_deleted or not record.deleted):
                    found.append(record)
        unique = {r.browser_profile_id: r for r in found}
        return sorted(
            unique.values(), key=lambda r: (r.created_at, r.browser_profile_id), reverse=True
        )

    def update_browser_profile(
        self, browser_profile_id: str, changes: Mapping[str, Any]
    ) -> BrowserProfileRecord:
        record = self.get_browser_profile(browser_profile_id)
        if record is None:
            raise NotFound(browser_profile_id)
        updated = BrowserProfileRecord.model_validate({**record.model_dump(), **changes})
        self._table.put_item(Item=_item(updated), ConditionExpression=Attr("pk").exists())
        return updated
