"""What a cold browser brought back of a run's page (pure data, reported to the agent)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageRestore:
    """``lost`` names why the page is not the saved one; None when it was brought back."""

    url: str | None
    lost: str | None = None
    other_tabs_dropped: int = 0
    fields_not_restored: str | None = None  # why what was typed on the page is not back

    @property
    def note(self) -> str:
        if self.lost:
            return f"page lost: {self.lost}"
        text = "browser restored from saved state"
        if self.url:
            text += f" at {self.url}"
        if self.other_tabs_dropped:
            text += f"; {self.other_tabs_dropped} other tab(s) could not be restored"
        if self.fields_not_restored:
            text += f"; the page's typed values could not be put back: {self.fields_not_restored}"
        return text
