import pytest

from stratus.engines.cua_actions import CuaAction, Display, key_chord, play_actions, playwright_key

pytestmark = pytest.mark.unit


class RecordingPage:
    """Records mouse and keyboard calls like Playwright's page.mouse / page.keyboard."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.calls: list[tuple] = []
        self.fail_on = fail_on
        self.mouse = self._device("mouse")
        self.keyboard = self._device("keyboard")

    def _device(self, name):
        page = self

        class Device:
            def __getattr__(self, method):
                async def call(*args, **kwargs):
                    if page.fail_on == method:
                        raise RuntimeError(f"{method} broke")
                    page.calls.append((name, method, args, kwargs))

                return call

        return Device()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Return", "Enter"),
        ("ENTER", "Enter"),
        ("esc", "Escape"),
        ("ArrowDown", "ArrowDown"),
        ("Page_Down", "PageDown"),
        ("f5", "F5"),
        ("a", "a"),
        ("super", "Meta"),
    ],
)
def test_provider_key_names_become_playwright_keys(name, expected):
    assert playwright_key(name) == expected


@pytest.mark.parametrize(
    ("keys", "chord"),
    [
        (("CTRL", "A"), "Control+a"),
        (("ctrl+shift+t",), "Control+Shift+t"),
        (("ctrl c",), "Control+c"),
        (("Return",), "Enter"),
        (("A",), "A"),
    ],
)
def test_chords_from_every_provider(keys, chord):
    assert key_chord(keys) == chord


def test_display_scales_model_coordinates_and_clamps_to_the_viewport():
    display = Display(1000, 1000, 1280, 800)
    assert display.to_page(500, 500) == (640.0, 400.0)
    assert display.to_page(1000, 1000) == (1279.0, 799.0)
    assert display.to_page(-5, 10) == (0.0, 8.0)
    assert display.scale_y(100) == 80.0


async def test_actions_play_on_mouse_and_keyboard_in_page_coordinates():
    page = RecordingPage()
    display = Display(640, 400, 1280, 800)  # the model saw a half-size screen
    actions = [
        CuaAction("click", x=10, y=20),
        CuaAction("double_click", x=1, y=2),
        CuaAction("type", text="hi"),
        CuaAction("key", keys=("ctrl", "a")),
        CuaAction("scroll", x=5, y=5, scroll_y=100),
        CuaAction("drag", path=((0, 0), (10, 10))),
        CuaAction("wait", seconds=60),
        CuaAction("screenshot"),
    ]
    slept = []

    async def sleep(seconds):
        slept.append(seconds)

    result = await play_actions(page, actions, display, sleep=sleep)

    assert all(r.success for r in result.records)
    assert ("mouse", "click", (20.0, 40.0), {"button": "left"}) in page.calls
    assert ("mouse", "dblclick", (2.0, 4.0), {}) in page.calls
    assert ("keyboard", "type", ("hi",), {}) in page.calls
    assert ("keyboard", "press", ("Control+a",), {}) in page.calls
    assert ("mouse", "wheel", (0.0, 200.0), {}) in page.calls
    assert ("mouse", "down", (), {}) in page.calls
    assert ("mouse", "move", (20.0, 20.0), {"steps": 5}) in page.calls
    assert slept == [5.0]  # waits are capped
    assert result.records[0].params == {"x": 10, "y": 20}
    assert result.executed == 7


async def test_a_failing_action_is_recorded_and_the_rest_skipped():
    page = RecordingPage(fail_on="type")
    actions = [CuaAction("type", text="x"), CuaAction("key", keys=("Enter",))]
    result = await play_actions(page, actions, Display(10, 10, 10, 10))
    assert [r.success for r in result.records] == [False, False]
    assert result.records[0].error == "RuntimeError: type broke"
    assert result.records[1].params["skipped"] is True


async def test_unsupported_and_pointless_actions_fail_clearly():
    page = RecordingPage()
    result = await play_actions(
        page, [CuaAction("unsupported", text="triple_click")], Display(10, 10, 10, 10)
    )
    assert result.records[0].error == "ValueError: unsupported action: triple_click"
    result = await play_actions(page, [CuaAction("click")], Display(10, 10, 10, 10))
    assert result.records[0].error == "ValueError: click needs a coordinate"
