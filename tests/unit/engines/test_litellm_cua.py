import pytest

from stratus.adapters.litellm_cua import messages_to_input, responses_arguments
from stratus.adapters.litellm_llm import LiteLLM
from stratus.ports import LLMError, LLMRequest

pytestmark = pytest.mark.unit

RESPONSE = {
    "id": "resp_1",
    "object": "response",
    "model": "computer-use-preview",
    "output": [
        {
            "type": "computer_call",
            "id": "cu_1",
            "call_id": "call_1",
            "action": {"type": "screenshot"},
            "pending_safety_checks": [],
            "status": "completed",
        },
        {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "Looking."}],
        },
    ],
    "usage": {"input_tokens": 321, "output_tokens": 12, "total_tokens": 333},
}


class Recorder:
    def __init__(self, replies):
        self.replies = list(replies)
        self.calls = []

    async def __call__(self, **arguments):
        self.calls.append(arguments)
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply


def test_chat_messages_become_responses_input():
    instructions, items = messages_to_input(
        [
            {"role": "system", "content": "Be brief."},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Read this"},
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,AA"}},
                ],
            },
            {"role": "assistant", "content": "ok"},
        ]
    )
    assert instructions == "Be brief."
    assert items == [
        {
            "role": "user",
            "content": [
                {"type": "input_text", "text": "Read this"},
                {"type": "input_image", "image_url": "data:image/png;base64,AA"},
            ],
        },
        {"role": "assistant", "content": [{"type": "output_text", "text": "ok"}]},
    ]


def test_input_items_and_chaining_pass_through():
    request = LLMRequest(
        model="computer-use-preview",
        messages=[],
        tools=[{"type": "computer_use_preview"}],
        extra={
            "api": "responses",
            "input": [{"type": "computer_call_output"}],
            "previous_response_id": "resp_0",
            "truncation": "auto",
        },
    )
    arguments = responses_arguments(request)
    assert arguments["input"] == [{"type": "computer_call_output"}]
    assert arguments["previous_response_id"] == "resp_0"
    assert arguments["truncation"] == "auto"
    assert "api" not in arguments


async def test_the_port_routes_responses_requests_and_reads_the_reply():
    aresponses = Recorder([RESPONSE])

    async def no_chat(**_):
        raise AssertionError("chat completions must not be used")

    llm = LiteLLM(acompletion=no_chat, aresponses=aresponses)
    reply = await llm.complete(
        LLMRequest(
            model="computer-use-preview",
            messages=[{"role": "user", "content": "hi"}],
            extra={"api": "responses"},
        )
    )
    assert reply.text == "Looking."
    assert reply.tool_calls[0]["call_id"] == "call_1"
    assert (reply.input_tokens, reply.output_tokens) == (321, 12)
    assert reply.raw["id"] == "resp_1"
    assert aresponses.calls[0]["input"] == [
        {"role": "user", "content": [{"type": "input_text", "text": "hi"}]}
    ]


async def test_errors_become_llm_errors():
    llm = LiteLLM(aresponses=Recorder([ValueError("bad request")]))
    with pytest.raises(LLMError, match="ValueError: bad request"):
        await llm.complete(LLMRequest(model="m", messages=[], extra={"api": "responses"}))
