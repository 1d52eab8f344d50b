"""One MiniWoB++ episode driven by the step agent: open the task page on loopback HTTP,
start an episode with a fixed seed, step the agent with the oracle in the model's place,
and read the reward the task's own script gave."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.miniwob import start_episode
from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.agent.step_agent import StepAgent
from stratus.domain.models import TaskSpec
from tests.fixtures.server import FixtureServer
from tests.integration.agent.harness import drive, new_run
from tests.integration.miniwob_tasks.oracle import OracleLLM, Policy
from tests.support.harness import Driven

# what a MiniWoB++ agent is told; the instruction itself is read from the page
GOAL = "Do what the task instruction at the top of the page asks."
_REWARD = "({reward: WOB_REWARD_GLOBAL, reason: WOB_REWARD_REASON, done: WOB_DONE_GLOBAL})"


@dataclass
class Episode:
    task: str
    reward: float
    reason: str | None
    done: bool
    driven: Driven
    llm: OracleLLM

    def explain(self) -> str:
        actions = [
            f"{r.action_type} {r.params.get('target', {}).get('name', '')!r} "
            f"{'ok' if r.success else r.error}"
            for r in self.driven.records
        ]
        return (
            f"{self.task}: reward {self.reward} ({self.reason}), status {self.driven.status} "
            f"({self.driven.failure_reason}); actions {actions}; last prompt:\n"
            f"{self.llm.last_page}"
        )


async def run_episode(
    provider: PlaywrightBrowserProvider,
    pages: FixtureServer,
    task: str,
    policy: Policy,
    files_dir: Path,
    *,
    max_steps: int = 8,
    seed: int = 42,
) -> Episode:
    llm = OracleLLM(policy)
    url = pages.url(f"miniwob/{task}.html")
    run = new_run(TaskSpec(goal=GOAL, url=url), max_steps=max_steps)
    session = await provider.session_for(run)
    try:
        await session.page.goto(url, wait_until="load")
        await session.page.evaluate(start_episode(seed))
        driven = await drive(
            provider,
            llm,
            run.spec,
            run=run,
            files_dir=files_dir,
            max_steps=max_steps,
            agent=StepAgent(settle_timeout_ms=1000, verification_timeout_seconds=2),
        )
        result = await session.page.evaluate(_REWARD)
    finally:
        await provider.release(run.run_id, final=True)
    return Episode(task, float(result["reward"]), result["reason"], result["done"], driven, llm)
