"""The automation stream's SigV4 headers, checked against a SigV4 computed here from the
specification with hashlib and hmac (not through botocore)."""

import hashlib
import hmac
from datetime import datetime

import botocore.auth
import pytest
from botocore.credentials import ReadOnlyCredentials

from stratus.adapters.aws.agentcore_browser import sign_stream_request

pytestmark = pytest.mark.unit

HOST = "bedrock-agentcore.us-west-2.amazonaws.com"
PATH = "/browser-streams/aws.browser.v1/sessions/01JZXSESSION/automation"
URL = f"wss://{HOST}{PATH}"
ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN//session"
FROZEN = datetime(2025, 3, 4, 5, 6, 7)
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda *args, **kwargs: FROZEN)


def expected_authorization(host: str, path: str, *, token: str | None) -> str:
    """Signature Version 4 by the book: canonical request, string to sign, derived key."""
    amz_date = "20250304T050607Z"
    day = amz_date[:8]
    headers = {"host": host, "x-amz-date": amz_date}
    if token:
        headers["x-amz-security-token"] = token
    names = sorted(headers)
    canonical = "\n".join(
        [
            "GET",
            path,
            "",  # no query string
            "".join(f"{name}:{headers[name]}\n" for name in names),
            ";".join(names),
            EMPTY_SHA256,
        ]
    )
    scope = f"{day}/us-west-2/bedrock-agentcore/aws4_request"
    to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )

    def mac(key: bytes, text: str) -> bytes:
        return hmac.new(key, text.encode(), hashlib.sha256).digest()

    key = mac(f"AWS4{SECRET_KEY}".encode(), day)
    for part in ("us-west-2", "bedrock-agentcore", "aws4_request"):
        key = mac(key, part)
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return (
        f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{scope}, "
        f"SignedHeaders={';'.join(names)}, Signature={signature}"
    )


def test_signed_headers_with_a_session_token_match_the_specification() -> None:
    credentials = ReadOnlyCredentials(ACCESS_KEY, SECRET_KEY, TOKEN)
    headers = sign_stream_request(URL, credentials, "us-west-2")
    assert headers == {
        "Host": HOST,
        "X-Amz-Date": "20250304T050607Z",
        "X-Amz-Security-Token": TOKEN,
        "Authorization": expected_authorization(HOST, PATH, token=TOKEN),
    }


def test_signed_headers_without_a_session_token_sign_no_token() -> None:
    credentials = ReadOnlyCredentials(ACCESS_KEY, SECRET_KEY, None)
    headers = sign_stream_request(URL, credentials, "us-west-2")
    assert "X-Amz-Security-Token" not in headers
    assert headers["Authorization"] == expected_authorization(HOST, PATH, token=None)
    assert "SignedHeaders=host;x-amz-date," in headers["Authorization"]


def test_a_plain_ws_url_is_signed_for_its_host_and_port() -> None:
    credentials = ReadOnlyCredentials(ACCESS_KEY, SECRET_KEY, TOKEN)
    headers = sign_stream_request(
        "ws://127.0.0.1:9333/devtools/browser/abc", credentials, "us-west-2"
    )
    assert headers["Host"] == "127.0.0.1:9333"
    assert headers["Authorization"] == expected_authorization(
        "127.0.0.1:9333", "/devtools/browser/abc", token=TOKEN
    )


def test_the_signature_changes_with_the_secret() -> None:
    one = sign_stream_request(URL, ReadOnlyCredentials(ACCESS_KEY, SECRET_KEY, None), "us-west-2")
    other = sign_stream_request(URL, ReadOnlyCredentials(ACCESS_KEY, "other", None), "us-west-2")
    assert one["Authorization"] != other["Authorization"]
