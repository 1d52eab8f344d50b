"""Run a list of actions on the page, one ActionRecord each.

Used by the step agent, the model-free planner and the script replayer. Execution stops
after a failed action or one that changed the page; the rest are recorded as skipped so
the next step plans against the new page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..domain.engine import StepArtifact, StepOutcome
from ..domain.error_text import first_line
from ..domain.models import ActionRecord, DownloadedFile, Run
from ..domain.snapshot import PageSnapshot
from ..ports import BrowserSession, VerificationCodes
from .action_errors import ActionFailed
from .actions import CONTROL_ACTIONS, NAVIGATING_ACTIONS, Action, action_params
from .handlers import HANDLERS, ActionEnv, StaleElement
from .secret_fields import MASK, is_secret_field, scrub, sensitive_values
from .targets import ElementNotFound, settle

SKIPPED_ERROR = "not run: an earlier action in this step failed or changed the page"


@dataclass
class ExecutionResult:
    records: list[ActionRecord] = field(default_factory=list)
    downloaded_files: list[DownloadedFile] = field(default_factory=list)
    artifacts: list[StepArtifact] = field(default_factory=list)
    terminate_reason: str | None = None  # set when an action found the run cannot go on
    page_changed: bool = False
    executed: int = 0  # actions that ran (not skipped)
    # values typed into password / one-time-code fields: never in records, masked elsewhere
    secrets: set[str] = field(default_factory=set)

    @property
    def all_succeeded(self) -> bool:
        return all(r.success for r in self.records)

    @property
    def first_failure(self) -> ActionRecord | None:
        return next((r for r in self.records if not r.success), None)

    def add_to(self, outcome: StepOutcome) -> None:
        """The step's outcome keeps the actions' records, downloads and artifacts."""
        outcome.actions.extend(self.records)
        outcome.downloaded_files.extend(self.downloaded_files)
        outcome.artifacts.extend(self.artifacts)


async def execute_actions(
    session: BrowserSession,
    actions: list[Action],
    *,
    snapshot: PageSnapshot,
    files_dir: str,
    codes: VerificationCodes | None = None,
    run: Run | None = None,
    settle_timeout_ms: int = 3000,
    verification_timeout_seconds: float = 60,
) -> ExecutionResult:
    env = ActionEnv(
        session=session,
        snapshot=snapshot,
        files_dir=files_dir,
        codes=codes,
        run=run,
        verification_timeout_seconds=verification_timeout_seconds,
    )
    result = ExecutionResult()
    stop = False
    sensitive = sensitive_values(run.spec.facts, run.spec.sensitive_fields) if run else set()
    for action in actions:
        secret = _secret_typed(action, snapshot, sensitive)
        record = _new_record(action, snapshot, typed_secret=secret is not None)
        if secret:
            result.secrets.add(secret)
            fact = _fact_of(secret, run)
            if fact:
                record.params["fact"] = fact  # so a script made from the run can type it
        if stop:
            record.success, record.error = False, SKIPPED_ERROR
            record.params["skipped"] = True
            result.records.append(record)
            continue
        journal = getattr(session, "journal", None)
        journaled = journal is not None and action.action_type not in CONTROL_ACTIONS
        if journaled and journal is not None:
            journal.begin(record.action_type, record.params)
        changed = await _run_one(env, action, record, settle_timeout_ms)
        if secret:
            _mask_after(record, secret)
        if journaled and journal is not None:
            journal.end()
        result.records.append(record)
        result.executed += 1
        result.page_changed = result.page_changed or changed
        if env.terminate_reason or not record.success or changed:
            stop = True
    result.terminate_reason = env.terminate_reason
    for downloaded, artifact in env.downloads:
        result.downloaded_files.append(downloaded)
        result.artifacts.append(artifact)
    return result


def _new_record(action: Action, snapshot: PageSnapshot, *, typed_secret: bool) -> ActionRecord:
    element_id = getattr(action, "element_id", None)
    params = action_params(action)
    target = snapshot.element(element_id) if element_id else None
    if target is not None:
        params["target"] = target.model_dump(exclude_none=True)
        if action.action_type == "input_text" and (typed_secret or is_secret_field(target)):
            params["text"] = MASK  # masked at the source: no later path sees the value
            params["masked"] = True
    drop_id = getattr(action, "target_id", None)  # a drag's drop target: kept like the target
    drop = snapshot.element(drop_id) if drop_id else None
    if drop is not None:
        params["drop_target"] = drop.model_dump(exclude_none=True)
    return ActionRecord(
        action_type=action.action_type,
        element_id=element_id,
        reasoning=action.reasoning,
        params=params,
    )


def _secret_typed(action: Action, snapshot: PageSnapshot, sensitive: set[str]) -> str | None:
    """The value an input_text action types into a secret field, or that is a payload
    value marked sensitive, else None."""
    if action.action_type != "input_text":
        return None
    text = str(getattr(action, "text", ""))
    if text and text in sensitive:
        return text
    element_id = getattr(action, "element_id", None)
    if not element_id or not is_secret_field(snapshot.element(element_id)):
        return None
    return text or None


def _fact_of(value: str, run: Run | None) -> str | None:
    """The payload or goal fact whose value was typed (its key, never the value)."""
    if run is None:
        return None
    from ..planner.facts import parse_facts

    facts = parse_facts(run.spec.goal, run.spec.facts)
    return next((key for key, fact in facts.items() if fact == value), None)


def _mask_after(record: ActionRecord, secret: str) -> None:
    """What the page or Playwright said about a secret field, with its value masked."""
    if "value_after" in record.params:
        record.params["value_after"] = MASK if record.params["value_after"] else ""
    record.params = scrub(record.params, {secret})
    if record.error:
        record.error = scrub(record.error, {secret})


async def _run_one(
    env: ActionEnv, action: Action, record: ActionRecord, settle_timeout_ms: int
) -> bool:
    """Run one action, fill in its record; True when the page changed under it."""
    page_before = env.page
    url_before = page_before.url
    element_id = getattr(action, "element_id", None)
    target = env.snapshot.element(element_id) if element_id else None
    pending: list[Any] = []

    def on_download(download: Any) -> None:
        pending.append(download)

    page_before.on("download", on_download)
    try:
        if element_id and target is None:
            raise ActionFailed(f"element id {element_id!r} is not on the page")
        record.params.update(await HANDLERS.handler_for(action)(env, action, target))
        if element_id in env.resolved:
            record.params["resolved_id"] = env.resolved[element_id]  # re-rendered, found again
        if record.element_id is None and "target" in record.params:
            record.element_id = record.params["target"].get("id")  # a field the agent found
    except ActionFailed as error:
        record.success, record.error = False, str(error)
    except StaleElement as error:
        record.success, record.error = False, error.reason()
    except ElementNotFound:
        record.success = False
        record.error = f"element id {element_id!r} no longer exists on the page"
    except Exception as error:  # Playwright errors: keep the first, most telling line
        record.success, record.error = False, _action_error(error)
    if action.action_type not in CONTROL_ACTIONS:
        await settle(env.page, settle_timeout_ms)
    page_before.remove_listener("download", on_download)
    for download in pending:
        if id(download) not in env.saved_download_ids:
            try:
                downloaded = await env.keep_download(download)
                record.params.setdefault("downloaded", []).append(downloaded.filename)
            except ActionFailed as error:
                record.success, record.error = False, str(error)
    page_after = env.page
    if page_after is not page_before:
        record.params["new_tab_url"] = page_after.url
        return True
    if page_after.url != url_before:
        record.params["url_after"] = page_after.url
        return True
    return record.success and action.action_type in NAVIGATING_ACTIONS


_REASONS = (
    "intercepts pointer events",
    "element is not visible",
    "element is not enabled",
    "element is not editable",
    "element is outside of the viewport",
    "element is not attached",
    "not a checkbox or radio",
    "not an <input>",
    "Element is not an",
)


def _action_error(error: Exception) -> str:
    """Playwright's first line, plus the call-log line that says why (e.g. what covers it)."""
    first = first_line(error).strip(" -")
    if type(error).__name__ not in first:
        first = f"{type(error).__name__}: {first}"
    lines = [line.strip(" -") for line in str(error).strip().splitlines()]
    why = next((line for line in reversed(lines[1:]) if any(r in line for r in _REASONS)), None)
    return f"{first} ({why})" if why else first
