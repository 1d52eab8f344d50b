"""The browser's egress policy: the shared address classifier, the allow-list, and the
checks run creation makes on start URLs."""

import ipaddress

import pytest

from stratus.services.egress_policy import EgressPolicy
from stratus.services.url_guard import UnsafeUrl, is_public_address

pytestmark = pytest.mark.unit

STRICT = EgressPolicy.build(allow_private=False)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "224.0.0.1",
        "0.0.0.0",
        "::1",
        "::",
        "fe80::1",
        "fd00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "2002:7f00:1::",
        "64:ff9b::7f00:1",
        "::127.0.0.1",
    ],
)
def test_private_and_special_addresses_are_not_public(address):
    assert not is_public_address(ipaddress.ip_address(address))
    assert STRICT.refusal("h", [ipaddress.ip_address(address)]) == (
        f"blocked: private address h ({ipaddress.ip_address(address)})"
    )


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "2606:4700::1", "64:ff9b::5db8:d822", "::ffff:93.184.216.34"]
)
def test_public_addresses_and_their_ipv6_forms_pass(address):
    assert STRICT.refusal("h", [ipaddress.ip_address(address)]) is None


def test_one_private_address_among_public_ones_refuses_the_host():
    addresses = [ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("10.0.0.5")]
    assert STRICT.refusal("mixed.example", addresses) == (
        "blocked: private address mixed.example (10.0.0.5)"
    )


def test_allow_list_admits_networks_names_and_suffixes_only():
    policy = EgressPolicy.build(
        allow_private=False, allowed=["10.20.0.0/16", "Intranet.Example", ".corp.example", " "]
    )
    assert policy.refusal("x", [ipaddress.ip_address("10.20.3.4")]) is None
    assert policy.refusal("x", [ipaddress.ip_address("::ffff:10.20.3.4")]) is None
    assert policy.refusal("x", [ipaddress.ip_address("10.21.0.1")]) is not None
    assert policy.refusal("intranet.example.", [ipaddress.ip_address("192.168.0.9")]) is None
    assert policy.refusal("wiki.corp.example", [ipaddress.ip_address("127.0.0.1")]) is None
    assert policy.refusal("corp.example.evil", [ipaddress.ip_address("127.0.0.1")]) is not None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "http://localhost/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/",
        "ws://10.0.0.7:9222/devtools/browser/x",
    ],
)
def test_creation_refuses_private_hosts_literal_or_resolved(url):
    with pytest.raises(UnsafeUrl, match="blocked: private address"):
        STRICT.check_url(url)


def test_creation_leaves_unresolvable_names_to_the_proxy_and_honours_settings():
    STRICT.check_url("http://no-such-name.invalid/")
    STRICT.check_url("https://93.184.216.34/")
    EgressPolicy.build(allow_private=True).check_url("http://127.0.0.1/")
    EgressPolicy.build(allow_private=False, allowed=["127.0.0.0/8"]).check_url("http://127.0.0.2/x")
