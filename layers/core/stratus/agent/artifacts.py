"""What a step leaves behind for people debugging a run: screenshot, snapshot, prompt, reply."""

from __future__ import annotations

import base64
import json
from typing import Any

from ..domain.engine import StepArtifact, StepOutcome
from ..domain.models import ActionRecord
from ..domain.snapshot import PageSnapshot
from ..ports import LLM
from .model_calls import ModelMeter
from .secret_fields import scrub

PROMPT_SCREENSHOT_QUALITY = 60


def json_artifact(name: str, value: Any) -> StepArtifact:
    data = json.dumps(value, ensure_ascii=False, indent=1, default=str).encode()
    return StepArtifact(name=name, content_type="application/json", data=data)


def step_artifacts(
    snapshot: PageSnapshot | None,
    meter: ModelMeter | None,
    records: list[ActionRecord],
    secrets: set[str] | None = None,
) -> list[StepArtifact]:
    """``secrets``: values typed into password / one-time-code fields, masked in the model's
    prompt and reply as they are in the records."""
    secrets = secrets or set()
    artifacts = []
    if snapshot is not None:
        artifacts.append(json_artifact("snapshot.json", snapshot.model_dump(exclude_none=True)))
    if meter is not None and meter.calls:
        artifacts.append(
            json_artifact(
                "llm_prompt.json",
                [
                    {"purpose": c.purpose, "messages": scrub(c.messages, secrets)}
                    for c in meter.calls
                ],
            )
        )
        artifacts.append(
            json_artifact(
                "llm_reply.json",
                [
                    {
                        "purpose": c.purpose,
                        "text": scrub(c.reply, secrets),
                        "input_tokens": c.input_tokens,
                        "output_tokens": c.output_tokens,
                        "cost": c.cost,
                    }
                    for c in meter.calls
                ],
            )
        )
    artifacts.append(json_artifact("actions.json", [r.model_dump(mode="json") for r in records]))
    return artifacts


async def screenshot_artifact(page: Any, max_scrolls: int | None) -> StepArtifact | None:
    """The page after the step; ``max_scrolls`` > 0: the full page, up to that many viewports."""
    try:
        if max_scrolls and max_scrolls > 0:
            size = await page.evaluate(
                "() => [document.documentElement.scrollWidth,"
                " document.documentElement.scrollHeight, window.innerWidth, window.innerHeight]"
            )
            _, height, view_width, view_height = size
            clip = {
                "x": 0,
                "y": 0,
                "width": view_width,
                "height": min(height, view_height * max_scrolls),
            }
            data = await page.screenshot(type="png", full_page=True, clip=clip)
        else:
            data = await page.screenshot(type="png")
    except Exception:  # a closed or crashed page has no picture; the step still counts
        return None
    return StepArtifact(
        name="screenshot.png", content_type="image/png", data=data, is_screenshot=True
    )


async def record_final_page(
    outcome: StepOutcome, page: Any, max_scrolls: int | None, *, fallback_url: str | None = None
) -> None:
    """The step's last URL and its screenshot, on the outcome."""
    try:
        outcome.url = page.url
    except Exception:  # a closed or crashed page: the URL the step knew last
        outcome.url = fallback_url
    shot = await screenshot_artifact(page, max_scrolls)
    if shot is not None:
        outcome.artifacts.append(shot)


async def prompt_screenshot(page: Any) -> str | None:
    try:
        data = await page.screenshot(type="jpeg", quality=PROMPT_SCREENSHOT_QUALITY)
    except Exception:  # no picture: the prompt goes without one
        return None
    return base64.b64encode(data).decode()


def wants_screenshot(setting: str, model: str, llm: LLM) -> bool:
    if setting == "never":
        return False
    if setting == "always":
        return True
    return llm.sees_images(model)
