"""Where the browser may connect: public addresses, plus the operator's intranet allow-list.

One rule set for every check: the address classifier of ``url_guard`` decides what is
public; ``browser_allowed_private`` names the private networks (CIDRs) and host names a
deployment still lets the browser reach. Run creation refuses the obvious cases early;
the egress proxy applies the same policy to every connection the browser makes.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .url_guard import IPAddress, UnsafeUrl, addresses_of, is_public_address

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def blocked_reason(host: str) -> str:
    """What a step records, and the agent reads, when the browser was refused a host."""
    return f"blocked: private address {host}"


@dataclass(frozen=True)
class EgressPolicy:
    allow_private: bool = False
    allowed_networks: tuple[Network, ...] = ()
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def build(cls, *, allow_private: bool, allowed: Iterable[str] = ()) -> EgressPolicy:
        """``allowed`` holds CIDRs (``10.20.0.0/16``), addresses and host names; a name
        starting with a dot (``.corp.example``) allows every name under it."""
        networks: list[Network] = []
        hosts: set[str] = set()
        for entry in allowed:
            text = entry.strip().lower()
            if not text:
                continue
            try:
                networks.append(ipaddress.ip_network(text.strip("[]"), strict=False))
            except ValueError:
                hosts.add(text.rstrip("."))
        return cls(allow_private, tuple(networks), frozenset(hosts))

    def host_allowed(self, host: str) -> bool:
        name = host.lower().rstrip(".")
        if name in self.allowed_hosts:
            return True
        return any(entry.startswith(".") and name.endswith(entry) for entry in self.allowed_hosts)

    def address_allowed(self, host: str, address: IPAddress) -> bool:
        if self.allow_private or self.host_allowed(host) or is_public_address(address):
            return True
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return any(address in network for network in self.allowed_networks)

    def refusal(self, host: str, addresses: Iterable[IPAddress]) -> str | None:
        """None when every address may be reached; else the reason, naming the host."""
        for address in addresses:
            if not self.address_allowed(host, address):
                shown = host if host.strip("[]") == str(address) else f"{host} ({address})"
                return blocked_reason(shown)
        return None

    def check_url(self, url: str) -> None:
        """Refuse at creation a URL whose host is, or resolves to, a private address.

        A name that does not resolve here is left to the egress proxy: the browser may run
        elsewhere (another network, another resolver) and it checks every connection.
        """
        if self.allow_private:
            return
        host = urlsplit(url).hostname
        if not host or self.host_allowed(host):
            return
        try:
            addresses = addresses_of(host)
        except UnsafeUrl:
            return
        reason = self.refusal(host, addresses)
        if reason is not None:
            raise UnsafeUrl(f"{reason}; the browser may not reach private networks here")
