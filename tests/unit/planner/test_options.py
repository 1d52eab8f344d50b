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


SIZES = [("Pick one", ""), ("Fewer than 10 people", "s"), ("10 - 49 people", "m"), ("50+", "l")]


@pytest.mark.parametrize(
    ("wanted", "index"), [("about 30 staff", 2), ("roughly 5", 1), ("we are 120 people", 3)]
)
def test_a_number_picks_the_range_holding_it(wanted: str, index: int) -> None:
    assert best_option(wanted, SIZES) == index


def test_a_phrase_picks_the_option_sharing_most_words() -> None:
    hosting = [("Shared hosting", "a"), ("A dedicated server", "b"), ("Managed cloud server", "c")]
    assert best_option("a server in the cloud", hosting) == 2
    assert best_option("something unrelated", hosting) is None
