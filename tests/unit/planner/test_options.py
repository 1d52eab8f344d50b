import pytest

from stratus.planner.options import best_option, is_consent, split_choices, truthiness

pytestmark = pytest.mark.unit

COUNTRIES = [("Select a country", ""), ("United States", "us"), ("Canada", "ca"), ("Mexico", "mx")]


@pytest.mark.parametrize(
    ("wanted", "index"),
    [("Canada", 2), ("us", 1), ("united states", 1), ("Mexica", 3), ("France", None), ("", None)],
)
def test_best_option(wanted: str, index: int | None) -> None:
    assert best_option(wanted, COUNTRIES) == index


def test_yes_no_and_booleans() -> None:
    options = [("Yes, I will relocate", "y"), ("No", "n")]
    assert best_option("true", [("Yes", "1"), ("No", "0")]) == 0
    assert best_option("no", options) == 1
    assert truthiness("Yes") is True
    assert truthiness("false") is False
    assert truthiness("maybe") is None


def test_placeholders_are_never_chosen() -> None:
    assert best_option("select", [("-- Select --", ""), ("Blue", "b")]) is None


def test_split_choices_and_consent() -> None:
    assert split_choices("Python, SQL and Go") == ["Python", "SQL", "Go"]
    assert is_consent("I agree to the Terms of Service")
    assert not is_consent("Subscribe to the newsletter")
