"""Refuse outbound URLs (webhooks, 2FA endpoints) that point into private networks.

A cloud deployment that POSTs to user-supplied URLs must not be turned against its own
network (server-side request forgery). Checked at creation and again before each send,
since DNS answers can change.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class UnsafeUrl(ValueError):
    """The URL is not an http(s) URL to a public address."""


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# NAT64's well-known prefix carries an IPv4 address in its last 32 bits (RFC 6052)
NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")
# the deprecated IPv4-compatible form, ::a.b.c.d
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def addresses_of(host: str) -> list[IPAddress]:
    """The host's addresses: the literal itself, else what the system resolver answers."""
    return _addresses(host)


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeUrl(f"host {host!r} does not resolve") from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        if address.is_site_local:
            return False
        # an IPv4 address carried inside (mapped, 6to4) must be public itself
        embedded = address.ipv4_mapped or address.sixtofour or _carried_ipv4(address)
        if embedded is not None:
            address = embedded
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _carried_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address in NAT64_PREFIX or (address in IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def public_addresses(host: str) -> list[str]:
    """The host's addresses, all public; UnsafeUrl when it does not resolve or any is not.

    An HTTP sender that connects to one of these (instead of looking the host up again)
    cannot be steered into a private network by a DNS answer that changes after the check.
    """
    addresses = _addresses(host)
    for address in addresses:
        if not is_public_address(address):
            raise UnsafeUrl(
                f"resolves to a private, loopback or link-local address ({address}); "
                "such URLs are refused outside local development"
            )
    if not addresses:
        raise UnsafeUrl(f"host {host!r} does not resolve")
    return [str(address) for address in addresses]


def check_outbound_url(url: str, *, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeUrl("must be an http or https URL with a host")
    if allow_private:
        return
    public_addresses(parts.hostname)
