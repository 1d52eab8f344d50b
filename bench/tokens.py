"""cl100k_base token counts without a download: use the tokenizer files litellm ships."""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from pathlib import Path

import tiktoken


def _litellm_tokenizers() -> Path | None:
    spec = importlib.util.find_spec("litellm")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "litellm_core_utils" / "tokenizers"
    return path if path.is_dir() else None


@cache
def _encoding() -> tiktoken.Encoding:
    if "TIKTOKEN_CACHE_DIR" not in os.environ:
        bundled = _litellm_tokenizers()
        if bundled is not None:
            os.environ["TIKTOKEN_CACHE_DIR"] = str(bundled)
    return tiktoken.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    return len(_encoding().encode(text))
