"""Ports to language models: one call (request and reply), and whether a model's provider
keys are set. Re-exported by ``ports``, where services import them from."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, Field


class LLMRequest(BaseModel):
    model: str
    messages: list[dict[str, Any]]
    tools: list[dict[str, Any]] | None = None
    json_mode: bool = False
    # {"name", "schema", "strict"}: the JSON schema the reply must match; sent as structured
    # output where the model takes it, else written into the prompt beside JSON mode
    response_schema: dict[str, Any] | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    timeout_seconds: float = 120.0
    extra: dict[str, Any] = Field(default_factory=dict)


class LLMReply(BaseModel):
    text: str = ""
    tool_calls: list[dict[str, Any]] = Field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0.0
    model: str | None = None
    raw: dict[str, Any] = Field(default_factory=dict)


class LLMError(Exception):
    """The model could not be reached or answered with an error after retries."""


class LLM(Protocol):
    async def complete(self, request: LLMRequest) -> LLMReply: ...

    def sees_images(self, model: str) -> bool:
        """Whether the model reads images (false for a model it does not know)."""


@runtime_checkable
class ModelCredentials(Protocol):
    def missing(self, model: str) -> list[str]:
        """The environment variables ``model``'s provider needs and this process lacks;
        [] when it has them, or when they cannot be known from here (IAM roles, a local
        server, a provider we do not know)."""

    def wait_until_loaded(self) -> None:
        """Return once what ``missing`` reads is loaded (it may load in the background:
        litellm's import is seconds of CPU). Blocks: call it off the event loop."""
