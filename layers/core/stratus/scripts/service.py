"""Learned scripts per organization, keyed by site and normalised goal."""

from __future__ import annotations

from ..domain.models import Run, Step
from ..planner.facts import parse_facts
from ..ports import Clock, ScriptStore
from .model import Script, goal_key, site_of
from .recorder import build_script


class ScriptService:
    def __init__(self, store: ScriptStore, clock: Clock | None = None) -> None:
        self._store = store
        self._clock = clock

    async def record(self, run: Run, steps: list[Step]) -> Script | None:
        """Learn a script from a completed run; None when it did nothing replayable."""
        script = build_script(run, steps)
        if script is None:
            return None
        if self._clock is not None:
            script = script.model_copy(update={"created_at": self._clock.now()})
        self._store.save(script)
        return script

    def find_for(self, run: Run) -> Script | None:
        facts = parse_facts(run.spec.goal, run.spec.facts)
        return self._store.find(
            run.organization_id, site_of(run.spec.url), goal_key(run.spec.goal, facts)
        )

    def list(self, organization_id: str) -> list[Script]:
        return self._store.list(organization_id)
