"""Metrics that are kept for a test to read."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RecordingMetrics:
    emitted: list[tuple[str, float, str, dict[str, str]]] = field(default_factory=list)

    def emit(self, name: str, value: float, unit: str = "Count", **dimensions: str) -> None:
        self.emitted.append((name, value, unit, dimensions))

    def named(self, name: str) -> list[tuple[float, dict[str, str]]]:
        return [(value, dims) for n, value, _, dims in self.emitted if n == name]
