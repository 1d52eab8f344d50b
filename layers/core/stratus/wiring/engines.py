"""The engines a run can name, the model port, and what drives runs' steps: the execution
service and, locally, the worker. An engine or litellm is imported on first use only, so
the API process never imports Playwright."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..config import Settings
from ..domain.models import Run
from ..ports import LLM, Engine, LLMReply, LLMRequest
from ..services.engines import BUILTIN, REPLAY, EngineRegistry
from .browsers import BrowserParts

if TYPE_CHECKING:
    from ..adapters.local_worker import LocalWorker
    from ..scripts.service import ScriptService
    from ..services.execution import ExecutionService


@runtime_checkable
class _Subscribable(Protocol):
    def subscribe(self, callback: Callable[[Run], None]) -> None: ...


class LazyLLM:
    """The model port over litellm, imported when a model is first called."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._llm: LLM | None = None

    def _model(self) -> LLM:
        if self._llm is None:
            from ..adapters.litellm_llm import LiteLLM

            self._llm = LiteLLM(max_retries=self._settings.llm_max_retries)
        return self._llm

    async def complete(self, request: LLMRequest) -> LLMReply:
        return await self._model().complete(request)

    def sees_images(self, model: str) -> bool:
        return self._model().sees_images(model)


def engine_factories(
    settings: Settings, scripts: ScriptService | None
) -> dict[str, Callable[[], Engine]]:
    """Engine key -> a builder of that engine."""

    def step_agent() -> Engine:
        from ..agent.step_agent import StepAgent

        return StepAgent()

    def builtin_planner() -> Engine:
        from ..planner.engine import BuiltinPlanner

        return BuiltinPlanner()

    def planner_v2() -> Engine:
        from ..engines.v2 import TaskV2Engine

        return TaskV2Engine()

    def openai_cua() -> Engine:
        from ..engines.cua import OpenAICuaEngine

        return OpenAICuaEngine()

    def anthropic_cua() -> Engine:
        from ..engines.cua import AnthropicCuaEngine

        return AnthropicCuaEngine()

    def ui_tars() -> Engine:
        from ..engines.cua import UiTarsEngine

        return UiTarsEngine(coordinates=settings.ui_tars_coordinates)

    factories: dict[str, Callable[[], Engine]] = {
        "skyvern-1.0": step_agent,
        BUILTIN: builtin_planner,
        "skyvern-2.0": planner_v2,
        "openai-cua": openai_cua,
        "anthropic-cua": anthropic_cua,
        "ui-tars": ui_tars,
    }
    if scripts is not None:
        learned = scripts

        def replay() -> Engine:
            from ..scripts.replay import ReplayEngine

            return ReplayEngine(learned, step_agent() if settings.model else None)

        factories[REPLAY] = replay
    return factories


class EngineParts(BrowserParts):
    @cached_property
    def scripts(self) -> ScriptService | None:
        """Learned scripts (None on AWS without their table)."""

        def build() -> ScriptService | None:
            from ..scripts.service import ScriptService

            if self.on_aws:
                store = self.aws.scripts
                return ScriptService(store, self.clock) if store is not None else None
            from ..adapters.sqlite_scripts import SqliteScriptStore

            return ScriptService(
                SqliteScriptStore(self.settings.data_dir / "stratus.db"), self.clock
            )

        return self._get("scripts", build)

    @cached_property
    def engines(self) -> EngineRegistry:
        return self._get(
            "engines",
            lambda: EngineRegistry(self.settings, engine_factories(self.settings, self.scripts)),
        )

    @cached_property
    def llm(self) -> LLM | None:
        """The model port; None (given by tests) where no model is ever called."""
        return self._get("llm", lambda: LazyLLM(self.settings))

    @cached_property
    def execution(self) -> ExecutionService:
        def build() -> ExecutionService:
            from ..services.execution import ExecutionService

            return ExecutionService(
                store=self.store,
                lifecycle=self.lifecycle,
                engines=self.engines,
                browser=self.browser,
                llm=self.llm,
                codes=self.codes,
                artifacts=self.artifacts,
                clock=self.clock,
                settings=self.settings,
                owner=self.owner,
                on_completed=self.scripts.record if self.scripts is not None else None,
                metrics=self.metrics,
                # on AWS a step's files folder is its own: uploads are copied in from S3
                uploads=self.uploads if self.on_aws else None,
            )

        return self._get("execution", build)

    @cached_property
    def worker(self) -> LocalWorker:
        """Drives this process's runs (local mode), as the local orchestrator hands them."""

        def build() -> LocalWorker:
            from ..adapters.local_orchestrator import LocalOrchestrator
            from ..adapters.local_worker import LocalWorker

            orchestrator = self.orchestrator
            worker = LocalWorker(
                store=self.store,
                execution=self.execution,
                webhooks=self.webhooks,
                concurrency=self.settings.workers,
                poll_interval=self.settings.poll_interval_seconds,
                admit_waiting=self.admission.admit_waiting,
                orchestrator=orchestrator if isinstance(orchestrator, LocalOrchestrator) else None,
            )
            if isinstance(self.events, _Subscribable):
                self.events.subscribe(worker.wake)
            return worker

        return self._get("worker", build)
