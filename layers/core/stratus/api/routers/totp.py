"""2FA codes pushed by the user: ``POST /v1/credentials/totp`` (alias ``/api/v1/totp``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...contract.requests import TotpPushRequest
from ...contract.responses import TotpCodeObject
from ...contract.timestamps import timestamp
from ...domain.models import TotpCode
from ..auth import CurrentKey
from ..deps import Totp, with_trailing_slash

router = APIRouter(tags=["2FA codes"])


def totp_code_payload(code: TotpCode, workflow_id: str | None = None) -> dict[str, Any]:
    return TotpCodeObject.produce(
        totp_code_id=code.totp_id,
        totp_identifier=code.totp_identifier,
        task_id=code.task_id,
        workflow_id=workflow_id,
        workflow_run_id=code.workflow_run_id,
        source=code.source,
        content=code.content,
        code=code.code or "",
        expired_at=timestamp(code.expired_at),
        organization_id=code.organization_id,
        created_at=timestamp(code.created_at),
        modified_at=timestamp(code.created_at),
    ).model_dump(mode="json")


def push_code(body: TotpPushRequest, key: CurrentKey, totp: Totp) -> dict[str, Any]:
    code = totp.push(
        key.organization_id,
        totp_identifier=body.totp_identifier,
        content=body.content,
        task_id=body.task_id,
        workflow_run_id=body.workflow_run_id,
        source=body.source,
        expired_at=body.expired_at,
    )
    return totp_code_payload(code, workflow_id=body.workflow_id)


with_trailing_slash(
    router.post,
    "/v1/credentials/totp",
    summary="Push a 2FA code",
    responses={200: {"model": TotpCodeObject}},
)(push_code)
with_trailing_slash(
    router.post,
    "/api/v1/totp",
    summary="Push a 2FA code (alias)",
    responses={200: {"model": TotpCodeObject}},
)(push_code)
