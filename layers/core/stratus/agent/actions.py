"""Actions the agent can take on a page: a pydantic union discriminated by ``action_type``.

Models, the built-in planner and the script replayer all speak these. Element-targeted
actions carry ``element_id`` (a snapshot id).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

MAX_WAIT_SECONDS = 10.0


class _Action(BaseModel):
    # Models add stray keys; ignoring them beats failing a whole step over one.
    model_config = ConfigDict(extra="ignore")

    reasoning: str | None = None


class _ElementAction(_Action):
    element_id: str

    @field_validator("element_id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class _OptionalElementAction(_Action):
    element_id: str | None = None

    @field_validator("element_id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class ClickAction(_ElementAction):
    action_type: Literal["click"] = "click"


class InputTextAction(_ElementAction):
    action_type: Literal["input_text"] = "input_text"
    text: str

    @field_validator("text", mode="before")
    @classmethod
    def _text_as_str(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value


class SelectOptionAction(_ElementAction):
    action_type: Literal["select_option"] = "select_option"
    option: str  # an option's value or its label (matched loosely)


class CheckboxAction(_ElementAction):
    action_type: Literal["checkbox"] = "checkbox"
    checked: bool = True


class UploadFileAction(_ElementAction):
    action_type: Literal["upload_file"] = "upload_file"
    file: str  # a file name or path under the run's files directory


class DownloadFileAction(_ElementAction):
    action_type: Literal["download_file"] = "download_file"


class HoverAction(_ElementAction):
    action_type: Literal["hover"] = "hover"


class DragAction(_ElementAction):
    """Drag an element onto another element (``target_id``) or by an offset in pixels."""

    action_type: Literal["drag"] = "drag"
    target_id: str | None = None
    offset_x: float = 0
    offset_y: float = 0

    @field_validator("target_id", mode="before")
    @classmethod
    def _target_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class ScrollAction(_OptionalElementAction):
    action_type: Literal["scroll"] = "scroll"
    direction: Literal["up", "down"] = "down"


class KeypressAction(_OptionalElementAction):
    action_type: Literal["keypress"] = "keypress"
    key: str  # Playwright key name: Enter, Tab, Escape, ArrowDown, Control+A ...


class GotoUrlAction(_Action):
    action_type: Literal["goto_url"] = "goto_url"
    url: str


class GoBackAction(_Action):
    action_type: Literal["go_back"] = "go_back"


class ReloadAction(_Action):
    action_type: Literal["reload"] = "reload"


class WaitAction(_Action):
    action_type: Literal["wait"] = "wait"
    seconds: float = Field(default=2.0, ge=0)


class VerificationCodeAction(_OptionalElementAction):
    """Type a 2FA code from the run's code source; without element_id the field is found."""

    action_type: Literal["verification_code"] = "verification_code"


class ExtractAction(_Action):
    action_type: Literal["extract"] = "extract"


class CompleteAction(_Action):
    action_type: Literal["complete"] = "complete"


class TerminateAction(_Action):
    action_type: Literal["terminate"] = "terminate"
    reason: str | None = None


class SolveCaptchaAction(_Action):
    action_type: Literal["solve_captcha"] = "solve_captcha"


Action = Annotated[
    ClickAction
    | InputTextAction
    | SelectOptionAction
    | CheckboxAction
    | UploadFileAction
    | DownloadFileAction
    | HoverAction
    | DragAction
    | ScrollAction
    | KeypressAction
    | GotoUrlAction
    | GoBackAction
    | ReloadAction
    | WaitAction
    | VerificationCodeAction
    | ExtractAction
    | CompleteAction
    | TerminateAction
    | SolveCaptchaAction,
    Field(discriminator="action_type"),
]

ACTION_ADAPTER: TypeAdapter[Action] = TypeAdapter(Action)

ACTION_TYPES: tuple[str, ...] = (
    "click",
    "input_text",
    "select_option",
    "checkbox",
    "upload_file",
    "download_file",
    "hover",
    "drag",
    "scroll",
    "keypress",
    "goto_url",
    "go_back",
    "reload",
    "wait",
    "verification_code",
    "extract",
    "complete",
    "terminate",
    "solve_captcha",
)

# Actions after which the page is probably a different one: the rest of a step is skipped.
NAVIGATING_ACTIONS = frozenset({"goto_url", "go_back", "reload"})
CONTROL_ACTIONS = frozenset({"extract", "complete", "terminate"})


def parse_action(data: dict[str, Any]) -> Action:
    return ACTION_ADAPTER.validate_python(data)


def action_params(action: BaseModel) -> dict[str, Any]:
    """The action's own parameters (what was typed, chosen, ...), for the ActionRecord."""
    return action.model_dump(exclude={"action_type", "element_id", "reasoning"}, exclude_none=True)
