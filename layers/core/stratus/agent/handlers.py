"""What each action does to the page. Handlers raise ActionFailed with a precise reason."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

from ..domain.engine import StepArtifact
from ..domain.models import DownloadedFile, Run
from ..domain.snapshot import ElementInfo, PageSnapshot
from ..ports import BrowserSession, VerificationCodes
from . import actions as a
from .action_errors import ActionFailed
from .action_timeouts import ACTION_TIMEOUT_MS
from .dispatch import Dispatch
from .files import FileRefused, resolve_upload, save_download
from .gestures import drag, select_text
from .key_listeners import read_field
from .navigation import NavigationRefused, web_url
from .option_match import match_option
from .pointer import click_element
from .snapshot import take_snapshot
from .snapshot_render import element_kind
from .targets import ElementNotFound, locate_element
from .totp import find_code_fields, type_code
from .typed_value import check_landed

NAVIGATION_TIMEOUT_MS = 30_000
DOWNLOAD_TIMEOUT_MS = 30_000
CAPTCHA_REASON = "a CAPTCHA blocks the page and no solver is configured"
# Types where typing key by key does not work (browsers render their own pickers).
FILL_TYPES = {"date", "datetime-local", "month", "week", "time", "number", "range", "color"}
HANDLERS = Dispatch()  # action model -> its handler, filled in by @handles below
handles = HANDLERS.handles


class StaleElement(ElementNotFound):
    """The element was re-rendered away and several elements now look like it."""

    def __init__(self, element_id: str, known: ElementInfo, matches: list[ElementInfo]) -> None:
        super().__init__(element_id)
        self.known = known
        self.matches = matches

    def reason(self) -> str:
        ids = ", ".join(m.id for m in self.matches[:8])
        return (
            f"element id {self.element_id!r} no longer exists on the page; "
            f"{len(self.matches)} elements now look like it ({element_kind(self.known)} "
            f"{self.known.name!r}): {ids}"
        )


def _same_element(candidate: ElementInfo, known: ElementInfo) -> bool:
    """The same control after a re-render: same frame, kind and name (a name is needed)."""
    return (
        bool(known.name)
        and candidate.frame == known.frame
        and element_kind(candidate) == element_kind(known)
        and " ".join(candidate.name.split()) == " ".join(known.name.split())
    )


@dataclass
class ActionEnv:
    session: BrowserSession
    snapshot: PageSnapshot
    files_dir: str
    codes: VerificationCodes | None
    run: Run | None
    verification_timeout_seconds: float
    downloads: list[tuple[DownloadedFile, StepArtifact]] = field(default_factory=list)
    saved_download_ids: set[int] = field(default_factory=set)
    terminate_reason: str | None = None
    resolved: dict[str, str] = field(default_factory=dict)  # stale id -> its re-rendered twin

    @property
    def page(self) -> Any:
        return self.session.page

    async def locator(self, element_id: str) -> Any:
        """The element's locator. An id gone stale after a re-render (a calendar's month
        moved, a list redrawn) is resolved again by its kind and name when exactly one
        element now matches; several raise StaleElement, none ElementNotFound."""
        try:  # the step's id, or the twin found at an earlier re-render
            return await locate_element(self.page, self.resolved.get(element_id, element_id))
        except ElementNotFound:
            # re-rendered again since: look for the element the step's snapshot knew
            known = self.snapshot.element(element_id)
            if known is None:
                raise
            fresh = await take_snapshot(self.page)
            matches = [e for e in fresh.elements if _same_element(e, known)]
            if not matches:
                raise
            if len(matches) > 1:
                raise StaleElement(element_id, known, matches) from None
            self.resolved[element_id] = matches[0].id
            return await locate_element(self.page, matches[0].id)

    async def keep_download(self, download: Any) -> DownloadedFile:
        self.saved_download_ids.add(id(download))
        try:
            downloaded, artifact = await save_download(download, self.files_dir)
        except FileRefused as error:
            raise ActionFailed(str(error)) from None
        self.downloads.append((downloaded, artifact))
        return downloaded


@handles(a.ClickAction)
async def click(env: ActionEnv, action: a.ClickAction, target: ElementInfo) -> dict[str, Any]:
    locator = await env.locator(action.element_id)
    if target.tag == "input" and (target.type or "") in ("checkbox", "radio"):
        try:
            await locator.click(timeout=ACTION_TIMEOUT_MS)
        except Exception:  # styled inputs are often hidden behind their label
            await _click_label(locator)
        return {}
    if await click_element(locator, ACTION_TIMEOUT_MS):
        return {"mouse_events": "dispatched to the element: the browser sent them to another"}
    return {}


async def _click_label(locator: Any) -> None:
    await locator.evaluate(
        "el => { const l = (el.labels && el.labels[0]) || el.closest('label'); (l || el).click(); }"
    )


@handles(a.InputTextAction)
async def input_text(
    env: ActionEnv, action: a.InputTextAction, target: ElementInfo
) -> dict[str, Any]:
    if target.tag == "select":
        return await _select(env, action.element_id, target, action.text)
    locator = await env.locator(action.element_id)
    field = target.tag in ("input", "textarea")
    before, keys_heard = await read_field(locator, ACTION_TIMEOUT_MS)
    if (target.type or "").lower() in FILL_TYPES or not keys_heard:
        await locator.fill(action.text, timeout=ACTION_TIMEOUT_MS)
    else:  # the page listens to keys: each one is pressed
        await locator.fill("", timeout=ACTION_TIMEOUT_MS)
        await locator.press_sequentially(action.text, timeout=ACTION_TIMEOUT_MS * 4)
    if field:
        value = await locator.input_value(timeout=ACTION_TIMEOUT_MS)
        if value != action.text:
            await check_landed(locator, action.text, value, before or "", ACTION_TIMEOUT_MS)
            return {"value_after": value}
    return {}


@handles(a.SelectOptionAction)
async def select_option(
    env: ActionEnv, action: a.SelectOptionAction, target: ElementInfo
) -> dict[str, Any]:
    return await _select(env, action.element_id, target, action.option)


async def _select(
    env: ActionEnv, element_id: str, target: ElementInfo, wanted: str
) -> dict[str, Any]:
    locator = await env.locator(element_id)
    if target.tag != "select":  # a custom dropdown: open it, pick the option by its name
        await locator.click(timeout=ACTION_TIMEOUT_MS)
        option = env.page.get_by_role("option", name=wanted).first
        await option.click(timeout=ACTION_TIMEOUT_MS)
        return {"selected": {"text": wanted}}
    options = target.options or []
    chosen = match_option(options, wanted)
    if chosen is None:
        labels = ", ".join(repr(o.text) for o in options[:20])
        raise ActionFailed(f"no option matches {wanted!r} (options: {labels})")
    if chosen.disabled:
        raise ActionFailed(f"the option {chosen.text!r} is disabled and cannot be chosen")
    values = [chosen.value]
    if "multiple" in (target.states or []):  # keeps what is selected: one more option
        kept = await locator.evaluate("el => Array.from(el.selectedOptions, o => o.value)")
        values = [*dict.fromkeys([*kept, chosen.value])]
    await locator.select_option(value=values, timeout=ACTION_TIMEOUT_MS)
    return {"selected": {"value": chosen.value, "text": chosen.text}}


@handles(a.CheckboxAction)
async def checkbox(env: ActionEnv, action: a.CheckboxAction, target: ElementInfo) -> dict[str, Any]:
    locator = await env.locator(action.element_id)
    url_before = env.page.url
    try:
        await locator.set_checked(action.checked, timeout=ACTION_TIMEOUT_MS)
    except Exception:  # a hidden, styled input (click its label), or a change that submitted
        if env.page.url == url_before and await _checked(locator) is (not action.checked):
            await _click_label(locator)
    state = await _checked(locator)
    if state is None and env.page.url == url_before:
        # gone: a change that submits the form (a filter box) may not have committed yet
        with contextlib.suppress(Exception):
            await env.page.wait_for_url(
                lambda url: url != url_before, wait_until="commit", timeout=ACTION_TIMEOUT_MS
            )
    if env.page.url != url_before:
        return {}  # the new page is the change's effect
    if state != action.checked:
        raise ActionFailed(
            f"the checkbox did not become {'checked' if action.checked else 'unchecked'}"
        )
    return {}


async def _checked(locator: Any) -> bool | None:
    """The box's state; None when it is gone (the page moved on or re-rendered)."""
    try:
        if await locator.count() != 1:
            return None
        return bool(await locator.is_checked(timeout=ACTION_TIMEOUT_MS))
    except Exception:
        return None


@handles(a.UploadFileAction)
async def upload_file(
    env: ActionEnv, action: a.UploadFileAction, target: ElementInfo
) -> dict[str, Any]:
    try:
        path = resolve_upload(env.files_dir, action.file)
    except FileRefused as error:
        raise ActionFailed(str(error)) from None
    locator = await env.locator(action.element_id)
    if target.tag == "input" and (target.type or "") == "file":
        await locator.set_input_files(str(path), timeout=ACTION_TIMEOUT_MS)
    else:
        async with env.page.expect_file_chooser(timeout=ACTION_TIMEOUT_MS) as chooser:
            await locator.click(timeout=ACTION_TIMEOUT_MS)
        await (await chooser.value).set_files(str(path))
    return {"uploaded": path.name}


@handles(a.DownloadFileAction)
async def download_file(
    env: ActionEnv, action: a.DownloadFileAction, target: ElementInfo
) -> dict[str, Any]:
    locator = await env.locator(action.element_id)
    async with env.page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
        await locator.click(timeout=ACTION_TIMEOUT_MS)
    downloaded = await env.keep_download(await info.value)
    return {"filename": downloaded.filename, "checksum": downloaded.checksum}


@handles(a.HoverAction)
async def hover(env: ActionEnv, action: a.HoverAction, target: ElementInfo) -> dict[str, Any]:
    await (await env.locator(action.element_id)).hover(timeout=ACTION_TIMEOUT_MS)
    return {}


@handles(a.ScrollAction)
async def scroll(
    env: ActionEnv, action: a.ScrollAction, target: ElementInfo | None
) -> dict[str, Any]:
    sign = 1 if action.direction == "down" else -1
    if action.element_id:
        locator = await env.locator(action.element_id)
        await locator.evaluate(
            "(el, s) => { el.scrollIntoView({block: 'nearest'});"
            " el.scrollBy(0, s * Math.max(el.clientHeight * 0.8, 100)); }",
            sign,
        )
        return {}
    position = await env.page.evaluate(
        "s => { window.scrollBy(0, s * window.innerHeight * 0.8); return window.scrollY; }", sign
    )
    return {"scroll_y": position}


@handles(a.KeypressAction)
async def keypress(
    env: ActionEnv, action: a.KeypressAction, target: ElementInfo | None
) -> dict[str, Any]:
    if action.element_id:
        await (await env.locator(action.element_id)).press(action.key, timeout=ACTION_TIMEOUT_MS)
    else:
        await env.page.keyboard.press(action.key)
    return {}


@handles(a.GotoUrlAction)
async def goto_url(env: ActionEnv, action: a.GotoUrlAction, target: None) -> dict[str, Any]:
    try:
        url = web_url(action.url, env.page.url)
    except NavigationRefused as error:
        raise ActionFailed(str(error)) from None
    response = await env.page.goto(
        url, wait_until="domcontentloaded", timeout=NAVIGATION_TIMEOUT_MS
    )
    return {"status": response.status} if response is not None else {}


@handles(a.GoBackAction)
async def go_back(env: ActionEnv, action: a.GoBackAction, target: None) -> dict[str, Any]:
    response = await env.page.go_back(wait_until="domcontentloaded", timeout=NAVIGATION_TIMEOUT_MS)
    if response is None and env.page.url in ("about:blank", ""):
        raise ActionFailed("there is no previous page")
    return {}


@handles(a.ReloadAction)
async def reload(env: ActionEnv, action: a.ReloadAction, target: None) -> dict[str, Any]:
    await env.page.reload(wait_until="domcontentloaded", timeout=NAVIGATION_TIMEOUT_MS)
    return {}


@handles(a.WaitAction)
async def wait(env: ActionEnv, action: a.WaitAction, target: None) -> dict[str, Any]:
    seconds = min(action.seconds, a.MAX_WAIT_SECONDS)
    await asyncio.sleep(seconds)
    return {"waited_seconds": seconds}


@handles(a.VerificationCodeAction)
async def verification_code(
    env: ActionEnv, action: a.VerificationCodeAction, target: ElementInfo | None
) -> dict[str, Any]:
    if env.codes is None or env.run is None:
        raise ActionFailed("no verification code source is configured")
    fields = [target] if target is not None else find_code_fields(env.snapshot)
    if not fields:
        raise ActionFailed("no field for a verification code on the page")
    timeout = env.verification_timeout_seconds
    code = await env.codes.wait_for_code(env.run, timeout_seconds=timeout)
    if not code:
        env.terminate_reason = f"no verification code arrived within {timeout:g} s"
        raise ActionFailed(env.terminate_reason)
    locators = [await env.locator(f.id) for f in fields]
    await type_code(locators, code)
    found = {"target": fields[0].model_dump(exclude_none=True)} if target is None else {}
    return {**found, "fields": [f.id for f in fields], "code_length": len(code)}


@handles(a.SolveCaptchaAction)
async def solve_captcha(
    env: ActionEnv, action: a.SolveCaptchaAction, target: None
) -> dict[str, Any]:
    env.terminate_reason = CAPTCHA_REASON
    raise ActionFailed(CAPTCHA_REASON)


@handles(a.ExtractAction, a.CompleteAction, a.TerminateAction)
async def no_op(env: ActionEnv, action: Any, target: Any) -> dict[str, Any]:
    """extract / complete / terminate: the caller acts on them after execution."""
    return {}


handles(a.DragAction)(drag)  # gestures along a path: agent/gestures.py
handles(a.SelectTextAction)(select_text)
HANDLERS.check(a.ACTION_MODELS)  # an action without a handler fails at import
