"""The executor acting on a live page, as the step agent does: against the snapshot read
last, whose ids a re-render may since have made stale."""

from __future__ import annotations

from typing import Any

from stratus.agent.actions import parse_action
from stratus.agent.executor import execute_actions
from stratus.agent.snapshot import take_snapshot
from stratus.domain.models import ActionRecord
from stratus.domain.snapshot import PageSnapshot


class PageTools:
    def __init__(self, session: Any, files_dir: str) -> None:
        self.session = session
        self.files_dir = files_dir
        self.snapshot: PageSnapshot | None = None

    async def read(self) -> PageSnapshot:
        self.snapshot = await take_snapshot(self.session.page)
        return self.snapshot

    def id_of(self, name: str) -> str:
        """The first element of the snapshot read last with this name."""
        assert self.snapshot is not None
        found = [e.id for e in self.snapshot.elements if e.name == name]
        assert found, (name, [e.name for e in self.snapshot.elements])
        return found[0]

    async def run(self, *actions: dict[str, Any]) -> list[ActionRecord]:
        """Runs the actions against the snapshot read last."""
        assert self.snapshot is not None
        result = await execute_actions(
            self.session,
            [parse_action(a) for a in actions],
            snapshot=self.snapshot,
            files_dir=self.files_dir,
            settle_timeout_ms=1000,
        )
        return result.records

    async def run_by_name(self, *actions: dict[str, Any]) -> list[ActionRecord]:
        """Reads the page, then runs the actions, an ``*_id`` given as ``"@Name"`` standing
        for the first element of that name."""
        await self.read()
        return await self.run(
            *(
                {
                    k: self.id_of(v[1:]) if k.endswith("_id") and v.startswith("@") else v
                    for k, v in action.items()
                }
                for action in actions
            )
        )

    async def text(self, selector: str) -> str:
        return (await self.session.page.locator(selector).inner_text()).strip()
