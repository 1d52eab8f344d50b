"""The acting model's reply: what it sees, what to do now, and whether the goal is reached."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .actions import Action, CompleteAction, TerminateAction
from .json_reply import model_parser

ReplyStatus = Literal["continue", "complete", "terminate"]


class ReportedError(BaseModel):
    model_config = ConfigDict(extra="ignore")

    error_code: str
    reasoning: str = ""


class StepReply(BaseModel):
    model_config = ConfigDict(extra="ignore")

    page_assessment: str = ""
    actions: list[Action] = Field(default_factory=list)
    status: ReplyStatus = "continue"
    extracted: Any = None
    terminate_reason: str | None = None
    errors: list[ReportedError] = Field(default_factory=list)

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
    model_config = ConfigDict(extra="ignore")

    goal_met: bool
    reason: str = ""


parse_verification_reply = model_parser(VerificationReply)
