"""The api function: the FastAPI app behind API Gateway (HTTP API, payload v2) via Mangum."""

from __future__ import annotations

from typing import Any

from mangum import Mangum

from stratus import bootstrap
from stratus.adapters.aws.lambda_runtime import event_loop
from stratus.adapters.aws.observability import lambda_handler
from stratus.api.app import create_app

_adapter: Mangum | None = None


@lambda_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    global _adapter
    if _adapter is None:  # once per container: the app and its clients are reused
        _adapter = Mangum(create_app(bootstrap.get_container()), lifespan="off")
    event_loop()  # Mangum runs the app on the current loop: the process's, kept warm
    return _adapter(event, context)
