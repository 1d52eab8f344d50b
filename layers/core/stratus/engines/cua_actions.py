"""Coordinate actions of computer-use models, played on Playwright's mouse and keyboard.

Every provider parser turns its wire format into ``CuaAction``s with coordinates in the
model's display space; ``Display`` maps them onto the page's fixed viewport.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Literal

from ..agent.secret_fields import MASK, is_secret_input
from ..domain.models import ActionRecord

ActionKind = Literal[
    "click",
    "double_click",
    "type",
    "key",
    "scroll",
    "drag",
    "move",
    "wait",
    "screenshot",
    "unsupported",  # the model asked for something we cannot do; ``text`` names it
]

MAX_WAIT_SECONDS = 5.0
SCROLL_NOTCH_PIXELS = 100  # one wheel notch (Anthropic scroll_amount, UI-TARS scroll)

_KEY_NAMES = {
    "enter": "Enter",
    "return": "Enter",
    "kp_enter": "Enter",
    "tab": "Tab",
    "esc": "Escape",
    "escape": "Escape",
    "backspace": "Backspace",
    "delete": "Delete",
    "del": "Delete",
    "space": "Space",
    "up": "ArrowUp",
    "arrowup": "ArrowUp",
    "down": "ArrowDown",
    "arrowdown": "ArrowDown",
    "left": "ArrowLeft",
    "arrowleft": "ArrowLeft",
    "right": "ArrowRight",
    "arrowright": "ArrowRight",
    "home": "Home",
    "end": "End",
    "pageup": "PageUp",
    "page_up": "PageUp",
    "prior": "PageUp",
    "pagedown": "PageDown",
    "page_down": "PageDown",
    "next": "PageDown",
    "ctrl": "Control",
    "control": "Control",
    "alt": "Alt",
    "option": "Alt",
    "shift": "Shift",
    "cmd": "Meta",
    "command": "Meta",
    "meta": "Meta",
    "super": "Meta",
    "win": "Meta",
    "insert": "Insert",
}


@dataclass(frozen=True)
class CuaAction:
    """One action in the model's display coordinates."""

    kind: ActionKind
    x: float | None = None
    y: float | None = None
    button: str = "left"
    text: str | None = None
    keys: tuple[str, ...] = ()
    scroll_x: float = 0.0  # pixels, positive = right
    scroll_y: float = 0.0  # pixels, positive = down
    path: tuple[tuple[float, float], ...] = ()  # drag: start, (waypoints), end
    seconds: float = 1.0
    call_id: str | None = None  # the provider's id of the call that asked for it
    reasoning: str | None = None

    def params(self) -> dict[str, Any]:
        """The action's parameters for the run's action records (model coordinates)."""
        out: dict[str, Any] = {}
        if self.x is not None and self.y is not None:
            out["x"], out["y"] = self.x, self.y
        if self.kind == "click" and self.button != "left":
            out["button"] = self.button
        if self.text is not None:
            out["text"] = self.text
        if self.keys:
            out["keys"] = list(self.keys)
        if self.scroll_x or self.scroll_y:
            out["scroll_x"], out["scroll_y"] = self.scroll_x, self.scroll_y
        if self.path:
            out["path"] = [list(p) for p in self.path]
        if self.kind == "wait":
            out["seconds"] = self.seconds
        return out


@dataclass(frozen=True)
class Display:
    """The model's screen (what it was told) over the page's viewport (what we click)."""

    model_width: float
    model_height: float
    viewport_width: int
    viewport_height: int

    def to_page(self, x: float, y: float) -> tuple[float, float]:
        px = x * self.viewport_width / self.model_width
        py = y * self.viewport_height / self.model_height
        return (
            min(max(px, 0.0), self.viewport_width - 1.0),
            min(max(py, 0.0), self.viewport_height - 1.0),
        )

    def scale_x(self, dx: float) -> float:
        return dx * self.viewport_width / self.model_width

    def scale_y(self, dy: float) -> float:
        return dy * self.viewport_height / self.model_height


def playwright_key(name: str) -> str:
    """A key name from any provider (xdotool, OpenAI, UI-TARS) as Playwright spells it."""
    stripped = name.strip()
    lowered = stripped.lower()
    if lowered in _KEY_NAMES:
        return _KEY_NAMES[lowered]
    if len(lowered) in (2, 3) and lowered[0] == "f" and lowered[1:].isdigit():
        return lowered.upper()
    return stripped if len(stripped) == 1 else stripped[:1].upper() + stripped[1:]


def key_chord(keys: tuple[str, ...] | list[str]) -> str:
    """Keys pressed together ("ctrl", "a") -> "Control+a"."""
    parts: list[str] = []
    for key in keys:
        parts.extend(key.replace("+", " ").split() if len(key) > 1 else [key])
    names = [playwright_key(p) for p in parts]
    if len(names) > 1:  # "Control+A" would type a capital; chords take the plain key
        names = [n.lower() if len(n) == 1 else n for n in names]
    return "+".join(names)


@dataclass
class PlayResult:
    records: list[ActionRecord] = field(default_factory=list)
    # text typed into password / one-time-code fields: masked in the records, and by the
    # engine in what else it keeps of the step
    secrets: set[str] = field(default_factory=set)

    @property
    def executed(self) -> int:
        return sum(1 for r in self.records if r.action_type != "screenshot")


async def play_actions(
    page: Any, actions: list[CuaAction], display: Display, *, sleep: Any = asyncio.sleep
) -> PlayResult:
    """Play each action; a failing action is recorded and stops the rest."""
    result = PlayResult()
    for index, action in enumerate(actions):
        record = ActionRecord(
            action_type=action.kind, reasoning=action.reasoning, params=action.params()
        )
        if action.kind == "type" and action.text and await typing_into_secret_field(page):
            result.secrets.add(action.text)
            record.params["text"] = MASK  # masked at the source: no later path sees it
            record.params["masked"] = True
        try:
            await _play(page, action, display, sleep)
        except Exception as error:  # the action failed: recorded on it
            record.success = False
            record.error = f"{type(error).__name__}: {error}"
            result.records.append(record)
            for skipped in actions[index + 1 :]:
                result.records.append(
                    ActionRecord(
                        action_type=skipped.kind,
                        params={**skipped.params(), "skipped": True},
                        success=False,
                        error="skipped after an earlier action failed",
                    )
                )
            break
        result.records.append(record)
    return result


# the focused element, through open shadow roots (a computer-use model types into focus)
_FOCUSED_FIELD_JS = """() => {
  let e = document.activeElement;
  while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
  if (!e) return null;
  const a = (n) => e.getAttribute(n) || "";
  return [e.tagName, e.type || a("type"), a("autocomplete"), a("name"), e.id || ""];
}"""


async def typing_into_secret_field(page: Any) -> bool:
    """Whether text typed now lands in a password or one-time-code field."""
    try:
        focused = await page.evaluate(_FOCUSED_FIELD_JS)
    except Exception:  # a page mid-navigation: nothing is focused to judge
        return False
    return bool(focused) and is_secret_input(*(str(part or "") for part in focused))


async def _play(page: Any, action: CuaAction, display: Display, sleep: Any) -> None:
    mouse, keyboard = page.mouse, page.keyboard
    if action.kind in ("click", "double_click", "move", "scroll"):
        if action.x is not None and action.y is not None:
            x, y = display.to_page(action.x, action.y)
            await mouse.move(x, y)
            if action.kind == "click":
                await mouse.click(x, y, button=_button(action.button))
            elif action.kind == "double_click":
                await mouse.dblclick(x, y)
        elif action.kind in ("click", "double_click", "move"):
            raise ValueError(f"{action.kind} needs a coordinate")
        if action.kind == "scroll":
            await mouse.wheel(display.scale_x(action.scroll_x), display.scale_y(action.scroll_y))
    elif action.kind == "type":
        await keyboard.type(action.text or "")
    elif action.kind == "key":
        if not action.keys:
            raise ValueError("key needs at least one key")
        await keyboard.press(key_chord(action.keys))
    elif action.kind == "drag":
        if len(action.path) < 2:
            raise ValueError("drag needs a start and an end point")
        points = [display.to_page(px, py) for px, py in action.path]
        await mouse.move(*points[0])
        await mouse.down()
        for point in points[1:]:
            await mouse.move(*point, steps=5)
        await mouse.up()
    elif action.kind == "wait":
        await sleep(min(max(action.seconds, 0.0), MAX_WAIT_SECONDS))
    elif action.kind == "unsupported":
        raise ValueError(f"unsupported action: {action.text}")
    # "screenshot": nothing to do; the next turn sends one


def _button(name: str) -> str:
    return {"wheel": "middle", "middle": "middle", "right": "right"}.get(name, "left")
