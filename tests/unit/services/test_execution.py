import pytest

from stratus.domain.engine import StepOutcome
from stratus.domain.models import ActionRecord, Run, Step
from stratus.domain.status import RunStatus, StepStatus
from tests.fakes.runtime import ScriptedEngine, screenshot_outcome

pytestmark = pytest.mark.unit


async def drive(container, run_id, limit=50):
    for _ in range(limit):
        report = await container.execution.run_step(run_id)
        if report.done:
            return report
    raise AssertionError("run did not end")


async def test_run_completes_with_output_and_screenshots(harness_factory):
    engine = ScriptedEngine(
        [
            screenshot_outcome(actions=[ActionRecord(action_type="click", element_id="e1")]),
            screenshot_outcome("complete", output={"title": "ok"}, input_tokens=10),
        ]
    )
    h = harness_factory(engine)
    run = h.new_run()
    report = await drive(h.container, run.run_id)
    stored = h.container.store.get_run(run.run_id)
    assert report.status is RunStatus.completed
    assert stored.output == {"title": "ok"}
    assert stored.step_count == 2
    assert len(stored.screenshot_keys) == 2
    steps = h.container.store.list_steps(run.run_id)
    assert [s.status for s in steps] == [StepStatus.completed, StepStatus.completed]
    assert steps[1].input_token_count == 10
    assert h.browser.released[-1] == (run.run_id, True)


async def test_max_steps_fails_and_keeps_partial_output(harness_factory):
    engine = ScriptedEngine([StepOutcome(decision="continue", output={"rows": [1]})])
    h = harness_factory(engine)
    run = h.new_run(max_steps=3)
    report = await drive(h.container, run.run_id)
    stored = h.container.store.get_run(run.run_id)
    assert report.status is RunStatus.failed
    assert "maximum of 3 steps" in stored.failure_reason
    assert stored.output == {"rows": [1]}
    assert len(engine.calls) == 3


async def test_terminate_carries_reason_and_errors(harness_factory):
    errors = [{"error_code": "login_failed", "reasoning": "bad password"}]
    engine = ScriptedEngine(
        [StepOutcome(decision="terminate", failure_reason="cannot log in", errors=errors)]
    )
    h = harness_factory(engine)
    run = h.new_run()
    await drive(h.container, run.run_id)
    stored = h.container.store.get_run(run.run_id)
    assert stored.status is RunStatus.terminated
    assert stored.failure_reason == "cannot log in"
    assert stored.errors == errors


async def test_cancel_takes_effect_at_next_step_boundary(harness_factory):
    h = harness_factory(None)

    def cancel_during_step(ctx):
        h.container.lifecycle.cancel(h.container.store.get_run(ctx.run.run_id))
        return StepOutcome(decision="continue")

    h.container.engines._factories["builtin"] = lambda: ScriptedEngine([cancel_during_step])
    run = h.new_run()
    report = await drive(h.container, run.run_id)
    assert report.status is RunStatus.canceled
    assert h.container.store.get_run(run.run_id).step_count == 1


async def test_cancel_of_queued_run_is_immediate_and_terminal_is_rejected(harness_factory):
    from stratus.services.errors import InvalidState

    h = harness_factory(ScriptedEngine([StepOutcome(decision="continue")]))
    run = h.new_run()
    canceled = h.container.lifecycle.cancel(run)
    assert canceled.status is RunStatus.canceled
    with pytest.raises(InvalidState, match="already canceled"):
        h.container.lifecycle.cancel(canceled)


async def test_crashing_step_is_retried_then_fails_the_run(harness_factory):
    def boom(ctx):
        raise RuntimeError("element vanished")

    h = harness_factory(ScriptedEngine([boom]))
    run = h.new_run()
    report = await drive(h.container, run.run_id)
    stored = h.container.store.get_run(run.run_id)
    assert report.status is RunStatus.failed
    assert "failed 3 times" in stored.failure_reason
    assert "element vanished" in stored.failure_reason
    steps = h.container.store.list_steps(run.run_id)
    assert [(s.order, s.retry_index) for s in steps] == [(0, 0), (0, 1), (0, 2)]


def leave_step_running(h, run: Run, step_id: str) -> None:
    """A first step that a worker started and never finished."""
    h.container.store.put_step(
        Step(
            step_id=step_id,
            run_id=run.run_id,
            organization_id=run.organization_id,
            order=0,
            status=StepStatus.running,
        )
    )


async def test_step_left_running_by_a_dead_worker_is_resumed(harness_factory):
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete", output={"ok": 1})]))
    run = h.new_run()
    # another process claimed the run, started a step, and died
    from datetime import timedelta

    h.container.store.update_run(
        run.run_id,
        {
            "status": RunStatus.running,
            "lease_owner": "dead-worker",
            "lease_expires_at": h.clock.now() + timedelta(seconds=60),
        },
    )
    leave_step_running(h, run, "stp_1")
    busy = await h.container.execution.run_step(run.run_id)
    assert busy.busy and not busy.done
    h.clock.advance(61)
    report = await drive(h.container, run.run_id)
    stored = h.container.store.get_run(run.run_id)
    assert report.status is RunStatus.completed
    assert stored.crash_count == 1
    steps = h.container.store.list_steps(run.run_id)
    assert steps[0].failure_reason == "the worker stopped during this step"
    assert (steps[1].order, steps[1].retry_index) == (0, 1)


async def test_repeated_crashes_fail_the_run_with_a_reason(harness_factory):
    h = harness_factory(
        ScriptedEngine([StepOutcome(decision="continue")]), settings={"max_crashes": 2}
    )
    run = h.new_run()
    h.container.store.update_run(run.run_id, {"crash_count": 1, "status": RunStatus.running})
    leave_step_running(h, run, "stp_x")
    report = await h.container.execution.run_step(run.run_id)
    stored = h.container.store.get_run(run.run_id)
    assert report.done and stored.status is RunStatus.failed
    assert "stopped during a step 2 times" in stored.failure_reason


async def test_deadline_times_out_the_run(harness_factory):
    h = harness_factory(
        ScriptedEngine([StepOutcome(decision="continue")]), settings={"run_timeout_seconds": 30}
    )
    run = h.new_run()
    first = await h.container.execution.run_step(run.run_id)
    assert not first.done
    h.clock.advance(31)
    report = await h.container.execution.run_step(run.run_id)
    assert report.status is RunStatus.timed_out
    assert "within 30 seconds" in h.container.store.get_run(run.run_id).failure_reason


async def test_finished_run_is_a_no_op(harness_factory):
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete")]))
    run = h.new_run()
    await drive(h.container, run.run_id)
    again = await h.container.execution.run_step(run.run_id)
    assert again.done and again.status is RunStatus.completed


class _UnreachablePage:
    url = "about:blank"

    async def goto(self, url, **_):
        raise RuntimeError("Page.goto: net::ERR_NAME_NOT_RESOLVED at " + url + "\nCall log: ...")


async def test_unreachable_start_url_fails_with_a_clear_reason(harness_factory):
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete")]))
    run = h.new_run()
    session = await h.browser.session_for(run)
    session.page = _UnreachablePage()
    report = await drive(h.container, run.run_id)
    reason = h.container.store.get_run(run.run_id).failure_reason
    assert report.status is RunStatus.failed
    assert reason.startswith("step 1 failed 3 times; last error: could not open the start URL")
    assert "ERR_NAME_NOT_RESOLVED" in reason and "Call log" not in reason


async def test_requests_refused_by_the_egress_proxy_are_recorded_on_the_step(harness_factory):
    engine = ScriptedEngine(
        [
            screenshot_outcome(actions=[ActionRecord(action_type="click", element_id="e1")]),
            screenshot_outcome("complete"),
        ]
    )
    h = harness_factory(engine)
    refusals = [["blocked: private address 10.0.0.5", "blocked: private address 10.0.0.5"]]
    h.browser.take_refusals = lambda run: refusals.pop() if refusals else []
    run = h.new_run()
    await drive(h.container, run.run_id)
    first, second = h.container.store.list_steps(run.run_id)
    assert [(a.action_type, a.success, a.error) for a in first.actions] == [
        ("click", True, None),
        ("blocked_request", False, "blocked: private address 10.0.0.5"),
    ]
    assert [a.action_type for a in second.actions] == []


async def test_blocked_start_url_names_the_refusal_in_the_failure(harness_factory):
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete")]))
    run = h.new_run()
    session = await h.browser.session_for(run)
    session.page = _UnreachablePage()
    h.browser.take_refusals = lambda run: ["blocked: private address intranet.example (10.1.1.1)"]
    await drive(h.container, run.run_id)
    reason = h.container.store.get_run(run.run_id).failure_reason
    assert "could not open the start URL" in reason
    assert reason.endswith("blocked: private address intranet.example (10.1.1.1)")


TOP_POSTS_SCHEMA = {
    "type": "array",
    "maxItems": 3,
    "items": {
        "type": "object",
        "properties": {"title": {"type": "string"}, "points": {"type": "integer"}},
        "required": ["title", "points"],
    },
}


async def test_output_breaking_the_schema_ends_terminated_with_the_violations(harness_factory):
    rows = [{"title": f"{n}.", "points": None} for n in range(1, 5)]
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete", output=rows)]))
    run = h.new_run()
    spec = run.spec.model_copy(update={"extraction_schema": TOP_POSTS_SCHEMA})
    h.container.store.update_run(run.run_id, {"spec": spec})
    report = await drive(h.container, run.run_id)
    stored = h.container.store.get_run(run.run_id)
    assert report.status is RunStatus.terminated
    assert stored.failure_reason == (
        "the output does not match the data_extraction_schema: "
        "$: has 4 items; the schema allows at most 3 (and 4 more)"
    )
    assert stored.errors[1] == {
        "error_code": "output_schema_mismatch",
        "reasoning": "$[0].points: None is not of type 'integer'",
    }
    assert stored.output == rows  # what was found stays visible


async def test_output_keeping_the_schema_completes(harness_factory):
    rows = [{"title": "A", "points": 3}]
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete", output=rows)]))
    run = h.new_run()
    spec = run.spec.model_copy(update={"extraction_schema": TOP_POSTS_SCHEMA})
    h.container.store.update_run(run.run_id, {"spec": spec})
    report = await drive(h.container, run.run_id)
    assert report.status is RunStatus.completed
    assert h.container.store.get_run(run.run_id).output == rows
