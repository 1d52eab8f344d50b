"""The ScriptStore contract: every adapter (SQLite, DynamoDB on moto, the in-memory fake)
subclasses ScriptStoreContract and provides a ``script_store`` fixture."""

from __future__ import annotations

import random
import string
from datetime import UTC, datetime, timedelta, timezone

from stratus.domain.ids import new_id
from stratus.scripts.model import Locator, Script, ScriptAction, ValueBinding

SITE = "https://jobs.example.com/apply/"
GOAL = "apply with {name} and {email}"
T0 = datetime(2026, 3, 1, 12, 0, 0, 250_000, tzinfo=UTC)


def make_action(index: int = 0, text: str | None = None) -> ScriptAction:
    return ScriptAction(
        action_type="input_text",
        locator=Locator(
            role="textbox",
            name=f"Field {index}",
            label=text,
            tag="input",
            type="text",
            attrs={"name": f"field_{index}", "data-testid": f"f{index}"},
        ),
        value_binding=ValueBinding(fact=f"fact_{index}"),
        params={"checked": index % 2 == 0},
        expect_url_path=f"/apply/step-{index}",
    )


def make_script(
    org: str = "o_1",
    *,
    site: str = SITE,
    goal_key: str = GOAL,
    created_at: datetime = T0,
    steps: list[ScriptAction] | None = None,
) -> Script:
    return Script(
        script_id=new_id("scr"),
        organization_id=org,
        site=site,
        goal_key=goal_key,
        steps=[make_action(0), make_action(1)] if steps is None else steps,
        source_run_id=new_id("tsk"),
        created_at=created_at,
    )


def varied_text(rng: random.Random, length: int) -> str:
    """Text that does not compress away: a store must really hold this many bytes."""
    alphabet = string.ascii_letters + string.digits + " "
    return "".join(rng.choice(alphabet) for _ in range(length))


class ScriptStoreContract:
    def test_save_and_find_round_trip(self, script_store) -> None:
        script = make_script()
        script_store.save(script)
        assert script_store.find("o_1", SITE, GOAL) == script

    def test_find_missing_is_none(self, script_store) -> None:
        script_store.save(make_script())
        assert script_store.find("o_1", SITE, "another goal") is None
        assert script_store.find("o_1", "https://jobs.example.com/other/", GOAL) is None
        assert script_store.find("o_404", SITE, GOAL) is None
        assert script_store.list("o_404") == []

    def test_save_replaces_the_script_of_the_same_site_and_goal(self, script_store) -> None:
        first = make_script()
        second = make_script(created_at=T0 + timedelta(minutes=5), steps=[make_action(7)])
        script_store.save(first)
        script_store.save(second)
        assert script_store.find("o_1", SITE, GOAL) == second
        assert [s.script_id for s in script_store.list("o_1")] == [second.script_id]

    def test_organizations_are_isolated(self, script_store) -> None:
        ours = make_script("o_1")
        theirs = make_script("o_10", steps=[make_action(3)])
        script_store.save(ours)
        script_store.save(theirs)
        assert script_store.find("o_1", SITE, GOAL) == ours
        assert script_store.find("o_10", SITE, GOAL) == theirs
        assert [s.script_id for s in script_store.list("o_1")] == [ours.script_id]
        assert [s.script_id for s in script_store.list("o_10")] == [theirs.script_id]

    def test_list_is_newest_first(self, script_store) -> None:
        scripts = [
            make_script(goal_key=f"goal {i}", created_at=T0 + timedelta(seconds=i))
            for i in range(5)
        ]
        for script in random.Random(7).sample(scripts, len(scripts)):
            script_store.save(script)
        listed = script_store.list("o_1")
        assert [s.script_id for s in listed] == [s.script_id for s in reversed(scripts)]
        assert listed == list(reversed(scripts))

    def test_a_replaced_script_moves_to_its_new_place_in_the_list(self, script_store) -> None:
        old = make_script(goal_key="goal a", created_at=T0)
        middle = make_script(goal_key="goal b", created_at=T0 + timedelta(hours=1))
        script_store.save(old)
        script_store.save(middle)
        relearned = make_script(goal_key="goal a", created_at=T0 + timedelta(hours=2))
        script_store.save(relearned)
        listed = [s.script_id for s in script_store.list("o_1")]
        assert listed == [relearned.script_id, middle.script_id]

    def test_list_orders_by_instant_whatever_the_utc_offset(self, script_store) -> None:
        # 10:00 at +02:00 is 08:00 UTC: older than 09:00 UTC although it reads later.
        east = make_script(
            goal_key="east",
            created_at=datetime(2026, 3, 1, 10, 0, tzinfo=timezone(timedelta(hours=2))),
        )
        utc = make_script(goal_key="utc", created_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
        script_store.save(east)
        script_store.save(utc)
        assert [s.goal_key for s in script_store.list("o_1")] == ["utc", "east"]

    def test_site_and_goal_do_not_run_into_each_other(self, script_store) -> None:
        """Keys built by joining site and goal must still tell these two apart."""
        one = make_script(site="https://h.example/a", goal_key="b#c")
        other = make_script(site="https://h.example/a#b", goal_key="c")
        script_store.save(one)
        script_store.save(other)
        assert script_store.find("o_1", "https://h.example/a", "b#c") == one
        assert script_store.find("o_1", "https://h.example/a#b", "c") == other
        assert len(script_store.list("o_1")) == 2

    def test_long_goal_and_unusual_site_round_trip(self, script_store) -> None:
        goal = "fill the form with {name} " + " ".join(f"then field {i}" for i in range(400))
        site = "http://127.0.0.1:8123/formulaire/été/%20x/"
        script = make_script(site=site, goal_key=goal)
        script_store.save(script)
        assert len(goal) > 4000
        assert script_store.find("o_1", site, goal) == script
        assert script_store.find("o_1", site, goal[:-1]) is None

    def test_large_script_round_trips(self, script_store) -> None:
        rng = random.Random(11)
        steps = [make_action(i, text=varied_text(rng, 900)) for i in range(600)]
        script = make_script(steps=steps)
        assert len(script.model_dump_json()) > 600_000  # beyond one DynamoDB item as plain JSON
        script_store.save(script)
        assert script_store.find("o_1", SITE, GOAL) == script
        assert script_store.list("o_1") == [script]

    def test_a_saved_script_is_a_snapshot(self, script_store) -> None:
        script = make_script()
        script_store.save(script)
        script.steps.append(make_action(9))
        found = script_store.find("o_1", SITE, GOAL)
        assert found is not None and len(found.steps) == 2
        found.steps.clear()
        assert len(script_store.find("o_1", SITE, GOAL).steps) == 2
