"""The documented shapes of every response body.

The payload builders (``views``, the run list, browser sessions and profiles, the viewer,
tags, the timeline, artifacts, the webhook report and the 2FA answer) produce each body
through its model: ``Model.produce(...)`` then ``model_dump(mode="json")``. The routes
return that JSON and declare the models with ``responses=``, so the OpenAPI document
carries them without a ``response_model`` filtering the body again. Uploads, bulk cancel,
health and version still build small dicts, held to their models by the tests. Every model
forbids extra keys and names every key as required (nullable where the value may be null).
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
