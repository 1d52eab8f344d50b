"""A model named without its provider's credentials is refused when the run is created.

Otherwise the run would start, open its browser and fail at its first model call. The
field named is the one to change: the request's ``model.model_name``, or the setting that
chose the server's default model for the engine.
"""

from __future__ import annotations

from typing import Protocol

from ..config import BUILTIN_MODEL
from ..domain.status import Engine
from ..ports import ModelCredentials
from .errors import InvalidRequest

REQUEST_FIELD = "model.model_name"


class ModelSettings(Protocol):
    """What the engine registry tells about models (services.engines.EngineRegistry)."""

    def resolve_model(self, engine: Engine, requested: str | None) -> str: ...

    def model_setting(self, engine: Engine) -> str: ...


def check_model_credentials(
    credentials: ModelCredentials | None,
    engines: ModelSettings,
    engine: Engine,
    requested: str | None,
) -> None:
    if credentials is None:
        return
    model = engines.resolve_model(engine, requested)
    if model == BUILTIN_MODEL:
        return
    missing = credentials.missing(model)
    if not missing:
        return
    needs = ", ".join(missing)
    if requested:
        raise InvalidRequest(
            f"{REQUEST_FIELD}: {model!r} needs {needs} in the environment of the server, "
            "which is not set; name another model or set it",
            field=REQUEST_FIELD,
            status=422,
        )
    setting = engines.model_setting(engine)
    raise InvalidRequest(
        f"{setting}: the server's model {model!r} needs {needs}, which is not set where "
        f"it runs; set it, or name a model in {REQUEST_FIELD}",
        field=setting,
        status=422,
    )
