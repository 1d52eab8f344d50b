"""The acting model's reply: what it sees, what to do now, and whether the goal is reached."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .actions import Action, CompleteAction, TerminateAction
from .json_reply import model_parser

ReplyStatus = Literal["continue", "complete", "terminate"]


class ReportedError(BaseModel):
    """An error code of the task that applies to the page."""

    model_config = ConfigDict(extra="ignore")

    error_code: str = Field(description="one of the task's ERROR CODES")
    reasoning: str = Field(default="", description="why it applies, in a few words")


class StepReply(BaseModel):
    """One turn of the acting model: what it sees, what to do now, whether the goal is met."""

    model_config = ConfigDict(extra="ignore")

    page_assessment: str = Field(default="", description="one sentence: what the page shows now")
    actions: list[Action] = Field(
        default_factory=list, description="what to do on this page, in order"
    )
    status: ReplyStatus = Field(default="continue", description="whether the goal is reached")
    extracted: Any = Field(
        default=None,
        description="data the extraction goal asks for, seen on this page, else null",
    )
    terminate_reason: str | None = Field(
        default=None, description="why the goal cannot be reached, else null"
    )
    errors: list[ReportedError] = Field(
        default_factory=list, description="error codes of the task that apply"
    )

    @field_validator("errors", mode="before")
    @classmethod
    def _codes_as_objects(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"error_code": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("status", mode="before")
    @classmethod
    def _status_lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _status_from_control_actions(self) -> StepReply:
        """A ``complete``/``terminate`` action means the same as the status field."""
        for action in self.actions:
            if isinstance(action, TerminateAction):
                self.status = "terminate"
                self.terminate_reason = self.terminate_reason or action.reason
            elif isinstance(action, CompleteAction) and self.status == "continue":
                self.status = "complete"
        if self.status == "terminate" and not self.terminate_reason:
            self.terminate_reason = self.page_assessment or "the model gave up without a reason"
        return self


parse_step_reply = model_parser(StepReply)


class VerificationReply(BaseModel):
    """Whether the page shows the task's goal is met."""

    model_config = ConfigDict(extra="ignore")

    goal_met: bool = Field(description="true when the page shows the goal is done")
    reason: str = Field(default="", description="one sentence: why")


parse_verification_reply = model_parser(VerificationReply)
