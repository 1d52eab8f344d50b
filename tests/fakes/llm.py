"""A scripted LLM for tests: reply functions read the rendered page in the prompt.

Reply functions never hard-code element ids: they look elements up by name in the
snapshot text the agent sent (``view.find("Email")``), as a real model would.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stratus.agent.prompt import ACT_MARKER, EXTRACT_MARKER, VERIFY_MARKER
from stratus.ports import LLMError, LLMReply, LLMRequest

_ELEMENT_LINE = re.compile(r"^\[(?P<id>[^\]]+)\](?P<kind>\S+)(?: (?P<rest>.*))?$")
_AFTER_NAME = re.compile(r' (?:="|\{|->|placeholder="|value="|accept="|icon=")')
_FLAGS = (
    " checked",
    " req",
    " disabled",
    " selected",
    " pressed",
    " expanded",
    " current",
    " active",
    " readonly",
)


def _name_of(rest: str) -> str:
    """The element's name: the line after its kind, before its value, options and href."""
    cut = _AFTER_NAME.search(rest)
    name = rest[: cut.start()] if cut else rest
    while name.endswith(_FLAGS):
        name = name[: name.rfind(" ")]
    return name.strip()


@dataclass(frozen=True)
class Element:
    id: str
    kind: str
    name: str
    line: str


class PromptView:
    """What a reply function sees: the request, its text and the page's element lines."""

    def __init__(self, request: LLMRequest) -> None:
        self.request = request
        self.system = _text_of(request.messages[0]) if request.messages else ""
        self.text = _text_of(request.messages[-1]) if request.messages else ""
        first_user = next((m for m in request.messages if m.get("role") == "user"), {})
        self.prompt = _text_of(first_user)
        self.page = self.prompt.split("CURRENT PAGE:", 1)[-1]
        self.elements = [
            Element(m["id"], m["kind"], _name_of(m["rest"] or ""), line)
            for line in self.page.splitlines()
            if (m := _ELEMENT_LINE.match(line.strip()))
        ]
        self.has_image = any(
            isinstance(m.get("content"), list)
            and any(p.get("type") == "image_url" for p in m["content"])
            for m in request.messages
        )

    @property
    def is_repair(self) -> bool:
        return len(self.request.messages) > 2

    def find(self, name: str, kind: str | None = None) -> str:
        """The id of the element whose name is ``name`` (exact first, then containing it)."""
        wanted = name.casefold()
        candidates = [e for e in self.elements if kind is None or e.kind.startswith(kind)]
        for match in (
            lambda e: e.name.casefold() == wanted,
            lambda e: wanted in e.name.casefold(),
        ):
            found = [e for e in candidates if match(e)]
            if found:
                return found[0].id
        listing = "\n".join(e.line for e in self.elements)
        raise LookupError(f"no element named {name!r} (kind {kind}) on the page:\n{listing}")

    def shows(self, text: str) -> bool:
        return text.casefold() in self.page.casefold()


ReplyFn = Callable[[PromptView], Any]


def act(*actions: dict[str, Any], status: str = "continue", **fields: Any) -> dict[str, Any]:
    """A step reply in the agent's schema."""
    return {"page_assessment": "scripted", "actions": list(actions), "status": status, **fields}


class ScriptedLLM:
    """Acting calls (and their repairs) play ``act_replies`` in order; checks and
    extractions go to ``verify`` / ``extract`` (default: the goal is met)."""

    def __init__(
        self,
        act_replies: list[ReplyFn],
        *,
        verify: ReplyFn | None = None,
        extract: ReplyFn | None = None,
    ) -> None:
        self.act_replies = list(act_replies)
        self.verify = verify or (lambda view: {"goal_met": True, "reason": "the page shows it"})
        self.extract = extract
        self.requests: list[LLMRequest] = []
        self.purposes: list[str] = []

    def sees_images(self, model: str) -> bool:
        return False  # prompts carry text only, as for a model litellm does not know

    async def complete(self, request: LLMRequest) -> LLMReply:
        self.requests.append(request)
        view = PromptView(request)
        if view.system.startswith(VERIFY_MARKER):
            self.purposes.append("verify")
            handler: ReplyFn | None = self.verify
        elif view.system.startswith(EXTRACT_MARKER):
            self.purposes.append("extract")
            handler = self.extract
        elif view.system.startswith(ACT_MARKER):
            self.purposes.append("act")
            if not self.act_replies:
                raise LLMError("the scripted replies ran out")
            handler = self.act_replies.pop(0)
        else:
            raise AssertionError(f"unexpected system prompt: {view.system[:80]!r}")
        if handler is None:
            raise AssertionError("no scripted reply for this call")
        result = handler(view)
        if inspect.isawaitable(result):
            result = await result
        text = result if isinstance(result, str) else json.dumps(result)
        prompt_chars = sum(len(_text_of(m)) for m in request.messages)
        return LLMReply(
            text=text,
            input_tokens=prompt_chars // 4,
            output_tokens=len(text) // 4,
            cost=0.0,
            model=request.model,
        )


def _text_of(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, list):
        return "\n".join(p.get("text", "") for p in content if p.get("type") == "text")
    return str(content or "")
