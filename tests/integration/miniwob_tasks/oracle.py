"""A rule-based model for MiniWoB++ tasks: it answers Stratus's real prompts from the text
the agent sends, never from the DOM.

Each task has a policy: general rules that parse the task's instruction (the line under the
page title in the snapshot) and the element list, and return one step reply. A policy keeps
no memory of its own; what it did before it reads, as a model would, from the page and the
PREVIOUS ACTIONS in the prompt.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from stratus.agent.prompt import ACT_MARKER, VERIFY_MARKER
from stratus.ports import LLMReply, LLMRequest
from tests.fakes.llm import Element, PromptView, act

Policy = Callable[["TaskView"], dict[str, Any]]

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
_VALUE = re.compile(r' ="(?P<value>.*?)"(?: |$)')


class NotSolvable(Exception):
    """The page text does not say enough to choose an action."""


class TaskView(PromptView):
    """The prompt as a MiniWoB++ page: its instruction, its lines and its elements."""

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.page.splitlines() if line.strip()]

    @property
    def instruction(self) -> str:
        # the first line is the page's title and address, the second the task's instruction
        return self.lines[1] if len(self.lines) > 1 else ""

    @property
    def episode_over(self) -> bool:
        """MiniWoB++ counts finished episodes on the page (and covers the task with START)."""
        match = re.search(r"Episodes done: (\d+)", self.page)
        return bool(match and int(match.group(1)) > 0)

    @property
    def history(self) -> str:
        return self.prompt.split("PREVIOUS ACTIONS:", 1)[-1].split("CURRENT PAGE:", 1)[0]

    def of_kind(self, *kinds: str) -> list[Element]:
        """Elements of these kinds ('input' takes 'input:password' too)."""
        return [e for e in self.elements if e.kind.split(":")[0] in kinds]

    def named(self, name: str, *kinds: str) -> Element | None:
        wanted = name.casefold()
        candidates = self.of_kind(*kinds) if kinds else self.elements
        for match in (
            lambda e: e.name.casefold() == wanted,
            lambda e: e.name.casefold().startswith(wanted),
        ):
            found = [e for e in candidates if match(e)]
            if found:
                return found[0]
        return None

    def button(self, name: str) -> str:
        element = self.named(name, "button")
        if element is None:
            raise NotSolvable(f"no button {name!r}")
        return element.id


def value_of(element: Element) -> str | None:
    match = _VALUE.search(element.line)
    return match.group("value") if match else None


def ordinal(text: str) -> int:
    """1 for '1st' or 'first', -1 for 'last'."""
    word = text.casefold()
    if word in _ORDINALS:
        return _ORDINALS[word]
    return int(re.match(r"\d+", word).group())  # type: ignore[union-attr]


def quoted(text: str) -> list[str]:
    return re.findall(r'"([^"]*)"', text)


def click(element_id: str, **params: Any) -> dict[str, Any]:
    return {"action_type": "click", "element_id": element_id, **params}


def type_into(element_id: str, text: str) -> dict[str, Any]:
    return {"action_type": "input_text", "element_id": element_id, "text": text}


def key(name: str, element_id: str | None = None) -> dict[str, Any]:
    action: dict[str, Any] = {"action_type": "keypress", "key": name}
    if element_id is not None:
        action["element_id"] = element_id
    return action


def finish(*actions: dict[str, Any]) -> dict[str, Any]:
    """The last actions of a task: the page's check decides whether it is done."""
    return act(*actions, status="complete")


class OracleLLM:
    """The LLM port answered by a task policy; completion is judged by the episode's end."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.calls = 0
        self.last_prompt = ""
        self.last_page = ""

    async def complete(self, request: LLMRequest) -> LLMReply:
        self.calls += 1
        view = TaskView(request)
        self.last_prompt, self.last_page = view.prompt, view.page
        if view.system.startswith(VERIFY_MARKER):
            reply: dict[str, Any] = {"goal_met": view.episode_over, "reason": "episode counter"}
        elif not view.system.startswith(ACT_MARKER):
            raise AssertionError(f"unexpected call: {view.system[:60]!r}")
        elif view.episode_over:
            reply = act(status="complete")
        else:
            try:
                reply = self.policy(view)
            except NotSolvable as gap:
                reply = act(status="terminate", terminate_reason=str(gap))
        text = json.dumps(reply)
        return LLMReply(text=text, input_tokens=0, output_tokens=0, cost=0.0, model=request.model)
