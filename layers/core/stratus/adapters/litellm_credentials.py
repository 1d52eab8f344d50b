"""Which environment variables a model's provider needs, as litellm knows them.

litellm reads provider keys from the environment when a model is called; a missing key is
only found then, after the run started. ``litellm.validate_environment`` names them
beforehand. It cannot see credentials that do not live in variables, so these are never
reported missing here: AWS roles (Bedrock, SageMaker, read through boto's credential chain),
Google's application default credentials (Vertex AI), a local Ollama (its default address
needs no setting) and any OpenAI-compatible server named by ``OPENAI_API_BASE``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Any

# credentials found by a provider's own chain (roles, metadata services, files), not variables
AMBIENT_CREDENTIAL_PROVIDERS = frozenset(
    {"bedrock", "sagemaker", "sagemaker_chat", "vertex_ai", "vertex_ai_beta"}
)
# servers on this machine by default; their address variable is optional
LOCAL_SERVER_PROVIDERS = frozenset({"ollama", "ollama_chat"})
# an OpenAI-compatible server of one's own; it may not want a key at all
OPENAI_BASE_VARIABLES = ("OPENAI_API_BASE", "OPENAI_BASE_URL")


def _litellm() -> Any:
    """Imported on first use: the API process pays for it only when a model is named."""
    import litellm

    litellm.suppress_debug_info = True  # no provider banner on stdout for unknown models
    return litellm


def provider_of(model: str) -> str | None:
    litellm = _litellm()
    try:
        return str(litellm.get_llm_provider(model=model)[1])
    except Exception:  # a model litellm does not know: nothing can be said about it
        return None


class LiteLLMModelCredentials:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ
        self._loading: threading.Thread | None = None

    def warm_up(self) -> None:
        """Import litellm in the background (seconds), so the first run that names a
        model is not the one to wait for it."""
        if self._loading is None:
            self._loading = threading.Thread(target=_litellm, name="litellm-import", daemon=True)
            self._loading.start()

    def wait_until_loaded(self) -> None:
        if self._loading is not None:
            self._loading.join()
        _litellm()

    def missing(self, model: str) -> list[str]:
        provider = provider_of(model)
        if provider is None or provider in AMBIENT_CREDENTIAL_PROVIDERS | LOCAL_SERVER_PROVIDERS:
            return []
        if provider == "openai" and any(self._environ.get(n) for n in OPENAI_BASE_VARIABLES):
            return []
        try:
            report = _litellm().validate_environment(model=model)
        except Exception:  # litellm could not tell: do not refuse on a guess
            return []
        if report.get("keys_in_environment"):
            return []
        return [key for key in report.get("missing_keys") or [] if not self._environ.get(key)]
