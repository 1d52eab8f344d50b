"""What one engine step returns: pure data the execution service applies to the run."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .models import ActionRecord, DownloadedFile

Decision = Literal["continue", "complete", "terminate", "fail"]


class StepArtifact(BaseModel):
    """A file produced by a step: screenshot, page snapshot, model prompt or reply."""

    model_config = ConfigDict(extra="forbid")

    name: str  # e.g. "screenshot.png", "snapshot.json", "llm_prompt.json"
    content_type: str
    data: bytes
    is_screenshot: bool = False


class StepOutcome(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Decision = "continue"
    actions: list[ActionRecord] = Field(default_factory=list)
    output: Any = None  # extracted data so far; kept even when the run fails
    summary: str | None = None
    failure_reason: str | None = None
    errors: list[dict[str, Any]] = Field(default_factory=list)
    url: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0.0
    model_calls: int = 0
    engine_state: dict[str, Any] | None = None  # replaces the run's engine_state when set
    downloaded_files: list[DownloadedFile] = Field(default_factory=list)
    artifacts: list[StepArtifact] = Field(default_factory=list)
    ai_fallback_triggered: bool = False
