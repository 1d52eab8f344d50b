"""The ``model`` object of a run request: which model to use, and options passed along.

The keys that name the model must be text; any other key is kept as given (bounded JSON).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints, model_serializer

from .fields import JsonValue

MAX_MODEL_NAME_CHARS = 200

ModelName = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=MAX_MODEL_NAME_CHARS)
]

# The keys a model may be named by, first found wins.
NAME_KEYS = ("model_name", "name", "model")


class ModelOptions(BaseModel):
    model_config = ConfigDict(extra="allow", protected_namespaces=())

    model_name: ModelName | None = None
    name: ModelName | None = None
    model: ModelName | None = None
    __pydantic_extra__: dict[str, JsonValue]

    def chosen_name(self) -> str | None:
        for key in NAME_KEYS:
            value: str | None = getattr(self, key)
            if value:
                return value
        return None

    @model_serializer(mode="wrap")
    def _as_given(self, handler: Any) -> dict[str, Any]:
        """Only the keys the request sent, so the echoed request reads as it was written."""
        data = handler(self)
        given = self.model_fields_set | set(self.__pydantic_extra__ or {})
        return {key: value for key, value in data.items() if key in given}
