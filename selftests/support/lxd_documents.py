"""LXD 5.0.2's documents for the seed's host, as `lxc query` prints them on the lab daemon, and an LxdApi answering
from them: shared by the platform checks' and the LXD reader's unit tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from lxdstack.platform.expectations import BridgeExpectation, JujuProfileExpectation, NicExpectation
from lxdstack.platform.lxd_api import LxdNotFound
from lxdstack.platform.snapshot import LxdSnapshot

PROJECT = Path(__file__).resolve().parents[2]
SOCKET = "/var/lib/lxd/unix.socket"

# As `lxc query` prints them on Debian's LXD 5.0.2 (the lab daemon), for the seed's host.
DEFAULT_PROFILE = {"config": {}, "description": "Default LXD profile", "name": "default", "used_by": [],
                   "devices": {"eth0": {"name": "eth0", "network": "lxdbr0", "type": "nic"},
                               "root": {"path": "/", "pool": "default", "type": "disk"}}}
JUJU_PROFILE = {"config": {"boot.autostart": "true", "security.nesting": "true", "security.privileged": "true",
                           "linux.kernel_modules": "openvswitch,nbd,ip_tables,ip6_tables,netlink_diag"},
                "description": "", "name": "juju-default", "used_by": ["/1.0/instances/juju-7f3a21-0"],
                "devices": {"eth0": {"mtu": "9000", "name": "eth0", "nictype": "bridged", "parent": "lxdbr0",
                                     "type": "nic"},
                            "root": {"path": "/", "pool": "default", "type": "disk"}}}
LXDBR0 = {"config": {"bridge.mtu": "9000", "ipv4.address": "10.0.8.1/24", "ipv4.dhcp.ranges": "10.0.8.2-10.0.8.200",
                     "ipv4.nat": "true", "ipv6.address": "none"},
          "description": "", "name": "lxdbr0", "type": "bridge", "used_by": ["/1.0/profiles/default"],
          "managed": True, "status": "Created", "locations": ["none"]}
POOLS = [{"config": {"source": "/var/lib/lxd/storage-pools/default"}, "description": "", "name": "default",
          "driver": "dir", "used_by": ["/1.0/profiles/default"], "status": "Created", "locations": ["none"]},
         {"config": {"size": "2GiB", "source": "/var/lib/lxd/disks/b1.img"}, "description": "", "name": "b1",
          "driver": "btrfs", "used_by": [], "status": "Created", "locations": ["none"]}]
SERVER = {"api_version": "1.0", "auth": "trusted", "environment": {"storage": "btrfs | dir",
                                                                  "server_version": "5.0.2"}}


def instance(name: str, status: str = "Running", raw_lxc: str | None = None) -> dict[str, Any]:
    config = {"volatile.last_state.power": status.upper(), **({"raw.lxc": raw_lxc} if raw_lxc else {})}
    return {"architecture": "x86_64", "config": config, "devices": {}, "ephemeral": False,
            "profiles": ["default", "juju-default"], "stateful": False, "description": "", "name": name,
            "status": status, "status_code": {"Running": 103, "Stopped": 102}[status], "type": "container",
            "project": "default", "location": "none", "expanded_config": {}, "expanded_devices": {}}


class Documents:
    """An LxdApi answering from documents by path; a path it lacks is LXD's 404."""

    def __init__(self, documents: dict[str, Any], where: str = SOCKET) -> None:
        self.documents, self.where, self.asked = documents, where, []

    def query(self, path: str) -> Any:
        self.asked.append(path)
        if path not in self.documents:
            raise LxdNotFound(f"LXD at {self.where}: GET {path}: not found")
        return copy.deepcopy(self.documents[path])


def seed_host(**changes: Any) -> dict[str, Any]:
    """The seed's host, as documents by path; `changes` replaces documents (None removes one)."""
    documents = {"/1.0": SERVER, "/1.0/profiles/default": DEFAULT_PROFILE, "/1.0/profiles/juju-default": JUJU_PROFILE,
                 "/1.0/networks/lxdbr0": LXDBR0, "/1.0/storage-pools?recursion=1": POOLS,
                 "/1.0/storage-pools/default": POOLS[0], "/1.0/storage-pools/b1": POOLS[1],
                 "/1.0/profiles?recursion=1": [DEFAULT_PROFILE, JUJU_PROFILE],
                 "/1.0/instances?recursion=1": [instance("juju-7f3a21-0"), instance("juju-7f3a21-1")]}
    documents.update(changes)
    return {path: doc for path, doc in copy.deepcopy(documents).items() if doc is not None}


def lxd(**changes: Any) -> LxdSnapshot:
    return LxdSnapshot("lxd-host", Documents(seed_host(**changes)))


def with_config(document: dict[str, Any], **config: str | None) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    for key, value in config.items():
        key = key.replace("_", ".").replace("kernel.modules", "kernel_modules")
        if value is None:
            changed["config"].pop(key, None)
        else:
            changed["config"][key] = value
    return changed


def with_device(profile: dict[str, Any], name: str, device: dict[str, str] | None) -> dict[str, Any]:
    changed = copy.deepcopy(profile)
    if device is None:
        changed["devices"].pop(name)
    else:
        changed["devices"][name] = device
    return changed


NIC, BRIDGE, JUJU = NicExpectation(), BridgeExpectation(), JujuProfileExpectation()
EXPECTED_TRUE = {"security_nesting": "security.nesting", "security_privileged": "security.privileged"}
