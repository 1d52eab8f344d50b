"""Build a script from a completed run's steps, binding typed values back to their facts."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..domain.ids import new_id
from ..domain.models import ActionRecord, Run, Step
from ..domain.snapshot import ElementInfo
from ..planner.facts import named_files, parse_facts
from ..planner.matching import split_name, with_joined_names
from ..planner.options import best_option
from ..planner.synonyms import concept_of
from ..planner.text import norm
from .locators import locator_for
from .model import Script, ScriptAction, ValueBinding, goal_key, site_of

REPLAYABLE = {
    "click",
    "input_text",
    "select_option",
    "checkbox",
    "upload_file",
    "keypress",
    "hover",
    "drag",
}
# actions a replay cannot repeat and whose absence it would not notice (the page it checks
# looks the same without a selection, a download or a code typed): a run that did one is not
# learned, so the next run of its goal is the agent's rather than a replay that skips it
UNLEARNABLE = {"select_text", "download_file", "verification_code", "solve_captcha"}
# parameters replayed as recorded (a drag by offset keeps its offsets; ids never are)
_KEPT_PARAMS = ("checked", "key", "offset_x", "offset_y")
VALUE_PARAM = {"input_text": "text", "select_option": "option", "upload_file": "file"}


def build_script(run: Run, steps: list[Step]) -> Script | None:
    facts = parse_facts(run.spec.goal, run.spec.facts)
    files = named_files(run.spec.goal, facts)
    actions: list[ScriptAction] = []
    ordered = sorted(steps, key=lambda s: (s.order, s.retry_index))
    records = [r for step in ordered for r in step.actions]
    if any(r.action_type in UNLEARNABLE and r.success for r in records):
        return None
    for record in records:
        action = _script_action(record, facts, files, run.spec.goal)
        if action is not None:
            actions.append(action)
    if not actions:
        return None
    return Script(
        script_id=new_id("scr"),
        organization_id=run.organization_id,
        site=site_of(run.spec.url),
        goal_key=goal_key(run.spec.goal, facts),
        steps=actions,
        source_run_id=run.run_id,
    )


def _script_action(
    record: ActionRecord, facts: dict[str, str], files: list[str], goal: str
) -> ScriptAction | None:
    if record.action_type not in REPLAYABLE or not record.success or record.params.get("skipped"):
        return None
    target = record.params.get("target")
    if not isinstance(target, dict):
        return None
    element = ElementInfo.model_validate(target)
    binding = None
    if record.params.get("masked"):  # a secret: bound to the fact it came from, or withheld
        fact = record.params.get("fact")
        binding = ValueBinding(fact=fact) if fact in facts else ValueBinding(withheld=True)
    elif record.action_type in VALUE_PARAM:
        value = str(record.params.get(VALUE_PARAM[record.action_type], ""))
        binding = bind_value(record.action_type, value, element, facts, files, goal)
    extra: dict[str, Any] = {k: record.params[k] for k in _KEPT_PARAMS if k in record.params}
    drop = record.params.get("drop_target")
    drop_locator = locator_for(ElementInfo.model_validate(drop)) if isinstance(drop, dict) else None
    if record.action_type == "drag" and drop_locator is None and record.params.get("target_id"):
        return None  # dropped on an element not recorded: its snapshot id would not replay
    url_after = record.params.get("url_after") or record.params.get("new_tab_url")
    return ScriptAction(
        action_type=record.action_type,
        locator=locator_for(element),
        value_binding=binding,
        params=extra,
        drop_locator=drop_locator,
        expect_url_path=urlsplit(url_after).path if url_after else None,
    )


def bind_value(
    action_type: str,
    value: str,
    element: ElementInfo,
    facts: dict[str, str],
    files: list[str],
    goal: str = "",
) -> ValueBinding:
    if action_type == "upload_file":
        name = value.rsplit("/", 1)[-1]
        if name in files:
            return ValueBinding(named_file=files.index(name))
        return ValueBinding(withheld=True)
    everything = with_joined_names(facts)
    for key, fact_value in everything.items():
        if norm(fact_value) == norm(value) and key in facts:
            return ValueBinding(fact=key)
    if action_type == "select_option" and element.options:
        options = [(o.text, o.value) for o in element.options]
        chosen = next(
            (i for i, o in enumerate(element.options) if value in (o.value, o.text)), None
        )
        for key, fact_value in facts.items():
            if chosen is not None and best_option(fact_value, options) == chosen:
                return ValueBinding(fact=key)
    for key, fact_value in facts.items():
        if concept_of(key) == "full_name" or (concept_of(key) is None and " " in fact_value):
            for part in ("first", "last"):
                if norm(split_name(fact_value, part)) == norm(value):
                    return ValueBinding(fact=key, part=part)
    return literal_if_safe(action_type, value, element, goal)


def literal_if_safe(action_type: str, value: str, element: ElementInfo, goal: str) -> ValueBinding:
    """Keep a value no fact gave only when every run of this script would type it too:
    it is in the goal text (part of the script's key) or it is one of the field's own
    options. Anything else may be the first user's data and is withheld."""
    in_goal = bool(norm(value)) and norm(value) in norm(goal)
    is_option = action_type == "select_option" and any(
        value in (o.value, o.text) for o in element.options or []
    )
    return ValueBinding(literal=value) if in_goal or is_option else ValueBinding(withheld=True)


def bound_value(binding: ValueBinding | None, facts: dict[str, str], files: list[str]) -> Any:
    """The value for this run; None when the run lacks the fact the script needs."""
    if binding is None:
        return None
    if binding.named_file is not None:
        return files[binding.named_file] if binding.named_file < len(files) else None
    if binding.fact is not None:
        value = facts.get(binding.fact)
        if value is None:
            return None
        return split_name(value, binding.part) if binding.part else value
    return binding.literal
