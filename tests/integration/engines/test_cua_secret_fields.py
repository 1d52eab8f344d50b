"""A computer-use model types a password by coordinates alone: the page gets it, and the
step's records and saved model replies show it masked."""

from __future__ import annotations

import json

import pytest

from stratus.agent.secret_fields import MASK
from stratus.domain.models import TaskSpec
from stratus.domain.status import Engine
from stratus.engines.cua import OpenAICuaEngine
from tests.integration.engines.harness import drive, make_run
from tests.integration.engines.scripted import ScriptedCua, center, openai_response

pytestmark = pytest.mark.integration

PASSWORD = "secret"  # what the fixture's sign-in page accepts


async def test_a_password_typed_by_coordinates_is_masked_in_records_and_artifacts(
    fixture_server, browser, tmp_path
):
    spec = TaskSpec(goal="Sign in as grace", url=fixture_server.url("/login2fa/"))
    run = make_run(Engine.openai_cua, spec)
    page = (await browser.session_for(run)).page

    async def username(request):
        x, y = await center(page, "#username")
        click = {"type": "click", "button": "left", "x": x, "y": y}
        return openai_response(
            "resp_1", calls=[("call_1", click), ("call_2", {"type": "type", "text": "grace"})]
        )

    async def password(request):
        x, y = await center(page, "#password")
        click = {"type": "click", "button": "left", "x": x, "y": y}
        typing = {"type": "type", "text": PASSWORD}
        return openai_response("resp_2", calls=[("call_3", click), ("call_4", typing)])

    async def sign_in(request):
        x, y = await center(page, "button[type=submit]")
        click = {"type": "click", "button": "left", "x": x, "y": y}
        return openai_response("resp_3", calls=[("call_5", click)])

    async def done(request):
        return openai_response("resp_4", text="Signed in; the site asks for a code.")

    llm = ScriptedCua([username, password, sign_in, done])
    driven = await drive(OpenAICuaEngine(), run, browser, str(tmp_path), llm=llm)

    assert driven.status == "completed", driven.failure_reason
    assert "/login2fa/verify.html" in page.url  # the site took the real password
    typed = [r for r in driven.records if r.action_type == "type"]
    assert [r.params["text"] for r in typed] == ["grace", MASK]
    assert typed[1].params["masked"] is True and "masked" not in typed[0].params
    for outcome in driven.outcomes[:2]:
        assert PASSWORD not in json.dumps([r.model_dump(mode="json") for r in outcome.actions])
        stored = {a.name: a.data.decode() for a in outcome.artifacts if a.name.endswith(".json")}
        assert {"llm_reply.json", "actions.json"} <= set(stored)
        for name, text in stored.items():
            assert f'"{PASSWORD}"' not in text, name
    [reply] = [a.data.decode() for a in driven.outcomes[0].artifacts if a.name == "llm_reply.json"]
    assert '"grace"' in reply  # an ordinary field's text is kept
