"""The composition root: the only place that names concrete adapters.

``build_container`` wires the local (embedded) or the AWS set of adapters from settings.
The parts are built in dependency order (``stratus.wiring``: adapters, services, browsers,
engines, then the use cases here), each returning the port it stands for, so the type
checker proves every adapter satisfies its port. Heavy parts (the browser, litellm, the
engines) are created lazily on first use, so the API process never imports Playwright.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Settings
from .ports import DeadLetters, IdempotencyKeys
from .wiring.engines import EngineParts

if TYPE_CHECKING:
    from .services.replies import RunReplies
    from .services.run_requests import RunRequests
    from .services.runs import RunService
    from .services.sweeper import Sweeper


class Container(EngineParts):
    @cached_property
    def runs(self) -> RunService:
        def build() -> RunService:
            from .services.runs import RunService

            return RunService(
                store=self.store,
                lifecycle=self.lifecycle,
                orchestrator=self.orchestrator,
                engines=self.engines,
                clock=self.clock,
                settings=self.settings,
                webhooks=self.webhooks,
                browser_sessions=self.browser_sessions,
                browser_profiles=self.browser_profiles,
                admission=self.admission,
                rate_limiter=self.rate_limiter,
                secrets=self.secrets,
                model_credentials=self.model_credentials,
                stored_at_once=self.runs_stored_at_once,
            )

        return self._get("runs", build)

    @cached_property
    def run_requests(self) -> RunRequests:
        """Runs requested by EventBridge, SQS or a batch file, one per idempotency key."""

        def build() -> RunRequests:
            from .services.run_requests import RunRequests, parse_sources

            keys: IdempotencyKeys | None
            dead_letters: DeadLetters | None
            if self.on_aws:
                keys, dead_letters = self.aws.idempotency_keys, self.aws.dead_letters
                if dead_letters is None:
                    raise RuntimeError("STRATUS_REQUEST_DEAD_LETTER_QUEUE_URL must be set")
                if keys is None:
                    raise RuntimeError("run requests need the runs table")
            else:
                from .adapters.local_dead_letters import FileDeadLetters
                from .adapters.sqlite_idempotency import SqliteIdempotencyKeys

                keys = SqliteIdempotencyKeys(self.settings.data_dir / "stratus.db")
                dead_letters = FileDeadLetters(self.settings.data_dir / "dead-letters.jsonl")
            return RunRequests(
                runs=self.runs,
                store=self.store,
                keys=keys,
                sources=parse_sources(self.settings.request_sources),
                events=self.events,
                dead_letters=dead_letters,
                destinations=self.reply_destinations,
            )

        return self._get("run_requests", build)

    @cached_property
    def reply_destinations(self) -> dict[str, frozenset[str]]:
        """Each organization's allowed reply destinations, within the deployment's grant."""
        from .services.run_requests import parse_destinations

        allowed = parse_destinations(self.settings.reply_destinations)
        if self.settings.reply_destination_arns is None:
            return allowed
        granted = frozenset(
            arn.strip() for arn in self.settings.reply_destination_arns.split(",") if arn.strip()
        )
        return {organization: arns & granted for organization, arns in allowed.items()}

    @cached_property
    def run_replies(self) -> RunReplies:
        """Sends a finished run's "Run Finished" detail to the destination it named (AWS)."""

        def build() -> RunReplies:
            from .adapters.aws.eventbridge import run_finished_detail
            from .services.replies import RunReplies

            replies = self.aws.replies if self.on_aws else None
            if replies is None:
                raise RuntimeError("reply destinations are sent to on AWS only")
            return RunReplies(self.store, replies, run_finished_detail)

        return self._get("run_replies", build)

    @cached_property
    def sweeper(self) -> Sweeper:
        def build() -> Sweeper:
            from .services.sweeper import Sweeper

            return Sweeper(
                store=self.store,
                monitor=self.orchestrator,
                admission=self.admission,
                lifecycle=self.lifecycle,
                webhooks=self.webhooks,
                clock=self.clock,
                max_restarts=self.settings.max_crashes,
            )

        return self._get("sweeper", build)

    def wire(self) -> Container:
        """Where this process can start runs, let a run's end admit waiting runs."""
        if self.can_start_runs and self.admission.after_finish not in self.lifecycle.after_finish:
            self.lifecycle.after_finish.append(self.admission.after_finish)
        return self


def make_private_dir(path: Path) -> None:
    """Create the data folder readable by its owner only (0700); a folder that exists is
    left as its owner set it."""
    if not path.exists():
        path.mkdir(parents=True, mode=0o700)
        path.chmod(0o700)  # mkdir's mode is narrowed by the umask, never widened


def build_container(settings: Settings | None = None, **overrides: Any) -> Container:
    settings = settings or Settings()
    if settings.mode == "local":
        make_private_dir(settings.data_dir)
    return Container(settings=settings, overrides=overrides).wire()


_CONTAINER: Container | None = None


def get_container() -> Container:
    """The process-wide container (Lambda handlers, the CLI)."""
    global _CONTAINER
    if _CONTAINER is None:
        _CONTAINER = build_container()
    return _CONTAINER
