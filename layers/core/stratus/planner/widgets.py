"""Custom dropdowns (role=combobox without a native <select>): open, then pick the option."""

from __future__ import annotations

from ..agent.actions import Action, ClickAction
from ..agent.executor import execute_actions
from ..agent.snapshot import take_snapshot
from ..domain.models import ActionRecord
from ..domain.snapshot import ElementInfo, PageSnapshot
from ..ports import StepContext
from .options import best_option

OPTION_ROLES = ("option", "menuitem", "menuitemradio", "treeitem")


async def _run(
    ctx: StepContext, actions: list[Action], snapshot: PageSnapshot
) -> list[ActionRecord]:
    result = await execute_actions(
        ctx.browser, actions, snapshot=snapshot, files_dir=ctx.files_dir, run=ctx.run
    )
    return result.records


async def choose_in_comboboxes(
    ctx: StepContext, snapshot: PageSnapshot, wanted: list[tuple[ElementInfo, str]]
) -> tuple[list[ActionRecord], PageSnapshot]:
    records: list[ActionRecord] = []
    for combobox, value in wanted:
        records += await _run(
            ctx, [ClickAction(element_id=combobox.id, reasoning="open")], snapshot
        )
        snapshot = await take_snapshot(ctx.browser.page)
        options = [e for e in snapshot.elements if e.role in OPTION_ROLES and not e.disabled]
        index = best_option(value, [(o.name, o.attrs.get("data-value")) for o in options])
        if index is None:
            records.append(
                ActionRecord(
                    action_type="select_option",
                    element_id=combobox.id,
                    params={"option": value},
                    success=False,
                    error=f"no option like {value!r} in the list",
                )
            )
            continue
        records += await _run(
            ctx, [ClickAction(element_id=options[index].id, reasoning=f"choose {value}")], snapshot
        )
        snapshot = await take_snapshot(ctx.browser.page)
    return records, snapshot
