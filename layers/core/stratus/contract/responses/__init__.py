"""The documented shapes of every response body, key for key as ``views`` and friends build them.

These models only describe: the routes still return the dicts built by ``views``,
``artifacts``, the webhook report and the 2FA answer, and declare these models with
``responses=`` so the OpenAPI document carries them without filtering a single byte.
Every model forbids extra keys and names every key as required (nullable where the value
may be null), so the unit tests that validate real payloads against them catch any drift.
"""

from __future__ import annotations

from .base import (
    TIMESTAMP_PATTERN,
    DownloadedFileObject,
    GeoTargetObject,
    Json,
    NullableTextMap,
    ProxyLocationValue,
    ResponseObject,
    RunErrorObject,
    ScriptRun,
    Timestamp,
)
from .listings import (
    BulkCancelObject,
    RecordedFileObject,
    RecordingObject,
    RunListItemObject,
    RunSummaryObject,
    RunTagObject,
    RunTagsBatchObject,
    RunTagsObject,
    SkippedRecordingObject,
    TagItemObject,
    ThoughtObject,
    TimelineEntryObject,
)
from .resources import (
    BrowserProfileObject,
    BrowserSessionObject,
    HealthObject,
    TotpCodeObject,
    UploadedFileObject,
    VersionObject,
)
from .run_requests import RunRequestObject, V1RequestObject, V2RequestObject
from .runs import (
    ActionObject,
    ActionResultObject,
    ArtifactObject,
    CreatedTask,
    RunObject,
    StepObject,
    StepOutputObject,
    V1TaskObject,
    V2TaskObject,
)
from .webhooks import (
    ReceivedWebhookResponse,
    SentWebhookRequest,
    WebhookAttemptObject,
    WebhookReportObject,
    WebhookScheduleObject,
)

__all__ = [
    "TIMESTAMP_PATTERN",
    "ActionObject",
    "ActionResultObject",
    "ArtifactObject",
    "BrowserProfileObject",
    "BrowserSessionObject",
    "BulkCancelObject",
    "CreatedTask",
    "DownloadedFileObject",
    "GeoTargetObject",
    "HealthObject",
    "Json",
    "NullableTextMap",
    "ProxyLocationValue",
    "ReceivedWebhookResponse",
    "RecordedFileObject",
    "RecordingObject",
    "ResponseObject",
    "RunErrorObject",
    "RunListItemObject",
    "RunObject",
    "RunRequestObject",
    "RunSummaryObject",
    "RunTagObject",
    "RunTagsBatchObject",
    "RunTagsObject",
    "ScriptRun",
    "SentWebhookRequest",
    "SkippedRecordingObject",
    "StepObject",
    "StepOutputObject",
    "TagItemObject",
    "ThoughtObject",
    "TimelineEntryObject",
    "Timestamp",
    "TotpCodeObject",
    "UploadedFileObject",
    "V1RequestObject",
    "V1TaskObject",
    "V2RequestObject",
    "V2TaskObject",
    "VersionObject",
    "WebhookAttemptObject",
    "WebhookReportObject",
    "WebhookScheduleObject",
]
