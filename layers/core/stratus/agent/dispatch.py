"""One mapping from action model to the handler that runs it, checked against the union."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from pydantic import BaseModel

Handler = Callable[[Any, Any, Any], Awaitable[dict[str, Any]]]
H = TypeVar("H", bound=Handler)


class DispatchMismatch(RuntimeError):
    """An action without a handler, or a handler for a model that is no action."""


class Dispatch:
    def __init__(self) -> None:
        self._handlers: dict[type[BaseModel], Handler] = {}

    def handles(self, *models: type[BaseModel]) -> Callable[[H], H]:
        """Register the decorated function as the handler of these action models."""

        def register(handler: H) -> H:
            for model in models:
                if model in self._handlers:
                    raise DispatchMismatch(
                        f"{model.__name__} already has a handler ({self._handlers[model].__name__})"
                    )
                self._handlers[model] = handler
            return handler

        return register

    def handler_for(self, action: BaseModel) -> Handler:
        return self._handlers[type(action)]

    @property
    def models(self) -> frozenset[type[BaseModel]]:
        return frozenset(self._handlers)

    def check(self, models: Iterable[type[BaseModel]]) -> None:
        """Every model has a handler and every handler a model, else fail loudly."""
        wanted = set(models)
        missing = sorted(m.__name__ for m in wanted - self._handlers.keys())
        stray = sorted(m.__name__ for m in self._handlers.keys() - wanted)
        problems = []
        if missing:
            problems.append(f"actions without a handler: {', '.join(missing)}")
        if stray:
            problems.append(f"handlers for models outside the Action union: {', '.join(stray)}")
        if problems:
            raise DispatchMismatch("; ".join(problems))
