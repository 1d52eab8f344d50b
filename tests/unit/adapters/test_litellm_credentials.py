"""Which provider keys a model lacks, as litellm names them, with the honest exceptions."""

import sys
import threading

import pytest

from stratus.adapters.litellm_credentials import LiteLLMModelCredentials

PROVIDER_VARIABLES = (
    "OPENAI_API_KEY",
    "OPENAI_API_BASE",
    "OPENAI_BASE_URL",
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
    "OLLAMA_API_BASE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
)


@pytest.fixture
def bare_environment(monkeypatch):
    """An environment without any provider's keys (litellm reads os.environ itself)."""
    for name in PROVIDER_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_a_hosted_model_without_its_key_is_reported(bare_environment):
    credentials = LiteLLMModelCredentials()

    assert credentials.missing("gpt-4o-mini") == ["OPENAI_API_KEY"]
    assert credentials.missing("anthropic/claude-sonnet-4-5") == ["ANTHROPIC_API_KEY"]


def test_a_hosted_model_with_its_key_is_ready(bare_environment):
    bare_environment.setenv("ANTHROPIC_API_KEY", "sk-ant-test")

    assert LiteLLMModelCredentials().missing("anthropic/claude-sonnet-4-5") == []


def test_an_openai_compatible_server_of_ones_own_is_not_refused(bare_environment):
    credentials = LiteLLMModelCredentials()
    assert credentials.missing("openai/llama3") == ["OPENAI_API_KEY"]

    bare_environment.setenv("OPENAI_API_BASE", "http://127.0.0.1:11434/v1")
    assert credentials.missing("openai/llama3") == []


@pytest.mark.parametrize(
    "model",
    [
        "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0",  # an IAM role, no variables
        "ollama/llama3.1",  # a local server at its default address
        "hosted_vllm/qwen",
        "scripted/test-model",  # litellm does not know it: nothing to say
        "some-model-nobody-knows",
    ],
)
def test_credentials_that_are_not_variables_are_never_reported_missing(bare_environment, model):
    assert LiteLLMModelCredentials().missing(model) == []


def test_the_environment_given_is_the_one_read(bare_environment):
    credentials = LiteLLMModelCredentials(environ={"OPENAI_API_KEY": "sk-test"})

    assert credentials.missing("gpt-4o-mini") == []


def test_waiting_until_loaded_returns_with_litellm_imported_by_the_warm_up():
    credentials = LiteLLMModelCredentials()
    credentials.warm_up()
    credentials.warm_up()  # once only: one import thread
    credentials.wait_until_loaded()
    assert "litellm" in sys.modules
    assert not [t for t in threading.enumerate() if t.name == "litellm-import"]
