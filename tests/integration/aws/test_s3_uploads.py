"""Uploads in the artifacts bucket pass the UploadedFiles contract on moto, and the api
function answers POST /v1/upload_file with them."""

import base64
import json
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from stratus.adapters.aws.s3_artifacts import S3ArtifactStore
from stratus.adapters.aws.s3_uploads import S3UploadedFiles
from tests.contract.uploaded_files_contract import UploadedFilesContract
from tests.fakes.runtime import ScriptedEngine, screenshot_outcome
from tests.integration.aws import stack as files
from tests.integration.aws.harness import MOTO_CONFIG, build_stack
from tests.integration.aws.stack import REGION

pytestmark = pytest.mark.integration

BUCKET = "artifacts"


@pytest.fixture
def s3(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(Bucket=BUCKET)
        yield client


class TestS3UploadedFiles(UploadedFilesContract):
    @pytest.fixture
    def artifacts(self, s3):
        return S3ArtifactStore(s3, BUCKET)

    @pytest.fixture
    def uploads(self, s3):
        return S3UploadedFiles(s3, BUCKET)


def upload_event(api_key: str, filename: str, data: bytes) -> dict:
    boundary = "stratus-boundary"
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    event = files.sample_event("api_run_task.json")
    event["rawPath"] = event["requestContext"]["http"]["path"] = "/v1/upload_file"
    event["pathParameters"] = {"proxy": "v1/upload_file"}
    event["headers"]["x-api-key"] = api_key
    event["headers"]["content-type"] = f"multipart/form-data; boundary={boundary}"
    event["isBase64Encoded"] = True
    event["body"] = base64.b64encode(body).decode()
    return event


def test_the_api_function_stores_an_upload_in_the_bucket(monkeypatch) -> None:
    with mock_aws():
        deployed = build_stack(monkeypatch, ScriptedEngine([screenshot_outcome("complete")]))
        key, raw = deployed.containers["api"].keys.create_key("uploads")
        event = upload_event(raw, "resume.pdf", b"%PDF-1.4 cv")

        reply = deployed.modules["api"].handler(event, None)

        assert reply["statusCode"] == 200, reply["body"]
        answer = json.loads(reply["body"])
        assert answer["filename"] == "resume.pdf"
        bucket, _, object_key = answer["s3_uri"].removeprefix("s3://").partition("/")
        assert object_key == f"uploads/{key.organization_id}/resume.pdf"
        stored = boto3.client("s3", region_name=REGION).get_object(Bucket=bucket, Key=object_key)
        assert stored["Body"].read() == b"%PDF-1.4 cv"
        assert f"/{object_key}?" in answer["presigned_url"]


def test_the_api_function_may_write_uploads_and_nothing_else_of_the_bucket() -> None:
    policies = files.resource("ApiFunction")["Properties"]["Policies"]
    statements = [s for p in policies if isinstance(p, dict) for s in p.get("Statement", [])]
    (uploads,) = [s for s in statements if s.get("Sid") == "StoreUploads"]
    assert uploads["Action"] == "s3:PutObject"
    assert uploads["Resource"] == {"Fn::Sub": "${ArtifactsBucket.Arn}/uploads/*"}
    writes = [s for s in statements if "s3:PutObject" in json.dumps(s.get("Action"))]
    prefixes = sorted(s["Resource"]["Fn::Sub"].split("/", 1)[1] for s in writes)
    assert prefixes == ["state/*", "uploads/*"]


def test_the_browser_function_may_read_uploads_but_not_write_them() -> None:
    policies = files.resource("BrowserFunction")["Properties"]["Policies"]
    statements = [s for p in policies if isinstance(p, dict) for s in p.get("Statement", [])]
    (read,) = [s for s in statements if s.get("Sid") == "ReadUploads"]
    (listing,) = [s for s in statements if s.get("Sid") == "ListUploads"]
    assert read["Action"] == "s3:GetObject"
    assert read["Resource"] == {"Fn::Sub": "${ArtifactsBucket.Arn}/uploads/*"}
    assert listing["Action"] == "s3:ListBucket"
    assert listing["Condition"] == {"StringLike": {"s3:prefix": "uploads/*"}}
    writes = json.dumps([s for s in statements if "PutObject" in json.dumps(s.get("Action"))])
    assert "uploads/" not in writes


def test_a_browser_step_finds_the_upload_in_its_files_folder(monkeypatch, tmp_path) -> None:
    seen: list[bytes] = []

    def read_the_upload(ctx):
        seen.append((Path(ctx.files_dir) / "resume.pdf").read_bytes())
        return screenshot_outcome("complete")

    with mock_aws(config=MOTO_CONFIG):
        deployed = build_stack(
            monkeypatch, ScriptedEngine([read_the_upload]), data_dir=tmp_path / "step"
        )
        _, raw = deployed.containers["api"].keys.create_key("uploads")
        uploaded = deployed.modules["api"].handler(upload_event(raw, "resume.pdf", b"cv"), None)
        assert uploaded["statusCode"] == 200, uploaded["body"]
        event = files.sample_event("api_run_task.json")
        event["headers"]["x-api-key"] = raw
        event["body"] = json.dumps({"prompt": "Apply with resume.pdf", "engine": "skyvern-1.0"})
        created = deployed.modules["api"].handler(event, None)
        run_id = json.loads(created["body"])["run_id"]

        deployed.wait_for_execution(run_id)

        assert seen == [b"cv"]
        assert deployed.containers["api"].store.get_run(run_id).status.value == "completed"
