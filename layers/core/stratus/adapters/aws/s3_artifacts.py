"""ArtifactStore on S3: private objects, handed out as presigned GET URLs."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from ...ports import NotFound

# A presigned URL dies with the credentials that signed it: a Lambda role's session lasts
# hours, not days, so URLs are short-lived and every read of a run signs fresh ones.
PRESIGNED_URL_SECONDS = 6 * 3600


class S3ArtifactStore:
    """``client`` is a boto3 ``s3`` client, built once per process."""

    def __init__(
        self, client: Any, bucket: str, *, url_seconds: int = PRESIGNED_URL_SECONDS
    ) -> None:
        self._client = client
        self._bucket = bucket
        self._url_seconds = url_seconds

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self._client.put_object(Bucket=self._bucket, Key=key, Body=data, ContentType=content_type)

    def get(self, key: str) -> tuple[bytes, str]:
        try:
            reply = self._client.get_object(Bucket=self._bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise NotFound(key) from error
            raise
        return reply["Body"].read(), reply.get("ContentType", "application/octet-stream")

    def url_for(self, key: str) -> str:
        return self._client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self._bucket, "Key": key},
            ExpiresIn=self._url_seconds,
        )
