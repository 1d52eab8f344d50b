"""A run's recording through the API: recording_url on the run object signs the playlist,
and the viewer's route lists every video and trace with a fresh signed URL, per organization."""

from __future__ import annotations

import json

import pytest

from stratus.contract.responses import RecordingObject
from stratus.services.recordings import playlist_key

pytestmark = pytest.mark.integration


def test_recording_url_and_the_viewers_playlist(api):
    run = api.post(
        "/v1/run/tasks", {"prompt": "x", "url": "https://example.com/", "engine": "skyvern-1.0"}
    ).json()
    run_id = run["run_id"]
    assert run["recording_url"] is None
    empty = api.get(f"/v1/viewer/runs/{run_id}/recording").json()
    assert empty == {"videos": [], "traces": [], "bytes": 0, "skipped": []}

    recordings = api.container.recordings
    recordings.add(api.organization_id, run_id, "video", b"\x1a\x45\xdf\xa3one", step=None)
    recordings.add(api.organization_id, run_id, "trace", b"PK-trace", step=1)
    recordings.add(api.organization_id, run_id, "video", b"\x1a\x45\xdf\xa3two", step=None)

    again = api.get(f"/v1/runs/{run_id}").json()
    signed = again["recording_url"]
    assert signed and "signature=" in signed
    stored = json.loads(api.client.get(signed.split("127.0.0.1:8000", 1)[-1]).content)
    assert [v["key"] for v in stored["videos"]] == [
        f"{playlist_key(api.organization_id, run_id).rsplit('/', 1)[0]}/video-00{n}.webm"
        for n in (1, 2)
    ]
    listing = api.get(f"/v1/viewer/runs/{run_id}/recording").json()
    RecordingObject.model_validate(listing)
    assert [t["step"] for t in listing["traces"]] == [1]
    video = api.client.get(listing["videos"][1]["url"].split("127.0.0.1:8000", 1)[-1])
    assert video.status_code == 200 and video.content.endswith(b"two")
    assert video.headers["content-type"] == "video/webm"
    other = api.client.get(f"/v1/viewer/runs/{run_id}/recording", headers=api.other_key())
    assert other.status_code == 404
