"""Learned scripts: the actions of a completed run, replayable with new facts and no model."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from ..domain.models import utcnow
from ..planner.facts import named_files
from ..planner.text import clean_space


class Locator(BaseModel):
    """How to find an element again: never by its snapshot id alone."""

    model_config = ConfigDict(extra="forbid")

    role: str | None = None
    name: str = ""  # accessible name
    label: str | None = None  # radio/checkbox group, or placeholder / aria-label
    tag: str = ""
    type: str | None = None
    attrs: dict[str, str] = Field(default_factory=dict)  # stable attributes only
    text: str | None = None  # visible text of links and buttons
    frame: str | None = None


class ValueBinding(BaseModel):
    """Where a typed or chosen value comes from on replay."""

    model_config = ConfigDict(extra="forbid")

    fact: str | None = None  # a fact key of the run
    part: str | None = None  # "first" / "last": that half of a full-name fact
    named_file: int | None = None  # the n-th file named in the goal
    literal: str | None = None
    # the first run typed a value its facts did not give (perhaps another user's data):
    # it is not stored, and replay hands that step to the agent
    withheld: bool | None = None


class ScriptAction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action_type: str
    locator: Locator | None = None
    value_binding: ValueBinding | None = None
    params: dict[str, Any] = Field(default_factory=dict)  # other parameters (checked, key, url)
    drop_locator: Locator | None = None  # a drag's drop target (a drag by offset has none)
    expect_url_path: str | None = None  # the page path after this action


class Script(BaseModel):
    model_config = ConfigDict(extra="forbid")

    script_id: str
    organization_id: str
    site: str
    goal_key: str
    steps: list[ScriptAction] = Field(default_factory=list)
    source_run_id: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


def site_of(url: str | None) -> str:
    """scheme://host[:port]/path of the start URL: the query and fragment do not count."""
    if not url:
        return ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path or '/'}"


def goal_key(goal: str, facts: dict[str, str]) -> str:
    """The goal with fact values replaced by {key} placeholders, normalised."""
    text = goal or ""
    for key, value in sorted(facts.items(), key=lambda kv: -len(kv[1])):
        if value:
            text = re.sub(re.escape(value), "{" + key.lower() + "}", text, flags=re.IGNORECASE)
    for name in named_files(text, {}):
        text = text.replace(name, "{file}")
    return clean_space(text).lower().rstrip(" .")
