from datetime import timedelta

import pytest

from stratus.services.totp import parse_code
from stratus.services.url_guard import UnsafeUrl, check_outbound_url
from tests.fakes.runtime import ScriptedEngine

pytestmark = pytest.mark.unit


def test_keys_are_stored_as_digest_and_sealed(harness_factory):
    h = harness_factory(ScriptedEngine([]))
    key = h.container.store.get_api_key(h.key_id)
    assert h.raw_key not in key.model_dump_json()
    assert h.container.keys.authenticate(h.raw_key).key_id == h.key_id
    assert h.container.keys.authenticate(h.raw_key + "x") is None
    assert h.container.keys.authenticate("") is None
    assert h.container.keys.signing_secret(h.key_id) == h.raw_key


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("123456", "123456"),
        ("Your verification code is 482913. It expires in 10 minutes.", "482913"),
        ("Use code: 7781 to sign in", "7781"),
        ("Order 2024 shipped; your OTP 654321", "654321"),
        ("no digits here at all", None),
    ],
)
def test_parse_code(content, code):
    assert parse_code(content) == code


def test_newest_code_for_run_prefers_its_own_and_ignores_old(harness_factory):
    h = harness_factory(ScriptedEngine([]))
    from stratus.domain.models import TaskSpec

    run = h.new_run(spec=TaskSpec(goal="log in", totp_identifier="me@x.com"))
    totp = h.container.totp
    org = run.organization_id
    totp.push(org, totp_identifier="me@x.com", content="111111")  # before start? same instant
    h.clock.advance(1)
    totp.push(org, totp_identifier="me@x.com", content="code 222222", task_id=run.run_id)
    h.clock.advance(1)
    totp.push(org, totp_identifier="me@x.com", content="333333")
    totp.push(org, totp_identifier="me@x.com", content="444444", task_id="tsk_other")
    assert totp.newest_code_for(run) == "222222"
    h.clock.advance(timedelta(minutes=11).total_seconds())
    assert totp.newest_code_for(run) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x",
        "http://10.1.2.3/",
        "http://169.254.169.254/latest",
        "http://[::1]/",
        "ftp://example.com/",
        "http:///nohost",
        "http://192.168.0.1:8080/",
    ],
)
def test_private_urls_refused(url):
    with pytest.raises(UnsafeUrl):
        check_outbound_url(url, allow_private=False)


def test_public_ip_and_local_dev_allowed():
    check_outbound_url("https://93.184.216.34/hook", allow_private=False)
    check_outbound_url("http://127.0.0.1:8000/hook", allow_private=True)


def code_source(h, sleep, poll_interval=0.01):
    from stratus.services.totp import VerificationCodeSource
    from stratus.services.totp_signing import KeyTotpSigner

    return VerificationCodeSource(
        totp=h.container.totp,
        signer=KeyTotpSigner(h.container.keys),
        http=h.http,
        allow_private=True,
        poll_interval=poll_interval,
        sleep=sleep,
    )


async def test_no_code_source_means_no_wait(harness_factory):
    h = harness_factory(ScriptedEngine([]))
    slept = []

    async def sleep(seconds):
        slept.append(seconds)

    source = code_source(h, sleep, poll_interval=10)
    assert await source.wait_for_code(h.new_run(), timeout_seconds=900) is None
    assert slept == []


async def test_codes_are_polled_until_one_is_pushed(harness_factory):
    from stratus.domain.models import TaskSpec

    h = harness_factory(ScriptedEngine([]))
    run = h.new_run(spec=TaskSpec(goal="log in", totp_identifier="me@x.com"))
    polls = []

    async def sleep(seconds):
        polls.append(seconds)
        h.clock.advance(seconds)
        if len(polls) == 2:
            h.container.totp.push(
                run.organization_id, totp_identifier="me@x.com", content="Your code is 902134"
            )

    source = code_source(h, sleep)
    assert await source.wait_for_code(run, timeout_seconds=5) == "902134"
    assert len(polls) == 2


async def test_totp_url_is_asked_with_a_signed_post(harness_factory):
    import hashlib
    import hmac
    import json

    from stratus.domain.models import TaskSpec

    h = harness_factory(ScriptedEngine([]))
    run = h.new_run(spec=TaskSpec(goal="log in", totp_url="http://127.0.0.1:9/totp"))

    async def answer(url, body, headers, *, timeout):
        from stratus.ports import HttpResponse

        h.http.sent.append((url, body, dict(headers)))
        code = "" if len(h.http.sent) == 1 else "551100"
        return HttpResponse(status_code=200, body=json.dumps({"verification_code": code}))

    h.http.sent = []
    h.http.post = answer

    async def sleep(_):
        return None

    source = code_source(h, sleep)
    assert await source.wait_for_code(run, timeout_seconds=5) == "551100"
    url, body, headers = h.http.sent[0]
    assert url == "http://127.0.0.1:9/totp"
    assert json.loads(body) == {"task_id": run.run_id, "workflow_run_id": None}
    expected = hmac.new(h.raw_key.encode(), body, hashlib.sha256).hexdigest()
    assert headers["x-skyvern-signature"] == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://100.64.0.1/hook",  # shared address space (carrier-grade NAT), not routable
        "http://100.127.255.254/hook",
        "http://[2002:7f00:1::]/hook",  # 6to4 wrapping 127.0.0.1
        "http://[2002:a9fe:a9fe::1]/hook",  # 6to4 wrapping 169.254.169.254
        "http://[fec0::1]/hook",  # site-local
    ],
)
def test_addresses_outside_the_public_internet_are_refused(url):
    with pytest.raises(UnsafeUrl):
        check_outbound_url(url, allow_private=False)


def test_public_6to4_is_allowed():
    check_outbound_url("http://[2002:5db8:d822::1]/hook", allow_private=False)  # 93.184.216.34


def test_ui_tars_coordinate_space_comes_from_settings(tmp_path):
    from stratus.bootstrap import build_container
    from stratus.config import Settings

    for space in ("smart_resize", "relative"):
        container = build_container(Settings(data_dir=tmp_path, ui_tars_coordinates=space))
        engine = container.engines._factories["ui-tars"]()
        assert engine.provider.coordinates == space


async def test_a_run_whose_key_is_gone_never_sends_an_unsigned_request(harness_factory):
    from stratus.domain.models import TaskSpec

    h = harness_factory(ScriptedEngine([]))
    run = h.new_run(spec=TaskSpec(goal="log in", totp_url="http://127.0.0.1:9/totp"))
    run = run.model_copy(update={"api_key_id": "key_that_does_not_exist"})
    h.http.sent = []

    async def sleep(seconds):
        h.clock.advance(seconds)

    assert await code_source(h, sleep).wait_for_code(run, timeout_seconds=0.05) is None
    assert h.http.sent == []
