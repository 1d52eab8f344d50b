"""The completion check: a second, small model call on the fresh page."""

from __future__ import annotations

from ..domain.models import Step, TaskSpec
from ..domain.snapshot import PageSnapshot
from .json_reply import ask_json
from .model_calls import ModelMeter
from .prompt import verify_messages
from .reply import VerificationReply, parse_verification_reply
from .reply_schema import VERIFICATION_REPLY_FORMAT

VERIFY_MAX_TOKENS = 200


async def check_goal_met(
    meter: ModelMeter,
    spec: TaskSpec,
    snapshot: PageSnapshot,
    history: list[Step] | None,
) -> VerificationReply:
    """Raises ReplyFailed when the checker's answer is unusable after one repair."""
    messages = verify_messages(spec, snapshot, history)
    return await ask_json(
        meter,
        "verify",
        messages,
        parse_verification_reply,
        label="completion check reply",
        max_tokens=VERIFY_MAX_TOKENS,
        schema=VERIFICATION_REPLY_FORMAT,
    )
