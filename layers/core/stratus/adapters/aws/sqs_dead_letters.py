"""DeadLetters on SQS: a run request that cannot be served, as {"reason", "source", "request"}
with the reason also as a message attribute."""

from __future__ import annotations

import json
from typing import Any

MAX_ATTRIBUTE = 256


class SqsDeadLetters:
    """``client`` is a boto3 ``sqs`` client; ``queue_url`` the run requests' dead-letter queue."""

    def __init__(self, client: Any, queue_url: str) -> None:
        self._client = client
        self._queue_url = queue_url

    def put(self, reason: str, request: Any, *, source: str | None = None) -> None:
        self._client.send_message(
            QueueUrl=self._queue_url,
            MessageBody=json.dumps({"reason": reason, "source": source, "request": request}),
            MessageAttributes={
                "reason": {"DataType": "String", "StringValue": reason[:MAX_ATTRIBUTE]}
            },
        )
