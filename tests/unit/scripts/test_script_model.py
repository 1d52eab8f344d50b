import pytest

from stratus.domain.models import ActionRecord, Run, Step, TaskSpec
from stratus.domain.snapshot import ElementInfo, PageSnapshot, SelectOption
from stratus.domain.status import ApiFamily, Engine, RunType
from stratus.scripts.locators import locator_for, resolve
from stratus.scripts.model import goal_key, site_of
from stratus.scripts.recorder import bound_value, build_script
from stratus.scripts.service import ScriptService
from tests.fakes.script_store import MemoryScriptStore

pytestmark = pytest.mark.unit

GOAL = "Apply. Name: Chris P. Bacon, Email: chris@pbacon.com, Country: Canada. Upload resume.pdf"


def email_box(**kw) -> ElementInfo:
    base = dict(
        id="e3",
        tag="input",
        role="textbox",
        type="email",
        name="Email *",
        attrs={"id": "email", "name": "email", "placeholder": "you@example.com"},
    )
    return ElementInfo(**{**base, **kw})


def record(action_type: str, target: ElementInfo, **params) -> ActionRecord:
    return ActionRecord(
        action_type=action_type,
        element_id=target.id,
        params={**params, "target": target.model_dump(exclude_none=True)},
    )


def a_run(goal: str = GOAL, url: str = "http://site.test:8080/job/?ref=x") -> Run:
    return Run(
        run_id="tsk_1",
        organization_id="o_1",
        api_family=ApiFamily.v1,
        run_type=RunType.task_v1,
        engine=Engine.skyvern_v1,
        spec=TaskSpec(goal=goal, url=url),
    )


def test_site_and_goal_key_ignore_fact_values() -> None:
    assert site_of("http://site.test:8080/job/?ref=x#top") == "http://site.test:8080/job/"
    first = goal_key(GOAL, {"Name": "Chris P. Bacon", "Email": "chris@pbacon.com"})
    second = goal_key(
        GOAL.replace("Chris P. Bacon", "Ann Lee")
        .replace("chris@pbacon.com", "ann@lee.io")
        .replace("resume.pdf", "cv.docx"),
        {"Name": "Ann Lee", "Email": "ann@lee.io"},
    )
    assert first == second
    assert "{name}" in first and "chris" not in first


def test_recorder_binds_values_to_facts() -> None:
    first = ElementInfo(id="e1", tag="input", role="textbox", name="First name", attrs={"id": "fn"})
    last = ElementInfo(id="e2", tag="input", role="textbox", name="Last name", attrs={"id": "ln"})
    country = ElementInfo(
        id="e4",
        tag="select",
        role="combobox",
        name="Country",
        options=[SelectOption(value="", text="--"), SelectOption(value="ca", text="Canada")],
    )
    upload = ElementInfo(id="e5", tag="input", type="file", name="Resume")
    nxt = ElementInfo(id="e6", tag="button", role="button", name="Next")
    skipped = record("input_text", first, text="zzz", skipped=True)
    skipped.success = False
    steps = [
        Step(
            step_id="s1",
            run_id="tsk_1",
            organization_id="o_1",
            order=0,
            actions=[
                record("input_text", first, text="Chris"),
                record("input_text", last, text="Bacon"),
                record("input_text", email_box(), text="chris@pbacon.com"),
                record("select_option", country, option="ca"),
                record("upload_file", upload, file="resume.pdf"),
                record("click", nxt, url_after="http://site.test:8080/job/step2.html?x=1"),
                skipped,
                ActionRecord(action_type="complete"),
            ],
        )
    ]
    script = build_script(a_run(), steps)
    assert script is not None and len(script.steps) == 6
    bindings = [s.value_binding.model_dump(exclude_none=True) for s in script.steps[:5]]
    assert bindings == [
        {"fact": "Name", "part": "first"},
        {"fact": "Name", "part": "last"},
        {"fact": "Email"},
        {"fact": "Country"},
        {"named_file": 0},
    ]
    assert script.steps[5].expect_url_path == "/job/step2.html"
    new_facts = {"Name": "Ann Lee", "Email": "ann@lee.io", "Country": "Germany"}
    values = [bound_value(s.value_binding, new_facts, ["cv.pdf"]) for s in script.steps[:5]]
    assert values == ["Ann", "Lee", "ann@lee.io", "Germany", "cv.pdf"]


def test_locator_keeps_stable_attributes_only() -> None:
    element = email_box(attrs={"id": "input-83421", "name": "email", "data-testid": "email"})
    locator = locator_for(element)
    assert locator.attrs == {"name": "email", "data-testid": "email"}


def test_resolve_by_name_then_attributes_and_miss_reason() -> None:
    locator = locator_for(email_box())
    renamed = email_box(id="e9", name="E-mail")  # same id/name attributes, new label
    other = ElementInfo(id="e1", tag="input", role="textbox", name="First name")
    page = PageSnapshot(url="u", elements=[other, renamed])
    found = resolve(page, locator)
    assert found.element is not None and found.element.id == "e9"
    changed = email_box(id="e9", name="Contact address", attrs={"id": "c", "name": "c"})
    missed = resolve(PageSnapshot(url="u", elements=[other, changed]), locator)
    assert missed.element is None
    assert missed.reason == "no element matches role=textbox name~'Email *'"


def test_resolve_distinguishes_radio_groups() -> None:
    def radio(id_: str, name: str, group: str) -> ElementInfo:
        return ElementInfo(id=id_, tag="input", type="radio", role="radio", name=name, group=group)

    page = PageSnapshot(
        url="u",
        elements=[radio("a", "Yes", "Relocate?"), radio("b", "Yes", "Authorized to work?")],
    )
    found = resolve(page, locator_for(radio("x", "Yes", "Authorized to work?")))
    assert found.element is not None and found.element.id == "b"


async def test_service_records_and_finds_per_organization() -> None:
    store = MemoryScriptStore()
    service = ScriptService(store)
    step = Step(
        step_id="s1",
        run_id="tsk_1",
        organization_id="o_1",
        order=0,
        actions=[record("input_text", email_box(), text="chris@pbacon.com")],
    )
    script = await service.record(a_run(), [step])
    assert script is not None
    again = a_run(GOAL.replace("chris@pbacon.com", "x@y.io"), url="http://site.test:8080/job/")
    assert service.find_for(again) == script
    other_org = again.model_copy(update={"organization_id": "o_2"})
    assert service.find_for(other_org) is None
    assert await service.record(a_run(), []) is None


def test_a_shared_fieldset_legend_is_not_identity() -> None:
    def box(id_: str, name: str, attr: str) -> ElementInfo:
        return ElementInfo(
            id=id_, tag="input", role="textbox", name=name, group="About you", attrs={"name": attr}
        )

    locator = locator_for(box("x", "Email *", "email"))
    page = PageSnapshot(
        url="u", elements=[box("a", "First name", "first"), box("b", "Contact", "c")]
    )
    assert resolve(page, locator).element is None


def test_values_no_fact_gave_are_withheld_unless_every_run_would_type_them() -> None:
    notes = ElementInfo(id="e7", tag="textarea", role="textbox", name="Notes")
    size = ElementInfo(
        id="e8",
        tag="select",
        role="combobox",
        name="T-shirt size",
        options=[SelectOption(value="m", text="Medium"), SelectOption(value="l", text="Large")],
    )
    upload = ElementInfo(id="e5", tag="input", type="file", name="Resume")
    steps = [
        Step(
            step_id="s1",
            run_id="tsk_1",
            organization_id="o_1",
            order=0,
            actions=[
                record("input_text", notes, text="Lives at 12 Elm St, allergic to nuts"),
                record("select_option", size, option="Large"),
                record("upload_file", upload, file="passport-chris.pdf"),
            ],
        )
    ]
    script = build_script(a_run(), steps)
    assert script is not None
    typed, chosen, uploaded = (s.value_binding for s in script.steps)
    assert typed.withheld and typed.literal is None
    assert "Elm" not in script.model_dump_json()
    assert chosen.literal == "Large"  # one of the field's own options
    assert uploaded.withheld and "passport" not in script.model_dump_json()
