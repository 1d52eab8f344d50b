"""The computer-use engines: openai-cua, anthropic-cua and ui-tars.

Each is the shared screenshot-in, coordinate-actions-out step (``cua_loop``) over one
provider's wire format. The composition root builds them with no arguments.
"""

from __future__ import annotations

from .cua_anthropic import AnthropicComputerUse
from .cua_loop import SETTLE_MS, CuaEngine
from .cua_openai import OpenAIComputerUse
from .cua_uitars import CoordinateSpace, UiTarsComputerUse

__all__ = ["AnthropicCuaEngine", "CuaEngine", "OpenAICuaEngine", "UiTarsEngine"]


class OpenAICuaEngine(CuaEngine):
    provider = OpenAIComputerUse()


class AnthropicCuaEngine(CuaEngine):
    provider = AnthropicComputerUse()


class UiTarsEngine(CuaEngine):
    def __init__(
        self, *, coordinates: CoordinateSpace = "relative", settle_ms: int = SETTLE_MS
    ) -> None:
        super().__init__(UiTarsComputerUse(coordinates), settle_ms=settle_ms)
