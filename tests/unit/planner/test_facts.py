import pytest

from stratus.planner.facts import flatten_payload, named_files, parse_facts
from stratus.planner.fallbacks import fallback_values

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        (
            "Apply for the job. Name: Chris P. Bacon, Email: chris@pbacon.com",
            {"Name": "Chris P. Bacon", "Email": "chris@pbacon.com"},
        ),
        (
            "name: Chris P Bacon. email: chris@pbacon.com",
            {"name": "Chris P Bacon", "email": "chris@pbacon.com"},
        ),
        (
            "Apply for this job as Chris P. Bacon, chris@pbacon.com",
            {"name": "Chris P. Bacon", "email": "chris@pbacon.com"},
        ),
        (
            "Sign up. Name: Ann Lee and Email: ann@lee.io. Then submit the form.",
            {"Name": "Ann Lee", "Email": "ann@lee.io"},
        ),
        (
            "Fill https://x.test/form with First name: Ann, Zip code: 02139",
            {"First name": "Ann", "Zip code": "02139"},
        ),
        (
            "Address: 1 Main St. Apt 4, Springfield",
            {"Address": "1 Main St. Apt 4, Springfield"},
        ),
    ],
)
def test_goal_pairs(goal: str, expected: dict[str, str]) -> None:
    assert parse_facts(goal, None) == expected


def test_unkeyed_phone_is_found() -> None:
    facts = parse_facts("Call me back as Ann Lee on +1 555 123 4567", None)
    assert facts["phone"] == "+1 555 123 4567"
    assert facts["name"] == "Ann Lee"


def test_payload_is_flattened_and_wins_over_goal() -> None:
    payload = {"applicant": {"first_name": "Chris", "skills": ["Go", "SQL"]}, "relocate": True}
    facts = parse_facts("Email: a@b.co, relocate: no", payload)
    assert facts == {
        "Email": "a@b.co",
        "relocate": "true",
        "applicant first_name": "Chris",
        "applicant skills": "Go, SQL",
    }


def test_payload_as_json_text_and_lists_of_objects() -> None:
    assert flatten_payload('{"refs": [{"name": "A"}, {"name": "B"}]}') == {
        "refs 1 name": "A",
        "refs 2 name": "B",
    }


def test_named_files() -> None:
    facts = {"Resume": "cv_2024.pdf"}
    assert named_files("Upload resume.pdf and the cover.docx; email a@b.com", facts) == [
        "resume.pdf",
        "cover.docx",
        "cv_2024.pdf",
    ]


def test_keys_keep_their_inner_small_words() -> None:
    facts = parse_facts(
        "Country: Canada, Authorized to work: yes, and Date of birth: 1990-01-02", None
    )
    assert facts == {
        "Country": "Canada",
        "Authorized to work": "yes",
        "Date of birth": "1990-01-02",
    }


def test_a_key_at_the_start_of_a_clause_keeps_its_and() -> None:
    facts = parse_facts("Deliver to Sam Lee, Street and number: 5 Oak Rd, Town: Ely", None)
    assert facts == {"Street and number": "5 Oak Rd", "Town": "Ely"}


def test_a_second_email_after_a_fallback_cue_is_a_second_choice() -> None:
    goal = "Use a@home.example; if the form refuses it, use b@work.example."
    assert fallback_values(goal) == {"a@home.example": "b@work.example"}
    assert fallback_values("Copy a@x.example and b@y.example") == {}


@pytest.mark.parametrize(
    ("goal", "name"),
    [
        ("Book a table for Maria Lopez, maria@lopez.example, at 8 pm", "Maria Lopez"),
        ("Invite Tom Ng <tom@ng.example> to the team", "Tom Ng"),
        ("Send it to tom@ng.example", None),
        ("Ask Support. Reply to tom@ng.example", None),
    ],
)
def test_a_name_written_beside_an_email(goal: str, name: str | None) -> None:
    assert parse_facts(goal, None).get("name") == name
