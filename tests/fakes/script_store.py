"""An in-memory ScriptStore."""

from __future__ import annotations

from stratus.scripts.model import Script


class MemoryScriptStore:
    def __init__(self) -> None:
        self.scripts: dict[tuple[str, str, str], Script] = {}

    def save(self, script: Script) -> None:
        # Copies both ways, as a real store keeps what was saved, not the caller's object.
        key = (script.organization_id, script.site, script.goal_key)
        self.scripts[key] = script.model_copy(deep=True)

    def find(self, organization_id: str, site: str, goal_key: str) -> Script | None:
        found = self.scripts.get((organization_id, site, goal_key))
        return found.model_copy(deep=True) if found else None

    def list(self, organization_id: str) -> list[Script]:
        own = [s for s in self.scripts.values() if s.organization_id == organization_id]
        newest_first = sorted(own, key=lambda s: s.created_at, reverse=True)
        return [s.model_copy(deep=True) for s in newest_first]
