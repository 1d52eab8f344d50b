"""Actions the agent can take on a page: a pydantic union discriminated by ``action_type``.

These models are the one source of the actions: the prompt's action list
(``action_docs``), the reply's JSON schema (``reply_schema``) and the dispatch to
handlers (``handlers``, checked at import) are all generated from ``Action``. A new action
is one model here (a docstring, a ``Field(description=...)`` per field, a member of
``Action``) and one handler registered with ``@handles``.

Models, the built-in planner and the script replayer all speak these. Element-targeted
actions carry ``element_id`` (a snapshot id).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

MAX_WAIT_SECONDS = 10.0
ELEMENT_ID = "an element's [id] on the current page"
OPTIONAL_ELEMENT_ID = "an element's [id]; leave out for the whole page"


class _Action(BaseModel):
    # Models add stray keys; ignoring them beats failing a whole step over one.
    model_config = ConfigDict(extra="ignore")

    reasoning: str | None = Field(default=None, description="why, in a few words")


class _ElementAction(_Action):
    element_id: str = Field(description=ELEMENT_ID)

    @field_validator("element_id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class _OptionalElementAction(_Action):
    element_id: str | None = Field(default=None, description=OPTIONAL_ELEMENT_ID)

    @field_validator("element_id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class ClickAction(_ElementAction):
    """Click an element."""

    action_type: Literal["click"] = "click"


class InputTextAction(_ElementAction):
    """Type into a field (replaces its value)."""

    action_type: Literal["input_text"] = "input_text"
    text: str = Field(description="what to type")

    @field_validator("text", mode="before")
    @classmethod
    def _text_as_str(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value


class SelectOptionAction(_ElementAction):
    """Choose an option of a select or dropdown."""

    action_type: Literal["select_option"] = "select_option"
    option: str = Field(description="its value or label")


class CheckboxAction(_ElementAction):
    """Check or uncheck a checkbox or radio."""

    action_type: Literal["checkbox"] = "checkbox"
    checked: bool = Field(default=True, description="the state wanted")


class UploadFileAction(_ElementAction):
    """Upload a file into a file field (or the button that opens one)."""

    action_type: Literal["upload_file"] = "upload_file"
    file: str = Field(description="its name as the user gave it")


class DownloadFileAction(_ElementAction):
    """Click what downloads a file, and keep the file."""

    action_type: Literal["download_file"] = "download_file"


class HoverAction(_ElementAction):
    """Move the mouse over an element (opens hover menus)."""

    action_type: Literal["hover"] = "hover"


class DragAction(_ElementAction):
    """Drag an element onto another (target_id) or by an offset in pixels."""

    action_type: Literal["drag"] = "drag"
    target_id: str | None = Field(default=None, description="the [id] to drop on")
    offset_x: float = Field(default=0, description="right (negative: left)")
    offset_y: float = Field(default=0, description="down (negative: up)")

    @field_validator("target_id", mode="before")
    @classmethod
    def _target_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class SelectTextAction(_OptionalElementAction):
    """Select (highlight) text, as a drag across it would."""

    action_type: Literal["select_text"] = "select_text"
    text: str = Field(description="the text to select, as the page shows it")
    element_id: str | None = Field(
        default=None, description="the [id] of the element holding it; leave out to search the page"
    )


class ScrollAction(_OptionalElementAction):
    """Scroll the page or an element by most of a screen."""

    action_type: Literal["scroll"] = "scroll"
    direction: Literal["up", "down"] = Field(default="down", description="which way")


class KeypressAction(_OptionalElementAction):
    """Press a key."""

    action_type: Literal["keypress"] = "keypress"
    key: str = Field(description="Enter, Tab, Escape, ArrowDown, Control+A ...")


class GotoUrlAction(_Action):
    """Open a URL."""

    action_type: Literal["goto_url"] = "goto_url"
    url: str = Field(description="http(s) URL or a path on this site")


class GoBackAction(_Action):
    """Go back a page."""

    action_type: Literal["go_back"] = "go_back"


class ReloadAction(_Action):
    """Reload the page."""

    action_type: Literal["reload"] = "reload"


class WaitAction(_Action):
    """Wait for the page to change."""

    action_type: Literal["wait"] = "wait"
    seconds: float = Field(default=2.0, ge=0, description=f"at most {MAX_WAIT_SECONDS:g}")


class VerificationCodeAction(_OptionalElementAction):
    """Type the 2FA code the user sends (without element_id the field is found)."""

    action_type: Literal["verification_code"] = "verification_code"


class ExtractAction(_Action):
    """Save this page's data for the extraction goal; use before leaving each page of a
    multi-page list."""

    action_type: Literal["extract"] = "extract"


class CompleteAction(_Action):
    """The goal is reached (checked after your other actions run)."""

    action_type: Literal["complete"] = "complete"


class TerminateAction(_Action):
    """The goal cannot be reached."""

    action_type: Literal["terminate"] = "terminate"
    reason: str | None = Field(default=None, description="why")


class SolveCaptchaAction(_Action):
    """A CAPTCHA blocks the page."""

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
    | SelectTextAction
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

# The members of the union, in its order: everything generated from the actions reads these.
ACTION_MODELS: tuple[type[_Action], ...] = get_args(get_args(Action)[0])


def action_type_of(model: type[BaseModel]) -> str:
    """The ``action_type`` literal a model is discriminated by."""
    return str(model.model_fields["action_type"].default)


ACTION_TYPES: tuple[str, ...] = tuple(action_type_of(m) for m in ACTION_MODELS)

# Actions after which the page is probably a different one: the rest of a step is skipped.
NAVIGATING_ACTIONS = frozenset({"goto_url", "go_back", "reload"})
CONTROL_ACTIONS = frozenset({"extract", "complete", "terminate"})


def parse_action(data: dict[str, Any]) -> Action:
    return ACTION_ADAPTER.validate_python(data)


def action_params(action: BaseModel) -> dict[str, Any]:
    """The action's own parameters (what was typed, chosen, ...), for the ActionRecord."""
    return action.model_dump(exclude={"action_type", "element_id", "reasoning"}, exclude_none=True)
