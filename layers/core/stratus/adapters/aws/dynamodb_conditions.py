"""ports.RunCondition as a DynamoDB ConditionExpression (same meaning as domain.conditions)."""

from __future__ import annotations

from boto3.dynamodb.conditions import Attr, ConditionBase

from ...domain.utc import utc_text
from ...ports import RunCondition


def _any(parts: list[ConditionBase]) -> ConditionBase:
    combined = parts[0]
    for part in parts[1:]:
        combined = combined | part
    return combined


def _all(parts: list[ConditionBase]) -> ConditionBase:
    combined = parts[0]
    for part in parts[1:]:
        combined = combined & part
    return combined


def _expired_before(moment_iso: str) -> ConditionBase:
    return Attr("lease_expires_at").exists() & Attr("lease_expires_at").lt(moment_iso)


def run_condition_expression(condition: RunCondition | None) -> ConditionBase:
    """Every part of ``condition`` as one expression; always requires the run to exist."""
    parts: list[ConditionBase] = [Attr("pk").exists()]
    if condition is None:
        return parts[0]
    if condition.status_in is not None:
        statuses = sorted(s.value for s in condition.status_in)
        # An empty set can never hold; an impossible comparison says so.
        parts.append(Attr("status").is_in(statuses) if statuses else Attr("pk").not_exists())
    if condition.lease_claimable_by is not None:
        owner, now = condition.lease_claimable_by
        parts.append(
            _any(
                [
                    Attr("lease_owner").not_exists(),
                    Attr("lease_owner").eq(owner),
                    _expired_before(utc_text(now)),
                ]
            )
        )
    if condition.lease_held_by is not None:
        parts.append(Attr("lease_owner").eq(condition.lease_held_by))
    if condition.webhook_state_in is not None:
        states = sorted(s for s in condition.webhook_state_in if s is not None)
        options: list[ConditionBase] = []
        if None in condition.webhook_state_in:
            options.append(Attr("webhook_state").not_exists())
        if states:
            options.append(Attr("webhook_state").is_in(states))
        parts.append(_any(options) if options else Attr("pk").not_exists())
    if condition.webhook_claimable_at is not None:
        stale = Attr("webhook_state").eq("delivering") & _expired_before(
            utc_text(condition.webhook_claimable_at)
        )
        moment = utc_text(condition.webhook_claimable_at)
        due = Attr("webhook_next_attempt_at").not_exists() | Attr("webhook_next_attempt_at").lte(
            moment
        )
        parts.append((Attr("webhook_state").eq("pending") & due) | stale)
    if condition.awaiting_admission is not None:
        parts.append(_field_is("awaiting_admission", condition.awaiting_admission, False))
    if condition.restarts_is is not None:
        parts.append(_field_is("restarts", condition.restarts_is, 0))
    if condition.webhook_attempts_is is not None:
        parts.append(_field_is("webhook_attempts", condition.webhook_attempts_is, 0))
    return _all(parts)


def _field_is(name: str, value: object, default: object) -> ConditionBase:
    """The attribute equals ``value``; an item written before the field existed (no
    attribute) holds the field's default."""
    if value == default:
        return Attr(name).not_exists() | Attr(name).eq(value)
    return Attr(name).eq(value)
