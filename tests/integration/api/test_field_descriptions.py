"""The published document says what each request field means (taken from the contract), so
/docs and /redoc explain the run-creation fields and the run object."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def request_models(document: dict) -> set[str]:
    names = set()
    for item in document["paths"].values():
        for operation in item.values():
            content = operation.get("requestBody", {}).get("content", {})
            for media in content.values():
                ref = media.get("schema", {}).get("$ref", "")
                if ref:
                    names.add(ref.rsplit("/", 1)[1])
    return names


def undescribed(document: dict, model: str) -> list[str]:
    properties = document["components"]["schemas"][model].get("properties", {})
    return [name for name, prop in properties.items() if not prop.get("description")]


def test_every_json_request_field_has_a_description(api) -> None:
    document = api.client.get("/openapi.json").json()
    models = request_models(document)
    assert {"RunTaskRequest", "V1TaskRequest", "V2TaskRequest"} <= models
    missing = {m: undescribed(document, m) for m in sorted(models)}
    assert {m: names for m, names in missing.items() if names} == {}


def test_run_creation_fields_say_what_they_do(api) -> None:
    schemas = api.client.get("/openapi.json").json()["components"]["schemas"]
    fields = schemas["RunTaskRequest"]["properties"]
    assert "terminated" in fields["data_extraction_schema"]["description"]
    assert "signed" in fields["webhook_url"]["description"]
    assert undescribed({"components": {"schemas": schemas}}, "RunObject") == []
