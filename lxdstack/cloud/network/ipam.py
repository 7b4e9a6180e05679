"""Addresses of a subnet, as Newton's default IPAM driver (`internal`, neutrondb_ipam) hands them out.

Newton's driver picks at random among the ten lowest free addresses of the first pool with room
(`_generate_ip`); the embedded cloud always takes the lowest, so that tests can name the address they get. A
requested address must lie in the subnet (not its network or broadcast address: `ipam_utils.check_subnet_ip`) and be
free (`_verify_ip`), but need not be in a pool. The gateway is never in a pool (pools are generated around it, and a
subnet whose pool holds it is refused).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from lxdstack.cloud.network import errors
from lxdstack.cloud.network.models import Subnet

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Net = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_address(value: object, attribute: str = "fixed_ips") -> Address:
    try:
        return ipaddress.ip_address(str(value))
    except ValueError:
        raise errors.invalid_attribute(attribute, f"'{value}' is not a valid IP address") from None


def in_subnet(cidr: Net, address: Address) -> bool:
    """ipam_utils.check_subnet_ip: inside, and neither the network address nor (IPv4) the broadcast address."""
    if address.version != cidr.version or address not in cidr:
        return False
    if address == cidr.network_address:
        return False
    return cidr.version == 6 or cidr.prefixlen >= 31 or address != cidr.broadcast_address


def generate_pools(cidr: Net, gateway: Address | None) -> list[tuple[Address, Address]]:
    """ipam_utils.generate_pools: every host address, split around the gateway."""
    first = cidr.network_address + 1
    last = cidr.broadcast_address - (1 if cidr.version == 4 else 0)
    if cidr.prefixlen >= (31 if cidr.version == 4 else 127):
        first, last = cidr.network_address, cidr.broadcast_address
    if gateway is None or not first <= gateway <= last:
        return [(first, last)]
    return [(a, b) for a, b in ((first, gateway - 1), (gateway + 1, last)) if a <= b]


def lowest_free(subnet: Subnet, taken: Iterable[str]) -> Address | None:
    """The lowest free address of the subnet's pools, the first pool with room first; None when all are taken."""
    used = {ipaddress.ip_address(a) for a in taken}
    for start, end in subnet.pools:
        candidate = start
        while candidate <= end:
            if candidate not in used and candidate != subnet.gateway_ip:
                return candidate
            candidate += 1
    return None


def check_specific(subnet: Subnet, address: Address, taken: Iterable[str]) -> None:
    """`_verify_ip`: free first (IpAddressAlreadyAllocated), then inside the subnet (InvalidIpForSubnet)."""
    if str(address) in set(taken):
        raise errors.ip_already_allocated(str(address), subnet.id)
    if not in_subnet(subnet.cidr, address):
        raise errors.invalid_ip_for_subnet(str(address))
