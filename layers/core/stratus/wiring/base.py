"""What every part of the container shares: the settings, the overrides tests inject, and
the choice of the AWS adapters."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ..config import Settings
from ..ports import Clock
from ..services.clock import SystemClock

if TYPE_CHECKING:
    from ..adapters.aws import AwsAdapters

T = TypeVar("T")


@dataclass
class ContainerBase:
    settings: Settings
    # a part given by name instead of built (tests pass fakes: ``store=InMemoryRunStore()``)
    overrides: dict[str, Any] = field(default_factory=dict)

    def _get(self, name: str, build: Callable[[], T]) -> T:
        if name in self.overrides:
            # an injected part is taken to stand for the port of the part it replaces
            return cast(T, self.overrides[name])
        return build()

    @property
    def on_aws(self) -> bool:
        return self.settings.mode == "aws"

    @cached_property
    def owner(self) -> str:
        given: str | None = self.overrides.get("owner")
        return given or f"worker-{secrets.token_hex(4)}"

    @cached_property
    def clock(self) -> Clock:
        return self._get("clock", SystemClock)

    @cached_property
    def aws(self) -> AwsAdapters:
        """The AWS adapters (mode "aws" only), built once per process."""
        from ..adapters.aws import build_aws_adapters

        return build_aws_adapters(self.settings)
