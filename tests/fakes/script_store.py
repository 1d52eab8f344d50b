"""An in-memory ScriptStore."""

from __future__ import annotations

from stratus.scripts.model import Script


class MemoryScriptStore:
    def __init__(self) -> None:
        self.scripts: dict[tuple[str, str, str], Script] = {}

    def save(self, script: Script) -> None:
        self.scripts[(script.organization_id, script.site, script.goal_key)] = script

    def find(self, organization_id: str, site: str, goal_key: str) -> Script | None:
        return self.scripts.get((organization_id, site, goal_key))

    def list(self, organization_id: str) -> list[Script]:
        own = [s for s in self.scripts.values() if s.organization_id == organization_id]
        return sorted(own, key=lambda s: s.created_at, reverse=True)
