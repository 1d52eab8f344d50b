"""Browser sessions and profiles, 2FA codes, uploads, health and version."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import DownloadedFileObject, ProxyLocationValue, ResponseObject, Timestamp


class TotpCodeObject(ResponseObject):
    """A pushed 2FA code; ``code`` is what was parsed out of ``content`` ("" when none)."""

    totp_code_id: str
    totp_identifier: str
    task_id: str | None
    workflow_id: str | None
    workflow_run_id: str | None
    source: str | None
    content: str
    code: str
    expired_at: Timestamp | None
    organization_id: str
    created_at: Timestamp
    modified_at: Timestamp


class HealthObject(ResponseObject):
    status: Literal["ok"]


class VersionObject(ResponseObject):
    version: str


class BrowserSessionObject(ResponseObject):
    """A persistent browser session, key for key the SDK's ``BrowserSessionResponse``."""

    browser_session_id: str
    organization_id: str
    status: Literal["running", "completed", "timeout"]
    runnable_type: str | None
    runnable_id: str | None
    timeout: int
    browser_address: str | None = Field(description="Not offered: always null.")
    app_url: str | None = Field(description="Not offered: always null.")
    extensions: list[str] | None
    browser_type: str | None
    browser_profile_id: str | None
    generate_browser_profile: bool
    vnc_streaming_supported: bool
    download_path: str | None
    downloaded_files: list[DownloadedFileObject]
    recordings: list[DownloadedFileObject]
    started_at: Timestamp | None
    completed_at: Timestamp | None
    created_at: Timestamp
    modified_at: Timestamp
    deleted_at: Timestamp | None


class BrowserProfileObject(ResponseObject):
    """A browser profile, key for key the SDK's ``BrowserProfile``; never its state."""

    browser_profile_id: str
    organization_id: str
    name: str
    description: str | None
    source_browser_type: str | None
    proxy_location: ProxyLocationValue | None
    proxy_session_id: str | None = Field(description="Not offered: always null.")
    is_managed: bool
    workflow_permanent_id: str | None
    browser_profile_key_digest: str | None
    created_at: Timestamp
    modified_at: Timestamp
    deleted_at: Timestamp | None


class UploadedFileObject(ResponseObject):
    s3_uri: str = Field(description="Where the file is kept (a file:// URL locally).")
    presigned_url: str = Field(description="A link to fetch the file back.")
    filename: str = Field(description="The name a task uses to upload it into a page.")
