"""Replies: the "Run Finished" detail of a requested run, sent to the destination it named.

The request's ``reply_to`` (an SQS queue or SNS topic ARN its organization allows, checked
when the run was requested) is kept on the run. Once the run is finished the detail is sent
there and ``reply_sent`` recorded, so a repeated finish event sends nothing more. Sending
comes before the record: a failure between the two sends again (at least once).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from ..domain.models import Run
from ..ports import RunCondition, RunStore

log = logging.getLogger(__name__)


class ReplySender(Protocol):
    def send(self, destination_arn: str, detail: dict[str, Any], run: Run) -> None:
        """Hands ``detail`` to the queue or topic; raises when it was not accepted."""
        ...


class RunReplies:
    def __init__(
        self,
        store: RunStore,
        sender: ReplySender,
        detail: Callable[[Run], dict[str, Any]],
    ) -> None:
        self._store = store
        self._sender = sender
        self._detail = detail

    def deliver(self, run_id: str) -> str:
        """Sends the run's reply unless there is none to send: "sent", or why not."""
        run = self._store.get_run(run_id)
        if run is None:
            return "no such run"
        if run.reply_to is None:
            return "no destination"
        if not run.is_terminal:
            return "not finished"
        if run.reply_sent:
            return "already sent"
        self._sender.send(run.reply_to, self._detail(run), run)
        self._store.update_run(
            run_id, {"reply_sent": True}, RunCondition(status_in=frozenset({run.status}))
        )
        log.info("run %s: Run Finished sent to %s", run_id, run.reply_to)
        return "sent"
