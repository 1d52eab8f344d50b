"""What the agent sees of a page: interactive elements with short stable ids, and text.

Produced by the browser adapter's snapshot code, read by every engine (the model
prompt, the built-in planner, the script recorder). Pure data.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SelectOption(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: str
    text: str
    selected: bool = False
    disabled: bool = False  # the option (or its optgroup) is disabled: it cannot be chosen


class ElementInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str  # short id, stable for the same element across snapshots of one page
    tag: str
    role: str | None = None
    type: str | None = None
    name: str = ""  # accessible name
    value: str | None = None
    value_length: int | None = None  # the value's full length when ``value`` was cut short
    min: str | None = None  # a slider's range
    max: str | None = None
    checked: bool | None = None
    states: list[str] | None = None  # selected, pressed, expanded, current, active, readonly,
    # multiple (a select that keeps several options)
    disabled: bool = False
    required: bool = False
    options: list[SelectOption] | None = None
    href: str | None = None
    offscreen: bool = False
    frame: str | None = None  # frame path, e.g. "f1" or "f1>f2"; None for the main frame
    group: str | None = None  # radio group name / fieldset legend
    icon: str | None = None  # the icon it shows beside its name, read from the icon's class
    attrs: dict[str, str] = Field(
        default_factory=dict
    )  # stable attributes: name, id, placeholder, ...
    text_offset: int | None = None  # where the element sits in PageSnapshot.text (reading order)


class PageSnapshot(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str
    title: str = ""
    elements: list[ElementInfo] = Field(default_factory=list)
    text: str = ""  # visible text in reading order, trimmed
    # [start, end) spans of ``text`` that lie outside the viewport (or a scrolled box's view)
    offscreen_text: list[tuple[int, int]] = Field(default_factory=list)
    # frames on the page whose content could not be read, each "<frame url>: <why>"
    unread_frames: list[str] = Field(default_factory=list)

    def element(self, element_id: str) -> ElementInfo | None:
        return next((e for e in self.elements if e.id == element_id), None)
