"""RunStore on one DynamoDB table (layout in dynamodb_items). Every run change is conditional."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any, TypeVar

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError
from pydantic import BaseModel

from ...domain.models import ApiKey, Organization, Run, Step, TotpCode, WebhookAttempt
from ...domain.status import ApiFamily, RunStatus
from ...domain.utc import utc_text
from ...ports import Conflict, NotFound, RunCondition
from . import dynamodb_items as items
from .dynamodb_conditions import run_condition_expression

# How long a 2FA code without its own expiry stays before DynamoDB's TTL removes it.
TOTP_RETENTION = timedelta(days=1)
# A concurrent writer changed the run between our read and our write: read again.
MAX_OPTIMISTIC_ATTEMPTS = 20


def _conditional_failure(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


Document = TypeVar("Document", bound=BaseModel)


class DynamoDbRunStore:
    """``table`` is a boto3 ``Table`` resource, built once per process by the caller."""

    def __init__(self, table: Any) -> None:
        self._table = table

    # ------------------------------------------------------------ helpers
    def _query(self, **kwargs: Any) -> Iterator[dict[str, Any]]:
        return items.query_all(self._table, **kwargs)

    def _get(self, pk: str, sk: str) -> dict[str, Any] | None:
        return self._table.get_item(Key={"pk": pk, "sk": sk}, ConsistentRead=True).get("Item")

    def _put_document(self, pk: str, sk: str, document: Any, **extra: Any) -> None:
        self._table.put_item(Item={"pk": pk, "sk": sk, "data": document.model_dump_json(), **extra})

    def _run_documents(self, run_id: str, sk_prefix: str, model: type[Document]) -> list[Document]:
        """A run's documents of one kind (steps, webhook attempts), in sort-key order."""
        found = self._query(
            KeyConditionExpression=Key("pk").eq(items.run_pk(run_id))
            & Key("sk").begins_with(sk_prefix),
            ConsistentRead=True,
        )
        return [model.model_validate_json(item["data"]) for item in found]

    # ------------------------------------------------------------ organizations and keys
    def create_organization(self, org: Organization) -> None:
        self._put_document(items.org_pk(org.organization_id), "ORG", org)

    def get_organization(self, organization_id: str) -> Organization | None:
        item = self._get(items.org_pk(organization_id), "ORG")
        return Organization.model_validate_json(item["data"]) if item else None

    def put_api_key(self, key: ApiKey) -> None:
        # The listing entry first: a listed key whose item is missing is skipped.
        self._table.put_item(
            Item={"pk": items.KEYS_PK, "sk": items.key_listing_sk(key), "key_id": key.key_id}
        )
        self._put_document(
            items.key_pk(key.key_id), "KEY", key, lookup_pk=items.digest_lookup(key.digest)
        )

    def find_api_key_by_digest(self, digest: str) -> ApiKey | None:
        for hit in self._query(
            IndexName="by_lookup",
            KeyConditionExpression=Key("lookup_pk").eq(items.digest_lookup(digest)),
        ):
            item = self._get(hit["pk"], hit["sk"])
            if item is not None:
                return items.item_to_api_key(item)
        return None

    def get_api_key(self, key_id: str) -> ApiKey | None:
        item = self._get(items.key_pk(key_id), "KEY")
        return items.item_to_api_key(item) if item else None

    def list_api_keys(self, organization_id: str | None = None) -> list[ApiKey]:
        condition = Key("pk").eq(items.KEYS_PK)
        if organization_id is not None:
            condition = condition & Key("sk").begins_with(f"{organization_id}#")
        found = (
            self.get_api_key(entry["key_id"])
            for entry in self._query(KeyConditionExpression=condition, ConsistentRead=True)
        )
        keys = [key for key in found if key is not None]
        return sorted(keys, key=lambda k: (k.created_at, k.key_id))

    def _set_key_time(
        self, key_id: str, attribute: str, at: datetime, replaces: str
    ) -> ApiKey | None:
        """Set one of a key's times, kept outside its document so that concurrent changes
        of different times never undo each other. ``replaces`` says which stored value
        gives way: "none" (the first value stays), "later" or "earlier" ones."""
        value = utc_text(at)
        stored = Attr(attribute)
        gives_way = {"none": None, "later": stored.gt(value), "earlier": stored.lt(value)}[replaces]
        condition = stored.not_exists() if gives_way is None else stored.not_exists() | gives_way
        try:
            reply = self._table.update_item(
                Key={"pk": items.key_pk(key_id), "sk": "KEY"},
                UpdateExpression="SET #a = :at",
                ExpressionAttributeNames={"#a": attribute},
                ExpressionAttributeValues={":at": value},
                ConditionExpression=Attr("pk").exists() & condition,
                ReturnValues="ALL_NEW",
            )
        except ClientError as error:
            if not _conditional_failure(error):
                raise
            return self.get_api_key(key_id)  # unknown (None), or a stored value that stays
        return items.item_to_api_key(reply["Attributes"])

    def revoke_api_key(self, key_id: str, at: datetime) -> ApiKey | None:
        return self._set_key_time(key_id, "revoked_at", at, replaces="none")

    def expire_api_key(self, key_id: str, at: datetime) -> ApiKey | None:
        return self._set_key_time(key_id, "expires_at", at, replaces="later")

    def mark_api_key_used(self, key_id: str, at: datetime) -> None:
        self._set_key_time(key_id, "last_used_at", at, replaces="earlier")

    # ------------------------------------------------------------ runs
    def create_run(self, run: Run) -> None:
        try:
            self._table.put_item(
                Item=items.run_to_item(run), ConditionExpression=Attr("pk").not_exists()
            )
        except ClientError as error:
            if _conditional_failure(error):
                raise Conflict(run.run_id) from error
            raise

    def get_run(self, run_id: str) -> Run | None:
        item = self._get(items.run_pk(run_id), items.RUN_SK)
        return items.item_to_run(item) if item else None

    def find_run(self, organization_id: str, any_id: str) -> Run | None:
        run = self.get_run(any_id)
        if run is None:
            for hit in self._query(
                IndexName="by_lookup",
                KeyConditionExpression=Key("lookup_pk").eq(items.workflow_run_lookup(any_id)),
            ):
                run = self.get_run(hit["pk"].removeprefix("RUN#"))
                if run is not None:
                    break
        if run is None or run.organization_id != organization_id:
            return None
        return run

    def list_runs(
        self,
        organization_id: str,
        *,
        page: int,
        page_size: int,
        api_families: frozenset[ApiFamily] | None = None,
        statuses: frozenset[RunStatus] | None = None,
    ) -> list[Run]:
        query: dict[str, Any] = {
            "IndexName": "by_org",
            "KeyConditionExpression": Key("org_pk").eq(items.org_pk(organization_id)),
            "ScanIndexForward": False,
        }
        if api_families is not None:
            query["FilterExpression"] = Attr("api_family").is_in(
                sorted(f.value for f in api_families)
            )
        skip = max(page - 1, 0) * page_size
        if statuses is not None:
            return self._list_runs_in(statuses, query, skip=skip, page_size=page_size)
        run_ids: list[str] = []
        for index, hit in enumerate(self._query(**query)):
            if index < skip:
                continue
            run_ids.append(hit["pk"].removeprefix("RUN#"))
            if len(run_ids) >= page_size:
                break
        # The index holds keys only (so run updates never write to it): read each run.
        runs = (self.get_run(run_id) for run_id in run_ids)
        return [run for run in runs if run is not None]

    def _list_runs_in(
        self, statuses: frozenset[RunStatus], query: dict[str, Any], *, skip: int, page_size: int
    ) -> list[Run]:
        # The status changes, so the index does not hold it: read runs newest first and keep
        # those in ``statuses`` (an organization's listing, read as far as the page reaches).
        found: list[Run] = []
        matched = 0
        for hit in self._query(**query):
            run = self.get_run(hit["pk"].removeprefix("RUN#"))
            if run is None or run.status not in statuses:
                continue
            matched += 1
            if matched <= skip:
                continue
            found.append(run)
            if len(found) >= page_size:
                break
        return found

    def update_run(
        self, run_id: str, changes: Mapping[str, Any], condition: RunCondition | None = None
    ) -> Run | None:
        key = {"pk": items.run_pk(run_id), "sk": items.RUN_SK}
        for _ in range(MAX_OPTIMISTIC_ATTEMPTS):
            current = self._table.get_item(Key=key, ConsistentRead=True).get("Item")
            if current is None:
                raise NotFound(run_id)
            version = items.item_version(current)
            merged = Run.model_validate({**items.item_to_run(current).model_dump(), **changes})
            target = items.run_to_item(merged, version=version + 1)
            update = _update_between(current, target)
            expected = Attr("version").eq(version)
            if "version" not in current:
                expected = Attr("version").not_exists()
            try:
                reply = self._table.update_item(
                    Key=key,
                    ReturnValues="ALL_NEW",
                    ConditionExpression=expected & run_condition_expression(condition),
                    **update,
                )
            except ClientError as error:
                if not _conditional_failure(error):
                    raise
                fresh = self._table.get_item(Key=key, ConsistentRead=True).get("Item")
                if fresh is None:
                    raise NotFound(run_id) from error
                if items.item_version(fresh) != version:
                    continue  # someone else wrote first: re-evaluate against their result
                return None
            return items.item_to_run(reply["Attributes"])
        raise RuntimeError(f"run {run_id} kept changing under {MAX_OPTIMISTIC_ATTEMPTS} writes")

    def list_active_run_ids(self, *, limit: int = 100) -> list[str]:
        return self._queue_ids("active_runs", Key("active_pk").eq(items.ACTIVE), limit)

    def list_active_runs(self, *, limit: int = 100) -> list[Run]:
        # The index holds keys only and is eventually consistent: read each run, and drop
        # one that ended since the index saw it.
        runs = (self.get_run(run_id) for run_id in self.list_active_run_ids(limit=limit))
        return [run for run in runs if run is not None and not run.is_terminal]

    def list_pending_webhook_run_ids(
        self, *, due_by: datetime | None = None, limit: int = 100
    ) -> list[str]:
        condition = Key("webhook_pk").eq(items.PENDING)
        if due_by is not None:
            condition = condition & Key("queue_sk").lt(items.due_by_bound(due_by))
        return self._queue_ids("pending_webhooks", condition, limit)

    def _queue_ids(self, index: str, condition: Any, limit: int) -> list[str]:
        ids: list[str] = []
        for hit in self._query(IndexName=index, KeyConditionExpression=condition, Limit=limit):
            ids.append(hit["pk"].removeprefix("RUN#"))
            if len(ids) >= limit:
                break
        return ids

    # ------------------------------------------------------------ steps
    def put_step(self, step: Step) -> None:
        self._put_document(
            items.run_pk(step.run_id),
            items.step_sk(step.order, step.retry_index, step.step_id),
            step,
        )

    def list_steps(self, run_id: str) -> list[Step]:
        return self._run_documents(run_id, "STEP#", Step)

    # ------------------------------------------------------------ 2FA codes
    def add_totp_code(self, code: TotpCode) -> None:
        expires = code.expired_at or code.created_at + TOTP_RETENTION
        self._put_document(
            items.totp_pk(code.organization_id, code.totp_identifier),
            f"CODE#{utc_text(code.created_at)}#{code.totp_id}",
            code,
            expires_at=int(expires.timestamp()),
        )

    def find_totp_codes(
        self, organization_id: str, totp_identifier: str, *, created_after: datetime
    ) -> list[TotpCode]:
        # '~' sorts after every id character, so codes created exactly at the instant are out.
        after = f"CODE#{utc_text(created_after)}#~"
        found = self._query(
            KeyConditionExpression=Key("pk").eq(items.totp_pk(organization_id, totp_identifier))
            & Key("sk").gt(after),
            ScanIndexForward=False,
            ConsistentRead=True,
        )
        return [TotpCode.model_validate_json(item["data"]) for item in found]

    # ------------------------------------------------------------ webhook attempts
    def add_webhook_attempt(self, attempt: WebhookAttempt) -> None:
        self._put_document(
            items.run_pk(attempt.run_id),
            f"WHA#{utc_text(attempt.created_at)}#{attempt.attempt_id}",
            attempt,
        )

    def list_webhook_attempts(self, run_id: str) -> list[WebhookAttempt]:
        return self._run_documents(run_id, "WHA#", WebhookAttempt)


def _update_between(current: dict[str, Any], target: dict[str, Any]) -> dict[str, Any]:
    """UpdateItem arguments turning ``current`` into ``target`` (keys pk/sk untouched)."""
    names: dict[str, str] = {}
    values: dict[str, Any] = {}
    sets: list[str] = []
    removes: list[str] = []
    for index, attribute in enumerate(sorted((set(current) | set(target)) - {"pk", "sk"})):
        placeholder = f"#u{index}"
        if attribute not in target:
            names[placeholder] = attribute
            removes.append(placeholder)
        elif current.get(attribute) != target[attribute]:
            names[placeholder] = attribute
            values[f":u{index}"] = target[attribute]
            sets.append(f"{placeholder} = :u{index}")
    expression = " ".join(
        part
        for part in (
            f"SET {', '.join(sets)}" if sets else "",
            f"REMOVE {', '.join(removes)}" if removes else "",
        )
        if part
    )
    return {
        "UpdateExpression": expression,
        "ExpressionAttributeNames": names,
        **({"ExpressionAttributeValues": values} if values else {}),
    }
