import pytest
from pydantic import ValidationError

from stratus.contract.fields import GeoTarget, ProxyLocationName
from stratus.contract.requests import RunTaskRequest, TotpPushRequest, V1TaskRequest, V2TaskRequest
from stratus.domain.status import Engine

pytestmark = pytest.mark.unit


def error_fields(model, body):
    with pytest.raises(ValidationError) as caught:
        model.model_validate(body)
    return {".".join(str(p) for p in error["loc"]) for error in caught.value.errors()}


def test_unknown_fields_are_ignored():
    body = RunTaskRequest.model_validate({"prompt": "x", "brand_new_field": [1, 2]})
    assert "brand_new_field" not in body.model_dump()


def test_engine_defaults_to_skyvern_2_also_for_null():
    assert RunTaskRequest.model_validate({"prompt": "x"}).engine is Engine.skyvern_v2
    assert (
        RunTaskRequest.model_validate({"prompt": "x", "engine": None}).engine is Engine.skyvern_v2
    )
    assert (
        RunTaskRequest.model_validate({"prompt": "x", "engine": "ui-tars"}).engine is Engine.ui_tars
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("RESIDENTIAL_GB", ProxyLocationName.RESIDENTIAL_GB),
        ("residential", ProxyLocationName.RESIDENTIAL),
        ("US-CA", ProxyLocationName.US_CA),
        ({"country": "US", "subdivision": "CA", "city": "San Francisco"}, GeoTarget),
    ],
)
def test_proxy_location_is_a_listed_name_or_a_geo_target(value, expected):
    parsed = RunTaskRequest.model_validate({"prompt": "x", "proxy_location": value}).proxy_location
    if isinstance(expected, type):
        assert isinstance(parsed, expected) and parsed.city == "San Francisco"
    else:
        assert parsed is expected


@pytest.mark.parametrize("value", ["MOON", 7, ["RESIDENTIAL"], {"city": "Paris"}])
def test_bad_proxy_locations_name_the_field(value):
    fields = error_fields(RunTaskRequest, {"prompt": "x", "proxy_location": value})
    assert all(field.startswith("proxy_location") for field in fields)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com",
        "example.com",
        "http://",
        "https://exa mple.com",
        "http://a.com:0/",
        "h" * 3000,
    ],
)
def test_urls_must_be_absolute_http(url):
    assert error_fields(RunTaskRequest, {"prompt": "x", "url": url}) == {"url"}


def test_empty_url_means_none_and_urls_are_trimmed():
    assert RunTaskRequest.model_validate({"prompt": "x", "url": ""}).url is None
    assert (
        RunTaskRequest.model_validate({"prompt": "x", "url": " https://a.example.com/p "}).url
        == "https://a.example.com/p"
    )


def test_schema_given_as_json_text_is_parsed_and_plain_text_kept():
    parsed = RunTaskRequest.model_validate(
        {"prompt": "x", "data_extraction_schema": '{"type": "object"}'}
    )
    assert parsed.data_extraction_schema == {"type": "object"}
    text = RunTaskRequest.model_validate({"prompt": "x", "data_extraction_schema": "the price"})
    assert text.data_extraction_schema == "the price"
    assert error_fields(RunTaskRequest, {"prompt": "x", "data_extraction_schema": 5}) == {
        "data_extraction_schema"
    }


def test_oversized_payloads_are_refused():
    huge = {"blob": "x" * 300_000}
    assert error_fields(V1TaskRequest, {"url": "https://a.com", "navigation_payload": huge}) == {
        "navigation_payload"
    }


@pytest.mark.parametrize("steps", [0, -1, 101, 2.5, "ten"])
def test_max_steps_is_bounded(steps):
    assert error_fields(RunTaskRequest, {"prompt": "x", "max_steps": steps}) == {"max_steps"}


def test_required_fields_per_family():
    assert error_fields(V1TaskRequest, {}) == {"url"}
    assert error_fields(V2TaskRequest, {}) == {"user_prompt"}
    assert error_fields(RunTaskRequest, {"prompt": ""}) == {"prompt"}
    assert error_fields(TotpPushRequest, {"totp_identifier": " "}) == {"totp_identifier", "content"}


def test_v1_seed_example_validates():
    body = V1TaskRequest.model_validate(
        {
            "url": "https://jobs.lever.co/leverdemo-8/45d39614/apply",
            "navigation_goal": "Apply for a job",
            "data_extraction_goal": "Was the job application successful?",
            "proxy_location": "RESIDENTIAL",
            "navigation_payload": {"name": "Chris P. Bacon", "email": "chris@pbacon.com"},
        }
    )
    assert body.navigation_payload["name"] == "Chris P. Bacon"
