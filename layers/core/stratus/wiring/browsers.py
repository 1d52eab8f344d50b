"""The browser: Playwright (a remote Chromium per run where configured), persistent browser
sessions and browser profiles."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ..ports import (
    BrowserProfileStore,
    BrowserProvider,
    BrowserSessionStore,
    RemoteBrowserEndpoints,
    SecretBox,
    SessionBrowserProvider,
)
from ..services.egress_policy import EgressPolicy
from .services import ServiceParts

if TYPE_CHECKING:
    from ..services.browser_profiles import BrowserProfileService
    from ..services.browser_sessions import BrowserSessionService


class BrowserParts(ServiceParts):
    @cached_property
    def remote_browsers(self) -> RemoteBrowserEndpoints | None:
        """A browser per run that outlives the step invocations; None: the step's own."""

        def build() -> RemoteBrowserEndpoints | None:
            if self.settings.remote_browser == "agentcore":
                from ..adapters.aws.agentcore_browser import build_agentcore_browser

                return build_agentcore_browser(self.settings, self.artifacts)
            return None

        return self._get("remote_browsers", build)

    @cached_property
    def browser(self) -> BrowserProvider:
        def build() -> BrowserProvider:
            from ..adapters.playwright_browser import PlaywrightBrowserProvider
            from ..adapters.run_recorder import RunRecorder

            recorder = RunRecorder(
                self.recordings,
                video=self.settings.video_on,
                trace=self.settings.trace_on,
                browsers=self.settings.playwright_browsers_path,
            )
            return PlaywrightBrowserProvider(
                self.settings,
                state_store=self.artifacts,
                remote_browsers=self.remote_browsers,
                recorder=recorder,
                secrets=self.secrets,
            )

        return self._get("browser", build)

    @cached_property
    def browser_sessions(self) -> BrowserSessionService | None:
        """Persistent browser sessions; locally a closed session's browser context closes."""

        def build() -> BrowserSessionService | None:
            from ..services.browser_sessions import BrowserSessionService

            egress = EgressPolicy.build(
                allow_private=self.settings.private_urls_allowed,
                allowed=self.settings.browser_allowed_private,
            )
            if self.on_aws:
                store = self.aws.browser_sessions
                if store is None:
                    return None
                return BrowserSessionService(
                    store, self.store, self.clock, state_store=self.artifacts, egress=egress
                )

            async def close_browser(browser_session_id: str) -> None:
                browser = self.browser
                if isinstance(browser, SessionBrowserProvider):
                    await browser.close_session(browser_session_id)

            from ..adapters.sqlite_browser_sessions import SqliteBrowserSessionStore

            local: BrowserSessionStore = SqliteBrowserSessionStore(
                self.settings.data_dir / "stratus.db"
            )
            return BrowserSessionService(
                local,
                self.store,
                self.clock,
                state_store=self.artifacts,
                close_browser=close_browser,
                egress=egress,
            )

        return self._get("browser_sessions", build)

    @cached_property
    def browser_profiles(self) -> BrowserProfileService | None:
        """Browser profiles, sealed with the deployment's SecretBox, beside the runs."""

        def build() -> BrowserProfileService | None:
            from ..services.browser_profiles import BrowserProfileService

            store: BrowserProfileStore | None
            secrets: SecretBox | None
            if self.on_aws:
                store, secrets = self.aws.browser_profiles, self.aws.profile_secrets
            else:
                from ..adapters.sqlite_browser_profiles import SqliteBrowserProfileStore

                store = SqliteBrowserProfileStore(self.settings.data_dir / "stratus.db")
                secrets = self.secrets
            if store is None or secrets is None:
                return None
            return BrowserProfileService(
                store,
                secrets,
                self.clock,
                self.artifacts,
                sessions=self.browser_sessions,
                runs=self.store,
            )

        return self._get("browser_profiles", build)
