"""``POST /v1/upload_file``: the file lands where the agent's upload_file action finds it."""

from __future__ import annotations

import os
import stat

import httpx
import pytest

from stratus.agent.files import resolve_upload

pytestmark = pytest.mark.integration


def files_dir(api) -> str:
    return str(api.container.settings.data_dir / "files" / api.organization_id)


def test_a_file_part_keeps_its_name_and_the_agent_finds_it(api):
    response = api.client.post(
        "/v1/upload_file",
        files={"file": ("resume.pdf", b"%PDF-1.4 cv", "application/pdf")},
        headers=api.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["filename"] == "resume.pdf" and body["s3_uri"].startswith("file://")
    path = resolve_upload(files_dir(api), "resume.pdf")
    assert path.read_bytes() == b"%PDF-1.4 cv"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    fetched = api.client.get(httpx.URL(body["presigned_url"]).raw_path.decode())
    assert fetched.status_code == 200 and fetched.content == b"%PDF-1.4 cv"
    again = api.client.post(
        "/v1/upload_file", files={"file": ("resume.pdf", b"v2")}, headers=api.headers
    )
    assert again.json()["filename"] == "resume-1.pdf"  # never overwrites


def test_a_text_field_as_the_sdk_sends_it_is_kept_too(api):
    response = api.client.post(
        "/v1/upload_file", data={"file": "hello"}, files={"x": ("", b"")}, headers=api.headers
    )
    assert response.status_code == 200, response.text
    name = response.json()["filename"]
    assert resolve_upload(files_dir(api), name).read_bytes() == b"hello"


def test_an_upload_is_refused_without_a_file_or_a_key(api):
    assert api.client.post("/v1/upload_file", files={"other": ("a", b"b")}).status_code == 401
    no_field = api.client.post("/v1/upload_file", files={"other": ("a", b"b")}, headers=api.headers)
    assert no_field.status_code == 422 and no_field.json()["detail"][0]["field"] == "file"
    not_form = api.post("/v1/upload_file", {"file": "x"})
    assert not_form.status_code == 422
    path_escape = api.client.post(
        "/v1/upload_file", files={"file": ("../../evil.sh", b"x")}, headers=api.headers
    )
    assert path_escape.json()["filename"] == "evil.sh"
