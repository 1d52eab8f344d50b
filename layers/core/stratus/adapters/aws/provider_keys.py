"""Model provider keys from a Secrets Manager secret, exported as environment variables.

The secret's SecretString is a JSON object such as ``{"OPENAI_API_KEY": "sk-..."}``;
litellm reads provider keys from the environment, so they are exported once at cold start.
"""

from __future__ import annotations

import json
import os
from collections.abc import MutableMapping
from typing import Any


def export_provider_keys(
    client: Any, secret_arn: str | None, environ: MutableMapping[str, str] | None = None
) -> list[str]:
    """Sets every key of the secret in ``environ`` (default os.environ); returns their names.

    Variables already set win, so a deployment can override one key without the secret.
    """
    if not secret_arn:
        return []
    target = os.environ if environ is None else environ
    secret = json.loads(client.get_secret_value(SecretId=secret_arn)["SecretString"])
    if not isinstance(secret, dict):
        raise ValueError("the provider keys secret must be a JSON object")
    exported = []
    for name, value in secret.items():
        if name not in target:
            target[name] = str(value)
            exported.append(name)
    return sorted(exported)
