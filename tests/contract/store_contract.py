"""The RunStore contract: every adapter (SQLite, DynamoDB on moto, the in-memory fake)
subclasses RunStoreContract and provides a ``store`` fixture."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from stratus.domain.ids import new_id
from stratus.domain.models import (
    ApiKey,
    Organization,
    Run,
    RunTag,
    Step,
    TaskSpec,
    TotpCode,
    WebhookAttempt,
)
from stratus.domain.status import ApiFamily, Engine, RunStatus, RunType, sources_for
from stratus.ports import Conflict, NotFound, RunCondition


def make_run(org: str = "o_1", **fields: object) -> Run:
    base: dict[str, object] = {
        "run_id": new_id("tsk"),
        "organization_id": org,
        "api_family": ApiFamily.runs,
        "run_type": RunType.task_v1,
        "engine": Engine.skyvern_v1,
        "spec": TaskSpec(goal="do it", url="https://example.com"),
    }
    base.update(fields)
    return Run.model_validate(base)


class RunStoreContract:
    def test_create_and_get_round_trip(self, store) -> None:
        run = make_run(output={"a": [1, 2]}, request={"prompt": "x"})
        store.create_run(run)
        got = store.get_run(run.run_id)
        assert got == run

    def test_create_twice_conflicts(self, store) -> None:
        run = make_run()
        store.create_run(run)
        with pytest.raises(Conflict):
            store.create_run(run)

    def test_get_missing_is_none(self, store) -> None:
        assert store.get_run("tsk_404") is None

    def test_find_by_run_id_or_workflow_run_id_within_org(self, store) -> None:
        run = make_run(org="o_a", workflow_run_id="wr_77")
        store.create_run(run)
        assert store.find_run("o_a", run.run_id).run_id == run.run_id
        assert store.find_run("o_a", "wr_77").run_id == run.run_id
        assert store.find_run("o_b", run.run_id) is None

    def test_list_newest_first_with_pages_and_isolation(self, store) -> None:
        start = datetime(2026, 1, 1, tzinfo=UTC)
        runs = [make_run(org="o_list", created_at=start + timedelta(seconds=i)) for i in range(5)]
        for run in runs:
            store.create_run(run)
        store.create_run(make_run(org="o_other"))
        first = store.list_runs("o_list", page=1, page_size=2)
        second = store.list_runs("o_list", page=2, page_size=2)
        third = store.list_runs("o_list", page=3, page_size=2)
        ids = [r.run_id for r in first + second + third]
        assert ids == [r.run_id for r in reversed(runs)]
        assert store.list_runs("o_list", page=4, page_size=2) == []

    def test_list_filters_by_family(self, store) -> None:
        v1 = make_run(org="o_f", api_family=ApiFamily.v1)
        v2 = make_run(org="o_f", api_family=ApiFamily.v2)
        store.create_run(v1)
        store.create_run(v2)
        got = store.list_runs("o_f", page=1, page_size=10, api_families=frozenset({ApiFamily.v1}))
        assert [r.run_id for r in got] == [v1.run_id]

    def test_list_filters_by_status_with_pages(self, store) -> None:
        start = datetime(2026, 1, 1, tzinfo=UTC)
        made = [
            make_run(org="o_s", status=status, created_at=start + timedelta(seconds=i))
            for i, status in enumerate(
                [RunStatus.completed, RunStatus.failed, RunStatus.completed, RunStatus.completed]
            )
        ]
        for run in made:
            store.create_run(run)
        done = frozenset({RunStatus.completed})
        first = store.list_runs("o_s", page=1, page_size=2, statuses=done)
        second = store.list_runs("o_s", page=2, page_size=2, statuses=done)
        assert [r.run_id for r in first + second] == [r.run_id for r in (made[3], made[2], made[0])]
        only_failed = frozenset({RunStatus.failed})
        failed = store.list_runs("o_s", page=1, page_size=10, statuses=only_failed)
        assert [r.run_id for r in failed] == [made[1].run_id]
        assert store.list_runs("o_other_s", page=1, page_size=10, statuses=done) == []

    def test_tags_are_kept_by_updates_and_listed(self, store) -> None:
        run = make_run(org="o_t")
        store.create_run(run)
        tags = [RunTag(key="env", value="prod"), RunTag(value="urgent")]
        store.update_run(run.run_id, {"tags": tags})
        assert [(t.key, t.value) for t in store.get_run(run.run_id).tags] == [
            ("env", "prod"),
            (None, "urgent"),
        ]
        [listed] = store.list_runs("o_t", page=1, page_size=10)
        assert listed.tags == store.get_run(run.run_id).tags

    def test_conditional_status_change(self, store) -> None:
        run = make_run(status=RunStatus.queued)
        store.create_run(run)
        cond = RunCondition(status_in=sources_for(RunStatus.running))
        moved = store.update_run(run.run_id, {"status": RunStatus.running}, cond)
        assert moved is not None and moved.status is RunStatus.running
        done = store.update_run(
            run.run_id,
            {"status": RunStatus.completed, "output": {"ok": True}},
            RunCondition(status_in=sources_for(RunStatus.completed)),
        )
        assert done is not None and done.output == {"ok": True}
        # a terminal status never changes
        again = store.update_run(
            run.run_id,
            {"status": RunStatus.failed},
            RunCondition(status_in=sources_for(RunStatus.failed)),
        )
        assert again is None
        assert store.get_run(run.run_id).status is RunStatus.completed

    def test_update_missing_raises(self, store) -> None:
        with pytest.raises(NotFound):
            store.update_run("tsk_1", {"title": "x"})

    def test_lease_claims(self, store) -> None:
        now = datetime(2026, 1, 1, tzinfo=UTC)
        run = make_run(status=RunStatus.running)
        store.create_run(run)
        lease = {"lease_owner": "w1", "lease_expires_at": now + timedelta(seconds=30)}
        assert store.update_run(run.run_id, lease, RunCondition(lease_claimable_by=("w1", now)))
        other = {"lease_owner": "w2", "lease_expires_at": now + timedelta(seconds=30)}
        assert (
            store.update_run(run.run_id, other, RunCondition(lease_claimable_by=("w2", now)))
            is None
        )
        later = now + timedelta(seconds=31)
        assert store.update_run(run.run_id, other, RunCondition(lease_claimable_by=("w2", later)))
        assert (
            store.update_run(run.run_id, {"title": "t"}, RunCondition(lease_held_by="w1")) is None
        )
        assert store.update_run(run.run_id, {"title": "t"}, RunCondition(lease_held_by="w2"))

    def test_webhook_claims_and_pending_listing(self, store) -> None:
        now = datetime(2026, 1, 1, tzinfo=UTC)
        run = make_run(status=RunStatus.completed, webhook_state="pending")
        store.create_run(run)
        assert run.run_id in store.list_pending_webhook_run_ids()
        claim = {
            "webhook_state": "delivering",
            "lease_owner": "w1",
            "lease_expires_at": now + timedelta(seconds=60),
        }
        assert store.update_run(run.run_id, claim, RunCondition(webhook_claimable_at=now))
        assert store.update_run(run.run_id, claim, RunCondition(webhook_claimable_at=now)) is None
        stale = now + timedelta(seconds=61)
        assert store.update_run(run.run_id, claim, RunCondition(webhook_claimable_at=stale))
        sent = store.update_run(
            run.run_id,
            {"webhook_state": "sent"},
            RunCondition(webhook_state_in=frozenset({"delivering"})),
        )
        assert sent is not None
        assert run.run_id not in store.list_pending_webhook_run_ids()

    def test_a_pending_webhook_is_claimable_once_due_and_counted_exactly(self, store) -> None:
        now = datetime(2026, 1, 1, tzinfo=UTC)
        run = make_run(
            status=RunStatus.completed,
            webhook_state="pending",
            webhook_attempts=2,
            webhook_next_attempt_at=now + timedelta(seconds=300),
        )
        store.create_run(run)
        claim = {"webhook_state": "delivering", "webhook_attempts": 3, "lease_owner": "w1"}
        early = RunCondition(webhook_claimable_at=now, webhook_attempts_is=2)
        assert store.update_run(run.run_id, claim, early) is None  # not due yet
        due = now + timedelta(seconds=300)
        stale_count = RunCondition(webhook_claimable_at=due, webhook_attempts_is=1)
        assert store.update_run(run.run_id, claim, stale_count) is None
        claimed = store.update_run(
            run.run_id, claim, RunCondition(webhook_claimable_at=due, webhook_attempts_is=2)
        )
        assert claimed is not None and claimed.webhook_attempts == 3
        fresh = make_run(status=RunStatus.completed, webhook_state="pending")
        store.create_run(fresh)  # written without the fields: no attempts yet, due at once
        assert store.update_run(
            fresh.run_id, claim, RunCondition(webhook_claimable_at=now, webhook_attempts_is=0)
        )

    def test_pending_webhooks_listed_soonest_due_first_and_only_when_due(self, store) -> None:
        now = datetime(2026, 1, 1, tzinfo=UTC)

        def ended(**fields: object) -> Run:
            run = make_run(status=RunStatus.completed, finished_at=now, **fields)
            store.create_run(run)
            return run

        later = ended(webhook_state="pending", webhook_next_attempt_at=now + timedelta(hours=2))
        soon = ended(webhook_state="pending", webhook_next_attempt_at=now + timedelta(seconds=5))
        first = ended(webhook_state="pending")  # no attempt yet: due at the run's end
        claimed = ended(
            webhook_state="delivering",
            lease_owner="w1",
            lease_expires_at=now + timedelta(seconds=40),
        )
        ended(webhook_state="sent")
        ended(webhook_state="failed")
        store.create_run(make_run(status=RunStatus.running, webhook_state=None))
        order = [first.run_id, soon.run_id, claimed.run_id, later.run_id]
        assert store.list_pending_webhook_run_ids() == order
        assert store.list_pending_webhook_run_ids(limit=2) == order[:2]
        assert store.list_pending_webhook_run_ids(due_by=now) == [first.run_id]
        assert store.list_pending_webhook_run_ids(due_by=now + timedelta(seconds=5)) == order[:2]
        assert store.list_pending_webhook_run_ids(due_by=now + timedelta(minutes=1)) == order[:3]
        # a retry scheduled: the run moves in the listing
        store.update_run(
            first.run_id,
            {"webhook_attempts": 1, "webhook_next_attempt_at": now + timedelta(hours=3)},
        )
        assert store.list_pending_webhook_run_ids(due_by=now) == []
        assert store.list_pending_webhook_run_ids()[-1] == first.run_id
        store.update_run(soon.run_id, {"webhook_state": "sent", "webhook_next_attempt_at": None})
        assert soon.run_id not in store.list_pending_webhook_run_ids()

    def test_active_runs(self, store) -> None:
        active = make_run(status=RunStatus.queued)
        finished = make_run(status=RunStatus.failed, failure_reason="x")
        store.create_run(active)
        store.create_run(finished)
        ids = store.list_active_run_ids()
        assert active.run_id in ids and finished.run_id not in ids

    def test_steps_in_order_and_replaced(self, store) -> None:
        run = make_run()
        store.create_run(run)
        steps = [
            Step(
                step_id=new_id("stp"),
                run_id=run.run_id,
                organization_id="o_1",
                order=o,
                retry_index=r,
            )
            for o, r in [(1, 0), (0, 1), (0, 0)]
        ]
        for step in steps:
            store.put_step(step)
        got = store.list_steps(run.run_id)
        assert [(s.order, s.retry_index) for s in got] == [(0, 0), (0, 1), (1, 0)]
        changed = steps[0].model_copy(update={"input_token_count": 42})
        store.put_step(changed)
        assert [s.input_token_count for s in store.list_steps(run.run_id)][-1] == 42

    def test_keys_and_organizations(self, store) -> None:
        store.create_organization(Organization(organization_id="o_k", name="Acme"))
        assert store.get_organization("o_k").name == "Acme"
        key = ApiKey(key_id="ak_1", organization_id="o_k", name="ci", digest="d1", sealed="s")
        store.put_api_key(key)
        assert store.find_api_key_by_digest("d1") == key
        assert store.get_api_key("ak_1") == key
        assert store.find_api_key_by_digest("nope") is None

    def test_api_keys_listed_oldest_first_per_organization_or_all(self, store) -> None:
        t0 = datetime(2026, 1, 1, tzinfo=UTC)
        keys = [
            ApiKey(
                key_id=f"ak_l{i}",
                organization_id=org,
                name=f"k{i}",
                digest=f"dl{i}",
                sealed="s",
                created_at=t0 + timedelta(seconds=i),
            )
            for i, org in enumerate(["o_l1", "o_l2", "o_l1"])
        ]
        for key in reversed(keys):
            store.put_api_key(key)
        assert [k.key_id for k in store.list_api_keys("o_l1")] == ["ak_l0", "ak_l2"]
        assert [k.key_id for k in store.list_api_keys("o_l2")] == ["ak_l1"]
        assert [k.key_id for k in store.list_api_keys()] == ["ak_l0", "ak_l1", "ak_l2"]
        assert store.list_api_keys("o_none") == []

    def test_revoke_api_key_is_seen_by_every_read_and_keeps_the_first_time(self, store) -> None:
        t0 = datetime(2026, 1, 1, tzinfo=UTC)
        key = ApiKey(key_id="ak_r", organization_id="o_r", name="r", digest="dr", sealed="s")
        store.put_api_key(key)
        revoked = store.revoke_api_key("ak_r", t0)
        assert revoked is not None and revoked.revoked and revoked.revoked_at == t0
        again = store.revoke_api_key("ak_r", t0 + timedelta(hours=1))
        assert again is not None and again.revoked_at == t0
        for got in (
            store.get_api_key("ak_r"),
            store.find_api_key_by_digest("dr"),
            store.list_api_keys("o_r")[0],
        ):
            assert got.revoked and got.revoked_at == t0 and got.sealed == "s"
        assert store.revoke_api_key("ak_missing", t0) is None

    def test_expire_api_key_keeps_the_earlier_expiry(self, store) -> None:
        t0 = datetime(2026, 1, 1, tzinfo=UTC)
        store.put_api_key(
            ApiKey(key_id="ak_e", organization_id="o_e", name="e", digest="de", sealed="s")
        )
        assert store.expire_api_key("ak_e", t0 + timedelta(hours=2)).expires_at == t0 + timedelta(
            hours=2
        )
        assert store.expire_api_key("ak_e", t0 + timedelta(hours=5)).expires_at == t0 + timedelta(
            hours=2
        )
        assert store.expire_api_key("ak_e", t0).expires_at == t0
        assert store.find_api_key_by_digest("de").expires_at == t0
        assert store.expire_api_key("ak_missing", t0) is None

    def test_marking_use_keeps_the_latest_and_changes_nothing_else(self, store) -> None:
        t0 = datetime(2026, 1, 1, tzinfo=UTC)
        store.put_api_key(
            ApiKey(key_id="ak_u", organization_id="o_u", name="u", digest="du", sealed="s")
        )
        store.revoke_api_key("ak_u", t0)
        store.mark_api_key_used("ak_u", t0 + timedelta(minutes=2))
        store.mark_api_key_used("ak_u", t0 + timedelta(minutes=1))  # an older use arrives late
        key = store.get_api_key("ak_u")
        assert key.last_used_at == t0 + timedelta(minutes=2)
        assert key.revoked and key.revoked_at == t0  # a use never undoes a revocation
        store.mark_api_key_used("ak_missing", t0)  # unknown: nothing happens
        assert store.get_api_key("ak_missing") is None

    def test_totp_codes_newest_first_after_instant(self, store) -> None:
        t0 = datetime(2026, 1, 1, tzinfo=UTC)
        for i, code in enumerate(["111111", "222222", "333333"]):
            store.add_totp_code(
                TotpCode(
                    totp_id=new_id("totp"),
                    organization_id="o_t",
                    totp_identifier="me@x.com",
                    content=code,
                    code=code,
                    created_at=t0 + timedelta(minutes=i),
                )
            )
        got = store.find_totp_codes("o_t", "me@x.com", created_after=t0)
        assert [c.code for c in got] == ["333333", "222222"]
        assert store.find_totp_codes("o_other", "me@x.com", created_after=t0 - timedelta(1)) == []

    def test_webhook_attempts(self, store) -> None:
        for i in range(2):
            store.add_webhook_attempt(
                WebhookAttempt(
                    attempt_id=new_id("wha"),
                    run_id="tsk_9",
                    organization_id="o_1",
                    url="https://h/x",
                    request_headers={"a": "b"},
                    request_body="{}",
                    status_code=500 + i,
                    duration_ms=37 + i,
                )
            )
        got = store.list_webhook_attempts("tsk_9")
        assert [a.status_code for a in got] == [500, 501]
        assert [a.duration_ms for a in got] == [37, 38]  # the latency the viewer shows
