"""The litellm adapter, offline: litellm's mock_response stands in for a provider."""

import json

import litellm
import pytest

from stratus.adapters.litellm_llm import LiteLLM, supports_json_mode
from stratus.ports import LLMError, LLMRequest

pytestmark = pytest.mark.unit


def _request(mock: object, **fields: object) -> LLMRequest:
    return LLMRequest(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "hello"}],
        extra={"mock_response": mock},
        **fields,
    )


async def test_reply_text_tokens_and_cost():
    reply = await LiteLLM().complete(_request('{"ok": true}', json_mode=True))
    assert reply.text == '{"ok": true}'
    assert reply.input_tokens > 0 and reply.output_tokens > 0
    assert reply.cost > 0
    assert reply.model == "gpt-4o-mini"


async def test_json_mode_only_for_models_that_take_response_format():
    llm = LiteLLM()
    assert llm._arguments(_request("x", json_mode=True))["response_format"] == {
        "type": "json_object"
    }
    unknown = _request("x", json_mode=True).model_copy(update={"model": "nowhere/unknown-model"})
    assert "response_format" not in llm._arguments(unknown)
    assert supports_json_mode("gpt-4o-mini")


async def test_tools_and_limits_pass_through():
    tools = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]
    arguments = LiteLLM()._arguments(_request("x", tools=tools, max_tokens=5, timeout_seconds=7))
    assert arguments["tools"] == tools
    assert arguments["max_tokens"] == 5
    assert arguments["timeout"] == 7


async def test_rate_limits_are_retried_then_reported():
    llm = LiteLLM(max_retries=2, backoff_seconds=0.001)
    with pytest.raises(LLMError, match="RateLimitError after 3 attempts"):
        await llm.complete(_request("litellm.RateLimitError"))


async def test_a_retry_that_succeeds_returns_the_reply():
    attempts: list[dict] = []

    async def flaky(**arguments: object) -> object:
        attempts.append(arguments)
        if len(attempts) < 3:
            raise litellm.ServiceUnavailableError(
                message="overloaded", llm_provider="openai", model="gpt-4o-mini"
            )
        return await litellm.acompletion(**arguments)

    llm = LiteLLM(max_retries=3, backoff_seconds=0.001, acompletion=flaky)
    reply = await llm.complete(_request("fine"))
    assert reply.text == "fine"
    assert len(attempts) == 3


async def test_non_retryable_errors_are_wrapped_at_once():
    llm = LiteLLM(max_retries=5, backoff_seconds=10)
    with pytest.raises(LLMError, match="ContextWindowExceeded"):
        await llm.complete(_request("litellm.ContextWindowExceededError"))


SCHEMA_FORMAT = {
    "name": "step_reply",
    "schema": {"type": "object", "properties": {"status": {"type": "string"}}},
    "strict": False,
}


async def test_a_model_that_takes_a_schema_gets_it_as_structured_output():
    sent: list[dict] = []

    async def spy(**arguments: object) -> object:
        sent.append(arguments)
        return await litellm.acompletion(**arguments)

    request = _request('{"status": "continue"}', json_mode=True, response_schema=SCHEMA_FORMAT)
    request.messages.insert(0, {"role": "system", "content": "act"})
    reply = await LiteLLM(acompletion=spy).complete(request)
    assert reply.text == '{"status": "continue"}'
    assert litellm.supports_response_schema(model="gpt-4o-mini")
    assert sent[0]["response_format"] == {"type": "json_schema", "json_schema": SCHEMA_FORMAT}
    assert sent[0]["messages"] == request.messages  # the schema is not repeated in the prompt


async def test_another_model_gets_json_mode_and_the_schema_in_its_system_prompt():
    sent: list[dict] = []

    async def spy(**arguments: object) -> object:
        sent.append(arguments)
        return await litellm.acompletion(**arguments)

    request = _request('{"status": "continue"}', json_mode=True, response_schema=SCHEMA_FORMAT)
    request = request.model_copy(
        update={
            "model": "ollama/llama3",
            "messages": [{"role": "system", "content": "act"}, *request.messages],
        }
    )
    assert not litellm.supports_response_schema(model="ollama/llama3")
    reply = await LiteLLM(acompletion=spy).complete(request)
    assert reply.text == '{"status": "continue"}'
    assert sent[0]["response_format"] == {"type": "json_object"}
    system = sent[0]["messages"][0]
    assert system["role"] == "system" and system["content"].startswith("act\n")
    assert json.dumps(SCHEMA_FORMAT["schema"], separators=(",", ":")) in system["content"]
    assert sent[0]["messages"][1:] == request.messages[1:]


async def test_an_unknown_model_gets_the_schema_in_the_prompt_and_no_response_format():
    request = _request("x", response_schema=SCHEMA_FORMAT).model_copy(
        update={"model": "nowhere/unknown-model"}
    )
    arguments = LiteLLM()._arguments(request)
    assert "response_format" not in arguments
    assert arguments["messages"][0]["role"] == "system"
    assert '"status"' in arguments["messages"][0]["content"]
