"""AgentCore browser sessions per run: started once, found again by another container,
replaced when they end, stopped at the run's end."""

import json

import boto3
import pytest
from botocore.credentials import ReadOnlyCredentials
from botocore.stub import ANY, Stubber

from stratus.adapters.aws.agentcore_browser import (
    AgentCoreBrowserEndpoints,
    RemoteBrowserStopped,
    build_agentcore_browser,
    remote_key,
)
from stratus.adapters.browser_address import RunBrowserAddress
from stratus.config import Settings
from tests.fakes.agentcore import FakeAgentCoreClient, aws_stream_url
from tests.fakes.artifact_store import MemoryArtifactStore
from tests.support.browser_fixtures import make_run

pytestmark = pytest.mark.unit

CREDENTIALS = ReadOnlyCredentials("AKIDEXAMPLE", "secret", "token")


def container(client: FakeAgentCoreClient, store: MemoryArtifactStore):
    """One step container's adapter; containers share only the client's service and store."""
    return AgentCoreBrowserEndpoints(
        client,
        store,
        region="us-west-2",
        credentials=lambda: CREDENTIALS,
        browser_id="aws.browser.v1",
        session_timeout_seconds=3600,
        viewport=(1280, 800),
    )


async def test_a_run_starts_one_session_and_a_second_container_reuses_it() -> None:
    client, store = FakeAgentCoreClient(), MemoryArtifactStore()
    run = make_run("tsk_1")
    first = await container(client, store).endpoint(run)
    [started] = client.calls_of("StartBrowserSession")
    assert started["browserIdentifier"] == "aws.browser.v1"
    assert started["sessionTimeoutSeconds"] == 3600
    assert started["viewPort"] == {"width": 1280, "height": 800}
    [session_id] = client.ready()
    assert first.url == aws_stream_url("aws.browser.v1", session_id)
    assert first.headers["Host"] == "bedrock-agentcore.us-west-2.amazonaws.com"
    assert first.headers["Authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert first.headers["X-Amz-Security-Token"] == "token"
    record = json.loads(store.get(remote_key("tsk_1"))[0])
    assert record["session_id"] == session_id

    again = await container(client, store).endpoint(run)  # a cold container, same store
    assert again.url == first.url
    assert len(client.calls_of("StartBrowserSession")) == 1
    assert client.calls_of("GetBrowserSession")[-1] == {
        "browserIdentifier": "aws.browser.v1",
        "sessionId": session_id,
    }


async def test_runs_get_sessions_of_their_own() -> None:
    client, store = FakeAgentCoreClient(), MemoryArtifactStore()
    adapter = container(client, store)
    one = await adapter.endpoint(make_run("tsk_1"))
    two = await adapter.endpoint(make_run("tsk_2"))
    assert one.url != two.url
    assert len(client.ready()) == 2


@pytest.mark.parametrize("ending", ["end", "forget"])
async def test_a_session_no_longer_ready_is_replaced_once(ending: str) -> None:
    client, store = FakeAgentCoreClient(), MemoryArtifactStore()
    run = make_run("tsk_1")
    first = await container(client, store).endpoint(run)
    [old] = client.ready()
    getattr(client, ending)(old)  # timed out, or unknown to the service

    second = await container(client, store).endpoint(run)
    third = await container(client, store).endpoint(run)
    [new] = client.ready()
    assert new != old
    assert second.url == third.url != first.url
    assert len(client.calls_of("StartBrowserSession")) == 2
    tokens = {call["clientToken"] for call in client.calls_of("StartBrowserSession")}
    assert len(tokens) == 2  # the replacement is a new start, not an idempotent repeat
    assert json.loads(store.get(remote_key("tsk_1"))[0])["starts"] == 2


async def test_a_lost_record_does_not_start_a_second_session() -> None:
    """Two containers that both start (the record not yet written) get the same session."""
    client, store = FakeAgentCoreClient(), MemoryArtifactStore()
    run = make_run("tsk_1")
    first = await container(client, MemoryArtifactStore()).endpoint(run)
    second = await container(client, store).endpoint(run)
    assert first.url == second.url
    assert len(client.ready()) == 1


async def test_final_release_stops_the_session_once_from_any_container() -> None:
    client, store = FakeAgentCoreClient(), MemoryArtifactStore()
    run = make_run("tsk_1")
    await container(client, store).endpoint(run)
    [session_id] = client.ready()

    await container(client, store).release("tsk_1")
    await container(client, store).release("tsk_1")  # released again: nothing more
    assert client.ready() == []
    assert client.calls_of("StopBrowserSession") == [
        {"browserIdentifier": "aws.browser.v1", "sessionId": session_id}
    ]
    with pytest.raises(RemoteBrowserStopped):
        await container(client, store).endpoint(run)
    assert len(client.calls_of("StartBrowserSession")) == 1


async def test_release_of_a_run_that_never_had_a_session_calls_nothing() -> None:
    client, store = FakeAgentCoreClient(), MemoryArtifactStore()
    await container(client, store).release("tsk_never")
    assert client.calls == []
    assert store.items == {}


async def test_release_of_a_session_already_gone_still_records_the_stop() -> None:
    client, store = FakeAgentCoreClient(), MemoryArtifactStore()
    await container(client, store).endpoint(make_run("tsk_1"))
    client.forget(client.ready()[0])
    await container(client, store).release("tsk_1")
    assert json.loads(store.get(remote_key("tsk_1"))[0])["stopped"] is True


async def test_the_run_browser_address_is_used_as_given_without_headers() -> None:
    endpoint = await RunBrowserAddress().endpoint(
        make_run("tsk_1", browser_address="http://127.0.0.1:9222")
    )
    assert endpoint.url == "http://127.0.0.1:9222"
    assert dict(endpoint.headers) == {}


async def test_the_factory_builds_a_client_that_speaks_the_real_api() -> None:
    """The real boto3 client, stubbed at the wire: the requests the service would get."""
    session = boto3.session.Session(
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        aws_session_token="token",
        region_name="eu-central-1",
    )
    settings = Settings(
        remote_browser="agentcore",
        agentcore_browser_id="my_browser-AbC123",
        agentcore_session_timeout_seconds=7200,
        viewport_width=1440,
        viewport_height=900,
    )
    store = MemoryArtifactStore()
    adapter = build_agentcore_browser(settings, store, session=session)
    client = adapter._client
    stream = "wss://bedrock-agentcore.eu-central-1.amazonaws.com/browser-streams/my_browser-AbC123/sessions/S1/automation"
    with Stubber(client) as stub:
        stub.add_response(
            "start_browser_session",
            {
                "browserIdentifier": "my_browser-AbC123",
                "sessionId": "S1",
                "createdAt": "2025-01-01T00:00:00Z",
                "streams": {
                    "automationStream": {"streamEndpoint": stream, "streamStatus": "ENABLED"},
                    "liveViewStream": {"streamEndpoint": "https://live.invalid/"},
                },
            },
            {
                "browserIdentifier": "my_browser-AbC123",
                "name": "stratus_tsk_1",
                "sessionTimeoutSeconds": 7200,
                "viewPort": {"width": 1440, "height": 900},
                "clientToken": ANY,
            },
        )
        stub.add_response(
            "stop_browser_session",
            {
                "browserIdentifier": "my_browser-AbC123",
                "sessionId": "S1",
                "lastUpdatedAt": "2025-01-01T00:00:00Z",
            },
            {"browserIdentifier": "my_browser-AbC123", "sessionId": "S1"},
        )
        endpoint = await adapter.endpoint(make_run("tsk_1"))
        await adapter.release("tsk_1")
        stub.assert_no_pending_responses()
    assert endpoint.url == stream
    assert endpoint.headers["Host"] == "bedrock-agentcore.eu-central-1.amazonaws.com"
    assert "/eu-central-1/bedrock-agentcore/aws4_request" in endpoint.headers["Authorization"]
    assert endpoint.headers["X-Amz-Security-Token"] == "token"
