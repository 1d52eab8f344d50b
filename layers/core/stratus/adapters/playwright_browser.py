"""BrowserProvider on Playwright: one Chromium per run, one context in it.

Each run gets a browser process of its own, launched lazily and closed on the run's final
release, so nothing kept per browser (the clipboard, downloads, permissions) is shared
between runs. When private URLs are not allowed, each browser talks to the network only
through an egress proxy of its own (``egress_proxy``), which refuses private addresses.

A run naming a persistent browser session (``pbs_...``) uses the session's context instead,
kept across runs: its state is saved after every step under the session's key, a run's end
leaves it open, and only ``close_session`` closes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from playwright.async_api import Browser, Playwright, async_playwright

from ..agent.page_activity import INIT_PROBE_JS as ACTIVITY_PROBE_SCRIPT
from ..config import Settings
from ..domain.browser_sessions import closed_session_state, session_state_key
from ..domain.models import Run
from ..ports import ArtifactStore, CdpEndpoint, NotFound, RemoteBrowserEndpoints, SecretBox
from ..services.egress_policy import EgressPolicy
from .browser_address import RunBrowserAddress
from .browser_init_script import CLICK_LISTENER_SCRIPT
from .browser_locale import proxy_key, proxy_settings, zone_for
from .browser_session import PlaywrightSession
from .browser_state import decode_state, encode_state, restore_page, state_key, state_version
from .egress_proxy import EgressProxy, Resolver
from .playwright_ffmpeg import use_browsers_path
from .run_recorder import RunRecorder

log = logging.getLogger(__name__)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class BrowserSessionClosed(Exception):
    """The run's browser session was closed: its browser cannot be used any more."""


@dataclass
class LaunchedBrowser:
    """A run's (or a browser session's) own Chromium, and the egress proxy in front of it."""

    browser: Browser
    egress: EgressProxy | None = None

    async def close(self) -> None:
        with contextlib.suppress(Exception):  # closing: a dead browser is closed too
            await self.browser.close()
        if self.egress is not None:
            await self.egress.close()


class PlaywrightBrowserProvider:
    def __init__(
        self,
        settings: Settings,
        *,
        state_store: ArtifactStore | None = None,
        remote_browsers: RemoteBrowserEndpoints | None = None,
        egress_resolver: Resolver | None = None,
        recorder: RunRecorder | None = None,
        secrets: SecretBox | None = None,
    ) -> None:
        self._settings = settings
        self._recorder = recorder or RunRecorder(None, video=False, trace=False)
        self._run_addresses = RunBrowserAddress(secrets)  # a run's own browser_address
        self._state_store = state_store
        self._remote_browsers = remote_browsers  # a browser per run that outlives the steps
        self._playwright: Playwright | None = None
        self._browsers: dict[str, LaunchedBrowser] = {}  # context key -> its own browser
        self._egress_resolver = egress_resolver  # tests map names; None: the system resolver
        self._egress_policy = EgressPolicy.build(
            allow_private=settings.private_urls_allowed, allowed=settings.browser_allowed_private
        )
        self._remote: dict[str, Browser] = {}  # run id -> browser reached over CDP
        self._sessions: dict[str, PlaywrightSession] = {}
        self._driver_lock = asyncio.Lock()  # one Playwright driver, started once
        self._launch_lock = asyncio.Lock()  # launches (and the final close) one at a time
        self._run_locks: dict[str, asyncio.Lock] = {}  # a slow restore blocks only its run
        self._session_of_run: dict[str, str] = {}  # run id -> the browser session it runs in
        self._closed_sessions: set[str] = set()
        # key -> version of the saved state this process's live context continues from
        self._versions: dict[str, int] = {}

    async def _pw(self) -> Playwright:
        async with self._driver_lock:
            if self._playwright is None:
                # where the driver finds the ffmpeg it records video with
                use_browsers_path(self._settings.playwright_browsers_path)
                self._playwright = await async_playwright().start()
            return self._playwright

    @property
    def _egress_on(self) -> bool:
        return not self._egress_policy.allow_private

    async def _browser_for(self, run: Run, key: str) -> Browser:
        """The key's own Chromium, launched on first use (again if it died)."""
        async with self._launch_lock:
            launched = self._browsers.pop(key, None)
            if launched is not None:
                if launched.browser.is_connected():
                    self._browsers[key] = launched
                    return launched.browser
                await launched.close()
            args = [*CHROMIUM_ARGS, *self._settings.chromium_extra_args]
            egress = None
            if self._egress_on:
                egress = EgressProxy(
                    self._egress_policy, resolve=self._egress_resolver, upstream=self._upstream(run)
                )
                await egress.start()
                args += egress.chromium_args()
            try:
                playwright = await self._pw()
                browser = await playwright.chromium.launch(
                    executable_path=self._settings.chromium_path,
                    headless=self._settings.headless,
                    args=args,
                )
            except BaseException:  # cleanup, then re-raised
                if egress is not None:
                    await egress.close()
                raise
            self._browsers[key] = LaunchedBrowser(browser, egress)
            return browser

    def _upstream(self, run: Run) -> str | None:
        """The run's proxy (``proxy_location``), chained behind the egress proxy."""
        key = proxy_key(run.spec.proxy_location)
        return self._settings.proxies.get(key) if key else None

    def take_refusals(self, run: Run) -> list[str]:
        """What the run's egress proxy refused since the last call ("blocked: ...")."""
        launched = self._browsers.get(_context_key(run))
        if launched is None or launched.egress is None:
            return []
        return launched.egress.take_refusals()

    def _run_lock(self, run_id: str) -> asyncio.Lock:
        return self._run_locks.setdefault(run_id, asyncio.Lock())

    def context_options(self, run: Run) -> dict[str, Any]:
        spec = run.spec
        options: dict[str, Any] = {
            "viewport": {
                "width": self._settings.viewport_width,
                "height": self._settings.viewport_height,
            },
            "accept_downloads": True,
        }
        if spec.extra_http_headers:
            options["extra_http_headers"] = dict(spec.extra_http_headers)
        if spec.user_agent:
            options["user_agent"] = spec.user_agent
        key = proxy_key(spec.proxy_location)
        # behind the egress proxy the run's proxy is chained there, not set on the context
        if key and key in self._settings.proxies and not self._egress_on:
            options["proxy"] = proxy_settings(self._settings.proxies[key])
        zone = zone_for(spec.proxy_location)
        if zone:
            options["timezone_id"], options["locale"] = zone
        return options

    def _saved_state(self, key: str) -> dict[str, Any] | None:
        if self._state_store is None:
            return None
        try:
            data, _ = self._state_store.get(_state_key(key))
        except NotFound:
            return None
        try:
            return decode_state(data)
        except ValueError:
            log.warning("unreadable browser state for %s", key)
            return None

    async def session_for(self, run: Run) -> PlaywrightSession:
        key = _context_key(run)
        async with self._run_lock(key):
            if key in self._closed_sessions:
                raise BrowserSessionClosed(f"browser session {key} was closed")
            joining = key != run.run_id and run.run_id not in self._session_of_run
            if key != run.run_id:
                self._session_of_run[run.run_id] = key
            saved = self._saved_state(key) if not run.spec.browser_address else None
            if saved and saved.get("closed"):
                self._closed_sessions.add(key)
                raise BrowserSessionClosed(f"browser session {key} was closed")
            session = self._sessions.get(key)
            if session is not None and _alive(session) and self._is_stale(key, saved):
                # Another process ran later steps of this run: its saved state is newer than
                # this live context, which must not be acted on.
                log.info("browser context of %s is older than its saved state; reopening", key)
                await self._drop(key)
                session = None
            if session is None or not _alive(session):
                await self._close_others(key)
                session = await self._open(run, key, saved)
                self._sessions[key] = session
            page = await session.ensure_page()  # every page may have been closed since
            if joining:
                await _leave_for_start_url(run, page)
            await self._recorder.begin_step(key, session.context, run)
            return session

    def _is_stale(self, key: str, saved: dict[str, Any] | None) -> bool:
        return state_version(saved) > self._versions.get(key, 0)

    async def _drop(self, key: str) -> None:
        session = self._sessions.pop(key, None)
        self._versions.pop(key, None)
        if session is not None:
            await self._close_session(key, session)

    async def _close_others(self, key: str) -> None:
        """Keep at most ``browser_contexts_per_process`` contexts open (one on Lambda): the
        others' runs saved their state after their last step and reopen it when needed."""
        limit = self._settings.contexts_per_process
        if limit is None:
            return
        others = [k for k in self._sessions if k != key]
        for other in others[: max(len(others) - limit + 1, 0)]:
            if self._run_lock(other).locked():
                continue  # a step of that run is under way here
            await self._drop(other)
            self._run_locks.pop(other, None)

    async def _open(self, run: Run, key: str, saved: dict[str, Any] | None) -> PlaywrightSession:
        endpoint = await self._cdp_endpoint(run, key)
        if endpoint is not None:
            playwright = await self._pw()
            remote = await playwright.chromium.connect_over_cdp(
                endpoint.url, headers=dict(endpoint.headers) or None
            )
            self._remote[run.run_id] = remote
            if remote.contexts:
                context = remote.contexts[0]
            else:
                context = await remote.new_context(**self.context_options(run))
            await context.add_init_script(CLICK_LISTENER_SCRIPT)
            await context.add_init_script(ACTIVITY_PROBE_SCRIPT)
            session = PlaywrightSession(context, owns_context=False)
        else:
            browser = await self._browser_for(run, key)
            options = {**self.context_options(run), **self._recorder.video_options(key, run)}
            if saved and saved.get("storage"):
                options["storage_state"] = saved["storage"]
            context = await browser.new_context(**options)
            await context.add_init_script(CLICK_LISTENER_SCRIPT)
            await context.add_init_script(ACTIVITY_PROBE_SCRIPT)
            session = PlaywrightSession(context)
        page = await session.ensure_page()
        self._versions[key] = state_version(saved)
        if saved and (endpoint is None or page.url == "about:blank"):  # a live page wins
            session.restore = await restore_page(page, saved)
        return session

    async def _cdp_endpoint(self, run: Run, key: str) -> CdpEndpoint | None:
        """The run's own browser_address; else, for a run in its own context, the remote
        browser backend's; None: the provider's own Chromium."""
        if run.spec.browser_address:
            return await self._run_addresses.endpoint(run)
        if self._remote_browsers is not None and key == run.run_id:
            return await self._remote_browsers.endpoint(run)
        return None

    async def release(self, run_id: str, *, final: bool) -> None:
        browser_session_id = self._session_of_run.get(run_id)
        if browser_session_id is not None:
            async with self._run_lock(browser_session_id):
                shared = self._sessions.get(browser_session_id)
                if shared is not None:
                    await self._recorder.end_step(browser_session_id, shared.context)
                await self._save(browser_session_id)
                if final:
                    self._session_of_run.pop(run_id, None)
            return
        async with self._run_lock(run_id):
            session = self._sessions.get(run_id)
            if session is not None:
                await self._recorder.end_step(run_id, session.context)
            if not final:
                if session is not None:
                    await self._save(run_id)
                    if self._recorder.video and self._settings.video_per_step:
                        await self._drop(run_id)  # its video is written as the context closes
                return
            if session is not None:
                del self._sessions[run_id]
                await self._close_session(run_id, session)
            self._versions.pop(run_id, None)
            if self._remote_browsers is not None:
                await self._remote_browsers.release(run_id)
        self._run_locks.pop(run_id, None)

    async def _save(self, key: str) -> None:
        session = self._sessions.get(key)
        if self._state_store is None or session is None or not _alive(session):
            return
        state = await session.save_state()
        version = self._versions.get(key, 0) + 1
        state["version"] = version
        self._state_store.put(_state_key(key), encode_state(state), "application/json")
        self._versions[key] = version

    async def close_session(self, browser_session_id: str) -> None:
        """Close a browser session's context for good; its saved state is marked closed."""
        async with self._run_lock(browser_session_id):
            self._closed_sessions.add(browser_session_id)
            for run_id, key in list(self._session_of_run.items()):
                if key == browser_session_id:
                    del self._session_of_run[run_id]
            session = self._sessions.pop(browser_session_id, None)
            if session is not None:
                await self._close_session(browser_session_id, session)
            if self._state_store is not None:
                key = session_state_key(browser_session_id)
                previous = self._saved_state(browser_session_id)
                closed = encode_state(closed_session_state(previous))
                self._state_store.put(key, closed, "application/json")
        self._run_locks.pop(browser_session_id, None)

    async def _close_session(self, run_id: str, session: PlaywrightSession) -> None:
        await self._recorder.end_step(run_id, session.context)
        if session.owns_context:
            with contextlib.suppress(Exception):  # closing: a dead context is closed too
                await session.context.close()
        await self._recorder.context_closed(run_id)
        remote = self._remote.pop(run_id, None)
        if remote is not None:
            with contextlib.suppress(Exception):  # closing: a dead remote is gone too
                await remote.close()
        launched = self._browsers.pop(run_id, None)  # the run's own browser goes with it
        if launched is not None:
            await launched.close()

    async def close(self) -> None:
        async with self._launch_lock:
            for run_id, session in list(self._sessions.items()):
                await self._close_session(run_id, session)
            self._sessions.clear()
            for launched in list(self._browsers.values()):
                await launched.close()
            self._browsers.clear()
            if self._playwright is not None:
                with contextlib.suppress(Exception):  # stopping: nothing left to tell
                    await self._playwright.stop()
                self._playwright = None


def _context_key(run: Run) -> str:
    """The session id for a run in a browser session; else the run's own id."""
    if run.spec.browser_address:
        return run.run_id
    return run.spec.browser_session_id or run.browser_session_id or run.run_id


def _state_key(key: str) -> str:
    return session_state_key(key) if key.startswith("pbs_") else state_key(key)


async def _leave_for_start_url(run: Run, page: Any) -> None:
    """A run joining a session with a start URL of its own starts there, in the same tab
    (cookies and the tab's session storage kept); without one it continues where the last
    run left off. The blank page lets the execution open the URL with its usual errors."""
    url = run.spec.url
    if run.step_count > 0 or not url or page.url == url:
        return
    with contextlib.suppress(Exception):  # the step opens the URL and reports
        await page.goto("about:blank")


def _alive(session: PlaywrightSession) -> bool:
    if session.closed:
        return False
    browser = session.context.browser
    return browser is None or browser.is_connected()
