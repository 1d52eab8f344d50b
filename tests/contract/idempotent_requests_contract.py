"""The IdempotentRequests contract: every adapter (SQLite, DynamoDB on moto, the in-memory
fake) subclasses IdempotentRequestsContract and provides an ``idempotent_requests`` fixture."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from stratus.ports import IdempotentRequest

T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
DAY = timedelta(hours=24)


def request(
    key: str = "k-1", *, org: str = "o_1", fingerprint: str = "f1", at: datetime = T0
) -> IdempotentRequest:
    return IdempotentRequest(
        organization_id=org, key=key, fingerprint=fingerprint, created_at=at, expires_at=at + DAY
    )


class IdempotentRequestsContract:
    def test_the_first_claim_holds_the_key(self, idempotent_requests) -> None:
        assert idempotent_requests.claim(request()) is None
        held = idempotent_requests.claim(request(fingerprint="f2"))
        assert held is not None
        assert (held.fingerprint, held.status_code, held.body) == ("f1", None, None)

    def test_the_answer_is_returned_to_later_claims(self, idempotent_requests) -> None:
        idempotent_requests.claim(request())
        idempotent_requests.answer("o_1", "k-1", 200, "application/json", '{"run_id": "tsk_1"}')
        held = idempotent_requests.claim(request(at=T0 + timedelta(hours=23)))
        assert held is not None
        assert (held.status_code, held.content_type, held.body) == (
            200,
            "application/json",
            '{"run_id": "tsk_1"}',
        )
        assert held.fingerprint == "f1"
        assert held.expires_at == T0 + DAY

    def test_keys_belong_to_one_organization(self, idempotent_requests) -> None:
        assert idempotent_requests.claim(request(org="o_1")) is None
        assert idempotent_requests.claim(request(org="o_2")) is None

    def test_a_key_is_kept_24_hours_then_free(self, idempotent_requests) -> None:
        idempotent_requests.claim(request())
        idempotent_requests.answer("o_1", "k-1", 200, "application/json", "{}")
        assert idempotent_requests.claim(request(fingerprint="f2", at=T0 + DAY)) is None
        held = idempotent_requests.claim(request(fingerprint="f3", at=T0 + DAY))
        assert held is not None and held.fingerprint == "f2" and held.status_code is None

    def test_a_released_key_can_be_claimed_again(self, idempotent_requests) -> None:
        idempotent_requests.claim(request())
        idempotent_requests.release("o_1", "k-1")
        assert idempotent_requests.claim(request(fingerprint="f2")) is None

    def test_of_concurrent_claims_exactly_one_wins(self, idempotent_requests) -> None:
        claims = [request(fingerprint=f"f{i}") for i in range(8)]
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(idempotent_requests.claim, claims))
        assert sum(1 for r in results if r is None) == 1

    def test_an_unanswered_claim_is_taken_over_once_abandoned(self, idempotent_requests) -> None:
        # the first request died before answering (its process killed, a function timed out)
        assert idempotent_requests.claim(request()) is None
        minute = timedelta(seconds=60)
        soon = T0 + timedelta(seconds=30)
        held = idempotent_requests.claim(request(at=soon), abandoned_before=soon - minute)
        assert held is not None and held.status_code is None  # still being served
        later = T0 + timedelta(seconds=61)
        retry = request(fingerprint="f2", at=later)
        assert idempotent_requests.claim(retry, abandoned_before=later - minute) is None
        held = idempotent_requests.claim(request(fingerprint="f3", at=later), abandoned_before=T0)
        assert held is not None and held.fingerprint == "f2"

    def test_an_answered_claim_is_never_abandoned(self, idempotent_requests) -> None:
        idempotent_requests.claim(request())
        idempotent_requests.answer("o_1", "k-1", 200, "application/json", "{}")
        later = T0 + timedelta(hours=2)
        held = idempotent_requests.claim(
            request(fingerprint="f2", at=later), abandoned_before=later - timedelta(minutes=1)
        )
        assert held is not None and (held.fingerprint, held.status_code) == ("f1", 200)

    def test_a_late_release_keeps_the_claim_that_took_over(self, idempotent_requests) -> None:
        idempotent_requests.claim(request())
        later = T0 + timedelta(seconds=61)
        idempotent_requests.claim(
            request(fingerprint="f2", at=later), abandoned_before=T0 + timedelta(seconds=1)
        )
        idempotent_requests.release("o_1", "k-1", claimed_at=T0)  # the first request, failing
        held = idempotent_requests.claim(request(fingerprint="f3", at=later), abandoned_before=T0)
        assert held is not None and held.fingerprint == "f2"
        idempotent_requests.release("o_1", "k-1", claimed_at=later)
        assert idempotent_requests.claim(request(fingerprint="f3", at=later)) is None

    def test_an_answered_claim_is_not_released_by_its_claim_time(self, idempotent_requests) -> None:
        idempotent_requests.claim(request())
        idempotent_requests.answer("o_1", "k-1", 200, "application/json", "{}")
        idempotent_requests.release("o_1", "k-1", claimed_at=T0)
        held = idempotent_requests.claim(request(fingerprint="f2"))
        assert held is not None and held.status_code == 200
