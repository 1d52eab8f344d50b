"""UploadedFiles in the artifacts bucket: ``uploads/<organization>/<name>``.

The object is the file and its own artifact: the route links it with the artifact store's
presigned URL. A name is taken with a conditional put (``If-None-Match: *``), so two
uploads of the same name at once both keep their file: the second gets ``name-1``. A
browser step copies the organization's uploads it does not have yet into its files folder.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from botocore.exceptions import ClientError

from ...agent.files import safe_filename
from ...ports import StoredUpload

PREFIX = "uploads"
MAX_NAME_TRIES = 1000


def _taken(error: ClientError) -> bool:
    """The name is in use (or another upload of it is in flight)."""
    code = error.response.get("Error", {}).get("Code")
    return code in ("PreconditionFailed", "ConditionalRequestConflict")


def _candidates(filename: str) -> Any:
    path = PurePosixPath(filename)
    yield filename
    for counter in range(1, MAX_NAME_TRIES):
        yield f"{path.stem}-{counter}{path.suffix}"


class S3UploadedFiles:
    """``client`` is a boto3 ``s3`` client; ``bucket`` the artifacts bucket."""

    def __init__(self, client: Any, bucket: str) -> None:
        self._client = client
        self._bucket = bucket

    def save(self, organization_id: str, filename: str, data: bytes) -> StoredUpload:
        folder = f"{PREFIX}/{safe_filename(organization_id)}"
        for name in _candidates(safe_filename(filename)):
            key = f"{folder}/{name}"
            try:
                self._client.put_object(
                    Bucket=self._bucket,
                    Key=key,
                    Body=data,
                    ContentType="application/octet-stream",
                    IfNoneMatch="*",
                )
            except ClientError as error:
                if _taken(error):
                    continue
                raise
            return StoredUpload(name=name, location=f"s3://{self._bucket}/{key}", artifact_key=key)
        raise RuntimeError(f"no free name for {filename!r} after {MAX_NAME_TRIES} tries")

    def copy_to(self, organization_id: str, directory: Path) -> list[str]:
        folder = f"{PREFIX}/{safe_filename(organization_id)}/"
        pages = self._client.get_paginator("list_objects_v2").paginate(
            Bucket=self._bucket, Prefix=folder
        )
        copied = []
        for page in pages:
            for item in page.get("Contents", []):
                name = item["Key"].removeprefix(folder)
                if "/" in name or name != safe_filename(name):
                    continue  # not a file this adapter stored
                target = directory / name
                if target.exists():
                    continue
                body = self._client.get_object(Bucket=self._bucket, Key=item["Key"])["Body"]
                target.write_bytes(body.read())
                copied.append(name)
        return copied
