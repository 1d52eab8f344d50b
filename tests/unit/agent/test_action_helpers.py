from pathlib import Path

import pytest

from stratus.agent.files import FileRefused, resolve_upload, safe_filename
from stratus.agent.option_match import match_option
from stratus.agent.totp import find_code_fields
from stratus.domain.snapshot import ElementInfo, PageSnapshot, SelectOption

pytestmark = pytest.mark.unit

COUNTRIES = [
    SelectOption(value="", text="Choose…"),
    SelectOption(value="us", text="United States"),
    SelectOption(value="uk", text="United Kingdom"),
    SelectOption(value="ca", text="Canada"),
]


@pytest.mark.parametrize(
    ("wanted", "value"),
    [
        ("ca", "ca"),
        ("canada", "ca"),
        ("  United Kingdom ", "uk"),
        ("Kingdom", "uk"),
        ("Canda", "ca"),
        ("United Stats", "us"),
    ],
)
def test_options_match_by_value_label_or_closeness(wanted, value):
    assert match_option(COUNTRIES, wanted).value == value


def test_no_option_matches_something_unrelated():
    assert match_option(COUNTRIES, "Mars") is None


def test_upload_resolves_bare_names_and_relative_paths(tmp_path: Path):
    (tmp_path / "cv.pdf").write_bytes(b"%PDF")
    assert resolve_upload(str(tmp_path), "cv.pdf") == tmp_path / "cv.pdf"
    assert resolve_upload(str(tmp_path), str(tmp_path / "cv.pdf")) == tmp_path / "cv.pdf"


def test_upload_refuses_paths_outside_the_files_directory(tmp_path: Path):
    inside = tmp_path / "files"
    inside.mkdir()
    (tmp_path / "secret.txt").write_text("x")
    with pytest.raises(FileRefused, match="outside the files directory"):
        resolve_upload(str(inside), "../secret.txt")
    with pytest.raises(FileRefused, match="outside the files directory"):
        resolve_upload(str(inside), str(tmp_path / "secret.txt"))


def test_missing_upload_lists_what_is_available(tmp_path: Path):
    (tmp_path / "a.txt").write_text("a")
    with pytest.raises(FileRefused, match=r"available: a\.txt"):
        resolve_upload(str(tmp_path), "b.txt")


def test_download_names_are_made_safe():
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("report (final).pdf") == "report _final_.pdf"


def _input(id_: str, name: str = "", **attrs: str) -> ElementInfo:
    return ElementInfo(id=id_, tag="input", type="text", name=name, attrs=attrs)


def test_code_field_found_by_its_label_among_other_inputs():
    page = PageSnapshot(
        url="u", elements=[_input("e1", "Search"), _input("e2", "Verification code")]
    )
    assert [e.id for e in find_code_fields(page)] == ["e2"]


def test_one_time_code_autocomplete_wins():
    page = PageSnapshot(
        url="u",
        elements=[_input("e1", "Code name"), _input("e2", "", autocomplete="one-time-code")],
    )
    assert [e.id for e in find_code_fields(page)] == ["e2"]


def test_digit_boxes_are_returned_in_order():
    boxes = [_input(f"e{i}", f"Digit {i}", maxlength="1") for i in range(1, 7)]
    page = PageSnapshot(url="u", elements=[_input("e0", "Email"), *boxes])
    assert [e.id for e in find_code_fields(page)] == [f"e{i}" for i in range(1, 7)]


SIZES = [
    SelectOption(value="", text="Choose a size", disabled=True),
    SelectOption(value="m-old", text="Medium", disabled=True),
    SelectOption(value="s", text="Small"),
    SelectOption(value="m", text="Medium"),
    SelectOption(value="xl", text="Extra large", disabled=True),
]


def test_an_enabled_option_wins_over_a_disabled_one_that_matches_as_well():
    assert match_option(SIZES, "Medium").value == "m"
    assert match_option(SIZES, "medum").value == "m"


def test_a_disabled_option_comes_back_only_when_nothing_enabled_matches():
    chosen = match_option(SIZES, "Extra large")
    assert chosen.value == "xl" and chosen.disabled
