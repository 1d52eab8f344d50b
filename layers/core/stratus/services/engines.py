"""Which engine serves a run, and whether it can be served at all.

A request naming an engine we cannot honour is refused with a reason; it is never
silently served by another engine. The built-in planner is a model choice ("builtin"):
it serves skyvern-1.0 and skyvern-2.0 runs when no language model is configured.
"""

from __future__ import annotations

from collections.abc import Callable

from ..config import BUILTIN_MODEL, Settings
from ..domain.models import Run
from ..domain.status import Engine as EngineName
from ..ports import Engine

REPLAY = "replay"
BUILTIN = "builtin"

_CUA_SETTINGS = {
    EngineName.openai_cua: "openai_cua_model",
    EngineName.anthropic_cua: "anthropic_cua_model",
    EngineName.ui_tars: "ui_tars_model",
}


class EngineRegistry:
    def __init__(self, settings: Settings, factories: dict[str, Callable[[], Engine]]) -> None:
        self._settings = settings
        self._factories = factories
        self._built: dict[str, Engine] = {}

    def resolve_model(self, engine: EngineName, requested: str | None) -> str:
        """The model a run will use: its own choice, else the engine's or the default."""
        if requested:
            return requested
        setting = _CUA_SETTINGS.get(engine)
        if setting:
            return getattr(self._settings, setting) or BUILTIN_MODEL
        return self._settings.resolved_model

    def model_setting(self, engine: EngineName) -> str:
        """The setting that names the model an engine uses when a request names none."""
        return "STRATUS_" + _CUA_SETTINGS.get(engine, "model").upper()

    def missing_requirement(self, engine: EngineName, model: str | None) -> str | None:
        resolved = self.resolve_model(engine, model)
        if engine in _CUA_SETTINGS:
            if resolved == BUILTIN_MODEL:
                env = self.model_setting(engine)
                return (
                    f"engine {engine.value} needs a computer-use model: set {env} "
                    "or pass model.model_name in the request"
                )
            key = engine.value
        elif resolved == BUILTIN_MODEL:
            key = BUILTIN
        else:
            key = engine.value
        if key not in self._factories:
            return f"engine {engine.value} is not available in this deployment"
        return None

    @property
    def can_replay(self) -> bool:
        """Whether learned scripts can be replayed here (run_with=code)."""
        return REPLAY in self._factories

    def key_for(self, run: Run) -> str:
        if run.run_with == "code":
            return REPLAY
        resolved = self.resolve_model(run.engine, run.spec.model)
        if run.engine in _CUA_SETTINGS:
            return run.engine.value
        return BUILTIN if resolved == BUILTIN_MODEL else run.engine.value

    def engine_for(self, run: Run) -> Engine:
        key = self.key_for(run)
        if key not in self._built:
            factory = self._factories.get(key)
            if factory is None:
                raise LookupError(f"engine {key} is not available in this deployment")
            self._built[key] = factory()
        return self._built[key]

    def model_for(self, run: Run) -> str | None:
        resolved = self.resolve_model(run.engine, run.spec.model)
        return None if resolved == BUILTIN_MODEL else resolved
