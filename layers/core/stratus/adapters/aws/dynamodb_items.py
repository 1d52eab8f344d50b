"""How records become DynamoDB items in the single runs table, and back.

Key design (one table, see template.yaml ``RunsTable``):

| record | pk | sk | indexes |
| --- | --- | --- | --- |
| run | ``RUN#<id>`` | ``RUN`` | by_org, by_lookup (``WFRUN#``), active_runs, pending_webhooks |
| step | ``RUN#<run id>`` | ``STEP#<order>#<retry>#<step id>`` | - |
| webhook attempt | ``RUN#<run id>`` | ``WHA#<created>#<attempt id>`` | - |
| organization | ``ORG#<id>`` | ``ORG`` | - |
| API key | ``KEY#<id>`` | ``KEY`` | by_lookup (``DIGEST#<digest>``) |
| API key listing | ``APIKEYS`` | ``<org>#<key id>`` | - |
| rate-limit bucket | ``RATE#<org>`` | ``RUNS`` | TTL ``expires_at`` |
| 2FA code | ``TOTP#<org>#<identifier>`` | ``CODE#<created>#<id>`` | TTL ``expires_at`` |

``queue_sk``, the sort key of both queue indexes, is a run's place in the queue it is in:
``<created>#<id>`` while it is active (``active_runs``, oldest first), ``<due>#<id>`` once it
has ended with a webhook waiting (``pending_webhooks``, soonest due first, so due webhooks
are one key-range query). A run is never in both: only terminal runs have webhooks waiting.

A run is stored field by field (so conditions and updates address single attributes);
the other records as one JSON document in ``data``. Absent attributes mean None. An API
key's times that change after creation (``revoked_at``, ``expires_at``, ``last_used_at``)
are attributes beside its document, each changed on its own.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from pydantic import TypeAdapter

from ...domain.models import ApiKey, Run
from ...domain.utc import utc_text
from ...domain.webhook_schedule import webhook_due_at

RUN_SK = "RUN"
ACTIVE = "ACTIVE"
PENDING = "PENDING"


def run_pk(run_id: str) -> str:
    return f"RUN#{run_id}"


def org_pk(organization_id: str) -> str:
    return f"ORG#{organization_id}"


def key_pk(key_id: str) -> str:
    return f"KEY#{key_id}"


KEYS_PK = "APIKEYS"
KEY_TIMES = ("revoked_at", "expires_at", "last_used_at")


def key_listing_sk(key: ApiKey) -> str:
    return f"{key.organization_id}#{key.key_id}"


def item_to_api_key(item: dict[str, Any]) -> ApiKey:
    document = json.loads(item["data"])
    for attribute in KEY_TIMES:
        if attribute in item:
            document[attribute] = item[attribute]
    if "revoked_at" in item:
        document["revoked"] = True
    return ApiKey.model_validate(document)


def digest_lookup(digest: str) -> str:
    return f"DIGEST#{digest}"


def workflow_run_lookup(workflow_run_id: str) -> str:
    return f"WFRUN#{workflow_run_id}"


def totp_pk(organization_id: str, identifier: str) -> str:
    return f"TOTP#{organization_id}#{identifier}"


def step_sk(order: int, retry_index: int, step_id: str) -> str:
    return f"STEP#{order:06d}#{retry_index:04d}#{step_id}"


def parse_timestamp(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


# ---------------------------------------------------------------- run fields


_NATIVE = "native"
_DATETIME = "datetime"
_JSON = "json"


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return members[0]
    return annotation


@cache
def _field_kinds() -> dict[str, str]:
    """Per Run field: stored natively (str/int/bool/enum), as a timestamp, or as JSON text."""
    kinds: dict[str, str] = {}
    for name, info in Run.model_fields.items():
        annotation = _strip_optional(info.annotation)
        if annotation is datetime:
            kinds[name] = _DATETIME
        elif isinstance(annotation, type) and (
            annotation in (str, int, bool) or issubclass(annotation, Enum)
        ):
            kinds[name] = _NATIVE
        else:
            kinds[name] = _JSON
    return kinds


@cache
def _adapter(name: str) -> TypeAdapter[Any]:
    annotation = Run.model_fields[name].annotation
    if annotation is None:  # every field of Run is annotated
        raise KeyError(name)
    return TypeAdapter(annotation)


def encode_field(name: str, value: Any) -> Any:
    """The attribute value of one Run field; None means the attribute is removed."""
    if value is None:
        return None
    kind = _field_kinds()[name]
    if kind == _DATETIME:
        return utc_text(value)
    if kind == _NATIVE:
        return value.value if isinstance(value, Enum) else value
    return json.dumps(_adapter(name).dump_python(value, mode="json"), separators=(",", ":"))


def decode_field(name: str, value: Any) -> Any:
    kind = _field_kinds()[name]
    if kind == _DATETIME:
        return parse_timestamp(value)
    if kind == _JSON:
        return json.loads(value)
    if isinstance(value, Decimal):  # DynamoDB numbers come back as Decimal
        return int(value)
    return value


def derived_attributes(run: Run) -> dict[str, Any]:
    """Index attributes that follow from the run's state (None = absent)."""
    due = webhook_due_at(run) if run.status.is_terminal else None
    return {
        "active_pk": None if run.status.is_terminal else ACTIVE,
        "webhook_pk": PENDING if due is not None else None,
        "queue_sk": f"{utc_text(due or run.created_at)}#{run.run_id}",
    }


def due_by_bound(due_by: datetime) -> str:
    """The ``queue_sk`` every run due at or before ``due_by`` sorts below ('$' follows '#')."""
    return f"{utc_text(due_by)}$"


def run_to_item(run: Run, *, version: int = 1) -> dict[str, Any]:
    item: dict[str, Any] = {
        "pk": run_pk(run.run_id),
        "sk": RUN_SK,
        "org_pk": org_pk(run.organization_id),
        "org_sk": f"{utc_text(run.created_at)}#{run.run_id}",
        "version": version,
    }
    if run.workflow_run_id:
        item["lookup_pk"] = workflow_run_lookup(run.workflow_run_id)
    for name in Run.model_fields:
        encoded = encode_field(name, getattr(run, name))
        if encoded is not None:
            item[name] = encoded
    for name, value in derived_attributes(run).items():
        if value is not None:
            item[name] = value
    return item


def item_to_run(item: dict[str, Any]) -> Run:
    fields = {name: decode_field(name, item[name]) for name in Run.model_fields if name in item}
    return Run.model_validate(fields)


def item_version(item: dict[str, Any]) -> int:
    return int(item.get("version", 0))


def query_all(table: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
    """Every item a Query matches, following LastEvaluatedKey page by page."""
    while True:
        page = table.query(**kwargs)
        yield from page.get("Items", [])
        last = page.get("LastEvaluatedKey")
        if not last:
            return
        kwargs = {**kwargs, "ExclusiveStartKey": last}
