"""CPU time a process and its descendants have used, read from /proc (Linux).

The write-path figures are throughputs on a shared machine; the CPU the server itself spends
per request does not depend on what else runs, so it is printed beside them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class CpuSample:
    own: float  # seconds of user + system time of the process itself
    by_descendant: dict[int, float]  # the same for each live descendant (browsers, drivers)


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a live process, or None once it has gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rpartition(")")[2].split()  # after the command name, which may hold spaces
    parent, user, system = int(fields[1]), int(fields[11]), int(fields[12])
    return parent, (user + system) / TICKS_PER_SECOND


def sample(pid: int) -> CpuSample | None:
    """None where /proc is missing (not Linux): the figures are then left out."""
    if not Path("/proc/self/stat").exists():
        return None
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            stats[int(entry.name)] = stat
    own = stats.get(pid, (0, 0.0))[1]
    children: dict[int, list[int]] = {}
    for child, (parent, _) in stats.items():
        children.setdefault(parent, []).append(child)
    by_descendant: dict[int, float] = {}
    stack = list(children.get(pid, []))
    while stack:
        current = stack.pop()
        by_descendant[current] = stats[current][1]
        stack += children.get(current, [])
    return CpuSample(own, by_descendant)


def descendants_seconds(before: CpuSample, after: CpuSample) -> float:
    """CPU seconds the descendants used between two samples: what each one alive at the
    second used since the first (all of it if it started since). A descendant that ended
    in between is left out (its time is no longer readable), so this is a lower bound;
    a difference of totals would count its earlier time as negative."""
    return sum(
        seconds - before.by_descendant.get(pid, 0.0) for pid, seconds in after.by_descendant.items()
    )


def per_request_ms(
    before: CpuSample | None, after: CpuSample | None, requests: int
) -> float | None:
    """The process's own CPU milliseconds per request between two samples."""
    if before is None or after is None or not requests:
        return None
    return round((after.own - before.own) * 1000 / requests, 3)
