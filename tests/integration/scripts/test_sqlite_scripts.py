import pytest

from stratus.adapters.sqlite_scripts import SqliteScriptStore
from stratus.scripts.model import Locator, Script, ScriptAction, ValueBinding

pytestmark = pytest.mark.integration


def a_script(script_id: str, org: str = "o_1", goal: str = "apply {name}") -> Script:
    return Script(
        script_id=script_id,
        organization_id=org,
        site="http://h/job/",
        goal_key=goal,
        steps=[
            ScriptAction(
                action_type="input_text",
                locator=Locator(role="textbox", name="Email", tag="input", attrs={"name": "e"}),
                value_binding=ValueBinding(fact="Email"),
            )
        ],
    )


def test_save_find_replace_list(tmp_path) -> None:
    path = tmp_path / "db" / "stratus.db"
    store = SqliteScriptStore(path)
    store.save(a_script("scr_1"))
    store.save(a_script("scr_2", goal="extract {x}"))
    store.save(a_script("scr_3", org="o_2"))
    found = store.find("o_1", "http://h/job/", "apply {name}")
    assert found is not None
    assert found.model_dump(exclude={"created_at"}) == a_script("scr_1").model_dump(
        exclude={"created_at"}
    )
    store.save(a_script("scr_4"))  # same organization, site and goal: replaces
    assert store.find("o_1", "http://h/job/", "apply {name}").script_id == "scr_4"
    assert {s.script_id for s in store.list("o_1")} == {"scr_2", "scr_4"}
    assert store.find("o_2", "http://h/job/", "extract {x}") is None
    store.close()
    reopened = SqliteScriptStore(path)
    assert reopened.find("o_2", "http://h/job/", "apply {name}").script_id == "scr_3"
    assert reopened._db.query("PRAGMA journal_mode")[0][0] == "wal"
    reopened.close()
