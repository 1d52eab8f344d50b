"""ReplySender on SQS and SNS: the "Run Finished" detail as the message body.

An SQS queue ARN gets SendMessage, an SNS topic ARN gets Publish (a FIFO queue or topic
groups by organization and deduplicates by run); both carry the attribute ``detail-type`` = "Run
Finished". Each destination is called in its own region.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ...domain.models import Run
from .eventbridge import RUN_FINISHED


class ReplyFailed(Exception):
    """The destination did not accept the reply."""


def _parts(arn: str) -> tuple[str, str, str, str, str]:
    """(partition, service, region, account, name) of a queue or topic ARN."""
    _, partition, service, region, account, name = arn.split(":", 5)
    return partition, service, region, account, name


def queue_url(arn: str) -> str:
    partition, _, region, account, name = _parts(arn)
    domain = "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com"
    return f"https://sqs.{region}.{domain}/{account}/{name}"


class SqsSnsReplySender:
    """``client_for(service, region)`` is a boto3 client of that service in that region."""

    def __init__(self, client_for: Callable[[str, str], Any]) -> None:
        self._client_for = client_for

    def send(self, destination_arn: str, detail: dict[str, Any], run: Run) -> None:
        _, service, region, _, name = _parts(destination_arn)
        body = json.dumps(detail)
        attributes = {"detail-type": {"DataType": "String", "StringValue": RUN_FINISHED}}
        extra: dict[str, str] = {}
        if name.endswith(".fifo"):  # one group per organization, one message per run
            extra = {"MessageGroupId": run.organization_id, "MessageDeduplicationId": run.run_id}
        if service == "sqs":
            self._client_for("sqs", region).send_message(
                QueueUrl=queue_url(destination_arn),
                MessageBody=body,
                MessageAttributes=attributes,
                **extra,
            )
        elif service == "sns":
            self._client_for("sns", region).publish(
                TopicArn=destination_arn,
                Message=body,
                Subject=RUN_FINISHED,
                MessageAttributes=attributes,
                **extra,
            )
        else:
            raise ReplyFailed(f"{destination_arn} is not an SQS queue or SNS topic")
