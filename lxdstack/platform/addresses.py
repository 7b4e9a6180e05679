"""The IPv4 addresses a server really has, read inside its container from the LXD that runs it.

Nova's `addresses` only repeat what Neutron allocated. Where a compute host's LXD is in the suite's reach (a socket,
a URL or Juju in the expectations), LXD's `/1.0/instances/NAME/state` lists the interfaces seen from inside the
container, so the fixed-IP test can check that the reserved address is the one the instance carries. The lab LXD
driver (lab/novalxd/) gives each port a NIC with its fixed address; where a host's containers cannot be seen
(`lxd: none`, a host the expectations do not name) nothing is read and the caller says why; the embedded cloud
shows the Neutron ports' fixed IPv4 addresses inside its mirrored containers (lxdstack/cloud/lxd/hosts.py).
"""

from __future__ import annotations

from typing import Any

from lxdstack.expectations import ComputeExpectation, HostExpectation
from lxdstack.platform.lxd_api import LxdApi, LxdNotFound
from lxdstack.platform.orphans import not_checked


def host_of(compute: ComputeExpectation, host_name: str | None) -> tuple[HostExpectation | None, str | None]:
    """The expectations' host a server runs on, or None and why its container cannot be looked at."""
    host = next((h for h in compute.hosts if h.name == host_name), None)
    if host is None:
        return None, f"its compute host {host_name!r} is not one the expectations describe"
    return host, not_checked(host)


def ipv4_inside(state: dict[str, Any]) -> set[str]:
    """The global IPv4 addresses of a container's interfaces (loopback left out), from its LXD state document."""
    return {address["address"]
            for name, interface in (state.get("network") or {}).items() if name != "lo"
            for address in interface.get("addresses") or []
            if address.get("family") == "inet" and address.get("scope") == "global"}


def container_ipv4(api: LxdApi, instance_name: str) -> set[str]:
    """The IPv4 addresses inside the container `instance_name`; LxdNotFound names it when the LXD has no such one."""
    try:
        state = api.query(f"/1.0/instances/{instance_name}/state")
    except LxdNotFound:
        raise LxdNotFound(f"no container {instance_name} in the LXD at {api.where}") from None
    return ipv4_inside(state)
