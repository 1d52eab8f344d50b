"""What counts as interactive: strong signals, script listeners, cursor:pointer, containers."""

import pytest

from stratus.agent.snapshot import take_snapshot

pytestmark = pytest.mark.integration

MARKUP = """
<div id="delegating"><button type="button">Inside one</button><button>Inside two</button></div>
<div id="card" style="cursor:pointer">Open card</div>
<a href="/x" id="link"><span style="cursor:pointer">Link text</span></a>
<div role="tab" id="tab">Settings tab</div>
<div tabindex="0" id="focusable">Focusable box</div>
<div contenteditable="true" id="editor">Draft <b>bold</b></div>
<details><summary>More details</summary><p>Hidden body</p></details>
<span onclick="void 0" id="inline">Inline handler</span>
<input type="hidden" name="token" value="t">
<button disabled id="off">Disabled one</button>
"""


async def test_signals_and_containers(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/table/"))
    await page.evaluate(
        """(html) => {
          const box = document.createElement('section');
          box.innerHTML = html;
          document.querySelector('main').append(box);
          document.getElementById('delegating').addEventListener('click', () => {});
        }""",
        MARKUP,
    )
    snapshot = await take_snapshot(page)
    by_html_id = {e.attrs.get("id"): e for e in snapshot.elements if e.attrs.get("id")}
    names = [e.name for e in snapshot.elements]
    assert "delegating" not in by_html_id  # a listener on a container of real controls
    assert {"Inside one", "Inside two"} <= set(names)
    assert by_html_id["card"].name == "Open card"  # cursor:pointer without a clickable parent
    assert names.count("Link text") == 1 and by_html_id["link"].tag == "a"
    assert by_html_id["tab"].role == "tab"
    assert by_html_id["focusable"].name == "Focusable box"
    assert by_html_id["editor"].value == "Draft bold"
    assert "More details" in names
    assert by_html_id["inline"].tag == "span"
    assert by_html_id["off"].disabled
    assert not any(e.attrs.get("name") == "token" for e in snapshot.elements)
