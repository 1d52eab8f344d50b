"""Settings, read once from the environment (prefix ``STRATUS_``).

Every setting is listed in the README's table; keep the two in step.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .domain.webhook_schedule import DEFAULT_RETRY_SCHEDULE_SECONDS

BUILTIN_MODEL = "builtin"


def default_data_dir() -> Path:
    """The per-user data folder: $XDG_DATA_HOME/stratus, else ~/.local/share/stratus, so
    every command finds the same keys and runs whatever folder it is started in."""
    base = os.environ.get("XDG_DATA_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "share"
    return root / "stratus"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="STRATUS_", extra="ignore")

    mode: Literal["local", "aws"] = "local"
    data_dir: Path = Field(default_factory=default_data_dir)
    host: str = "127.0.0.1"
    port: int = 8000
    # where clients reach this service: base of artifact URLs and of run pages (app_url);
    # default http://host:port locally, and on AWS no app_url until it is set
    public_base_url: str | None = None

    # runs
    workers: int = Field(default=2, ge=1, le=32)
    default_max_steps: int = Field(default=10, ge=1)
    run_timeout_seconds: float = Field(default=1800, gt=0)
    lease_seconds: float = Field(default=60, gt=0)
    max_crashes: int = Field(default=3, ge=1)
    poll_interval_seconds: float = Field(default=0.5, gt=0)
    # active (started, unfinished) runs allowed at once; a run over a cap waits queued
    max_active_runs_per_organization: int | None = Field(default=None, ge=1)  # None: no cap
    max_active_runs: int | None = Field(default=None, ge=1)  # None: no cap
    # run creation per organization: a token bucket refilled at this rate (0: no limit),
    # holding at most run_rate_burst; over it a create is answered 429 with Retry-After
    run_rate_per_second: float = Field(default=2.0, ge=0)
    run_rate_burst: int = Field(default=60, ge=1)

    # model
    model: str | None = None  # litellm model name; None means the built-in planner
    allowed_models: list[str] = Field(default_factory=list)  # models a request may name; [] = any
    llm_timeout_seconds: float = 120
    llm_max_retries: int = 3
    screenshots_in_prompt: Literal["auto", "always", "never"] = "auto"
    openai_cua_model: str | None = None
    anthropic_cua_model: str | None = None
    ui_tars_model: str | None = None
    # UI-TARS-1.5 answers in pixels of its resized screenshot; earlier UI-TARS in 0..1000
    ui_tars_coordinates: Literal["smart_resize", "relative"] = "smart_resize"

    # browser
    chromium_path: str = "/usr/bin/chromium"
    headless: bool = True
    # added to the launch flags, e.g. ["--disable-dev-shm-usage", "--single-process"] on Lambda
    chromium_extra_args: list[str] = Field(default_factory=list)
    viewport_width: int = 1280
    viewport_height: int = 800
    proxies: dict[str, str] = Field(default_factory=dict)  # proxy_location -> proxy URL
    # runs whose browser context a process keeps open at once; default: 1 on AWS (one run
    # per container, the others reopen from saved state), unlimited locally
    browser_contexts_per_process: int | None = Field(default=None, ge=1)
    # seconds kept back from a step invocation's time limit (Lambda) for saving its result
    step_time_margin_seconds: float = Field(default=30.0, ge=0)
    # where a run's browser lives: "none" = the step's own Chromium (state saved between
    # steps); "agentcore" = an Amazon Bedrock AgentCore browser session per run, reached over
    # CDP, that keeps the live page across step invocations and stops at the run's end
    remote_browser: Literal["none", "agentcore"] = "none"
    agentcore_browser_id: str = "aws.browser.v1"
    # the session's lifetime from its start; make it longer than run_timeout_seconds
    agentcore_session_timeout_seconds: int = Field(default=3600, ge=60, le=28800)
    # private networks (CIDRs) and host names (".corp.example": every name under it) the
    # browser may still reach when private URLs are not allowed, e.g. intranet sites
    browser_allowed_private: list[str] = Field(default_factory=list)

    # recordings (see services.recordings): a video of each run's own browser, kept as a
    # playlist of its context lifetimes (on AWS one video per step), and a Playwright trace
    # per step; default: both on locally, off on AWS (see the README)
    record_video: bool | None = None
    record_trace: bool | None = None
    # Playwright's browsers folder (PLAYWRIGHT_BROWSERS_PATH), where it finds the ffmpeg it
    # records video with; default: that variable, else the project's .playwright folder when
    # it exists (make setup links Debian's ffmpeg there), else Playwright's own default
    playwright_browsers_path: str | None = None
    # bytes of videos and traces stored per run; a file over it is skipped (0: none stored)
    recording_max_bytes_per_run: int = Field(default=200_000_000, ge=0)

    # webhooks and outbound calls
    allow_private_urls: bool | None = None  # default: True in local mode, False on AWS
    # seconds a failed webhook waits before attempts 2, 3, ... (each from the attempt before,
    # with +/-20 % jitter; Retry-After can only lengthen a wait); [] = one attempt only
    webhook_retry_schedule_seconds: list[Annotated[float, Field(ge=0)]] = Field(
        default_factory=lambda: list(DEFAULT_RETRY_SCHEDULE_SECONDS)
    )
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)
    totp_poll_interval_seconds: float = Field(default=10.0, gt=0)
    totp_timeout_seconds: float = Field(default=900.0, gt=0)

    # API
    max_request_bytes: int = Field(default=1_000_000, ge=1024)

    # AWS adapters
    runs_table: str | None = None
    state_machine_arn: str | None = None
    artifacts_bucket: str | None = None
    kms_key_id: str | None = None
    event_bus_name: str = "default"
    # the function that signs 2FA requests for a process holding no key material (set on the
    # AWS browser-step function); unset: the process signs with the run's key itself
    signer_function: str | None = None
    event_source: str = "stratus"  # "source" of the "Run Finished" event; stratus.<stage> on AWS
    # who may request runs through EventBridge or SQS: "SOURCE=ORGANIZATION_ID" pairs separated
    # by commas, SOURCE being account:<account id> (the event's account) or principal:<unique
    # id> (an SQS sender's role or user id); any other source is refused
    request_sources: str = ""
    # where run requests that cannot be served are kept with their reason (an SQS queue URL)
    request_dead_letter_queue_url: str | None = None
    # where a request's reply_to may point: "ORGANIZATION_ID=ARN" pairs separated by commas
    # (SQS queue or SNS topic ARNs); a request naming any other destination is refused
    reply_destinations: str = ""
    # the ARNs this deployment may send to (the reply function's grant), comma-separated; a
    # destination mapped but not listed here is not allowed. Unset: not limited (local).
    reply_destination_arns: str | None = None

    @property
    def private_urls_allowed(self) -> bool:
        if self.allow_private_urls is not None:
            return self.allow_private_urls
        return self.mode == "local"

    @property
    def video_on(self) -> bool:
        return self.record_video if self.record_video is not None else self.mode == "local"

    @property
    def trace_on(self) -> bool:
        return self.record_trace if self.record_trace is not None else self.mode == "local"

    @property
    def video_per_step(self) -> bool:
        """Close a run's context after each step so its video is stored at once: on AWS a
        step's invocation may be the last its container sees."""
        return self.mode == "aws"

    @property
    def contexts_per_process(self) -> int | None:
        if self.browser_contexts_per_process is not None:
            return self.browser_contexts_per_process
        return 1 if self.mode == "aws" else None

    @property
    def base_url(self) -> str:
        return self.public_base_url or f"http://{self.host}:{self.port}"

    @property
    def app_base_url(self) -> str | None:
        """The base of run pages (``app_url``): None on AWS when no public URL is set."""
        if self.public_base_url:
            return self.public_base_url
        return self.base_url if self.mode == "local" else None

    @property
    def resolved_model(self) -> str:
        return self.model or BUILTIN_MODEL
