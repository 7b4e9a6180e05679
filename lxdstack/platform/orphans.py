"""Nova's instances and the LXD containers that run them, read from both sides.

nova-lxd (and the lab driver that reproduces it, lab/novalxd/) runs each instance as a container named as the
instance (`instance-0000000a`, Nova's OS-EXT-SRV-ATTR:instance_name). Nova may say ACTIVE while the container is
stopped or gone, and a delete that failed half-way leaves a container no server owns: neither shows in Nova's API.
So, from LXD's documents (`/1.0/instances/NAME`, `/1.0/instances?recursion=1`, `/1.0/storage-pools/...`):

- per boot: the instance's container is Running, and where the flavor's ephemeral disk was given, a disk is mounted
  at /mnt — an LXD custom volume of exactly the flavor's size on a pool of the driver that gives it (LXD 5's way,
  the lab driver's); nova-lxd Newton bind-mounted a btrfs subvolume it made itself, whose size LXD cannot show;
- at the end of a run: every ACTIVE server on the host has a Running container, and every container of the host's
  LXD belongs to a live server there (no orphans after deletes).

The embedded cloud's compute-host LXDs mirror nova-lxd's containers as the lab driver makes them
(lxdstack/cloud/lxd/hosts.py), so `lxd: embedded` hosts are checked too; only `lxd: none` is out of reach.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lxdstack.expectations import HostExpectation
from lxdstack.platform.lxd_api import LxdApi, LxdNotFound

EPHEMERAL_PATH = "/mnt"
UUID_KEY = "user.nova-instance-uuid"   # the lab driver's tag (nova-lxd Newton tagged nothing)
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kMGTPE]i?B|B)?\s*$")
_UNITS = {"B": 1, **{f"{p}B": 1000 ** (n + 1) for n, p in enumerate("kMGTPE")},
          **{f"{p}iB": 1024 ** (n + 1) for n, p in enumerate("kMGTPE")}}


def not_checked(host: HostExpectation) -> str | None:
    """Why the containers of `host` cannot be checked, or None when they can."""
    if host.lxd == "none":
        return f"the LXD of {host.name} is out of the suite's reach (lxd: none)"
    return None


def size_in_bytes(size: str) -> int:
    """An LXD size (`40GiB`, `40GB`, `42949672960`) in bytes; ValueError naming it otherwise."""
    found = _SIZE.match(size)
    if not found:
        raise ValueError(f"{size!r} is not an LXD size")
    return int(float(found[1]) * _UNITS[found[2] or "B"])


def instance_problems(api: LxdApi, instance_name: str, ephemeral_gb: int, ephemeral_driver: str | None) -> list[str]:
    """What is wrong with an ACTIVE instance's container: it must exist and run, and with `ephemeral_gb` > 0 hold
    the ephemeral disk at /mnt on a pool of `ephemeral_driver`, its size the flavor's. Empty when all is well."""
    try:
        container = api.query(f"/1.0/instances/{instance_name}")
    except LxdNotFound:
        return [f"no container {instance_name} in the LXD at {api.where}"]
    problems = []
    if container["status"] != "Running":
        problems.append(f"container {instance_name} is {container['status']}, expected Running")
    if ephemeral_gb > 0:
        problems += _ephemeral_problems(api, container, ephemeral_gb, ephemeral_driver)
    return problems


def _ephemeral_problems(api: LxdApi, container: dict[str, Any], ephemeral_gb: int,
                        driver: str | None) -> list[str]:
    name = container["name"]
    devices = container.get("expanded_devices") or {}
    disk = next((d for d in devices.values() if d.get("type") == "disk" and d.get("path") == EPHEMERAL_PATH), None)
    if disk is None:
        return [f"container {name} has no disk at {EPHEMERAL_PATH} for its {ephemeral_gb} GB ephemeral disk"]
    if not disk.get("pool"):
        return []  # a host path (nova-lxd Newton's own btrfs subvolume): LXD does not know its size
    pool = api.query(f"/1.0/storage-pools/{disk['pool']}")
    try:
        volume = api.query(f"/1.0/storage-pools/{disk['pool']}/volumes/custom/{disk['source']}")
    except LxdNotFound:
        return [f"container {name}: {EPHEMERAL_PATH} is volume {disk['source']} of pool {disk['pool']}, "
                "which LXD does not have"]
    problems = []
    if driver and pool["driver"] != driver:
        problems.append(f"container {name}: {EPHEMERAL_PATH} is on pool {disk['pool']} ({pool['driver']}), "
                        f"expected a {driver} pool")
    size = (volume.get("config") or {}).get("size")
    if size is None or size_in_bytes(size) != ephemeral_gb * 1024 ** 3:
        problems.append(f"container {name}: {EPHEMERAL_PATH} is volume {disk['source']} of size {size or 'unset'}, "
                        f"expected the flavor's {ephemeral_gb} GB ({ephemeral_gb}GiB)")
    return problems


@dataclass(frozen=True)
class ServerSeen:
    """A server as Nova shows it to an admin: where it runs and the name of its container."""

    id: str
    name: str
    status: str
    host: str | None
    instance_name: str | None


def orphan_problems(host: str, where: str, servers: Iterable[ServerSeen], containers: list[dict[str, Any]]
                    ) -> list[str]:
    """Every ACTIVE server on `host` has a Running container; every container belongs to a live server there."""
    on_host = [server for server in servers if server.host == host]
    by_name = {container["name"]: container for container in containers}
    problems = []
    for server in on_host:
        container = by_name.get(server.instance_name or "")
        if server.status != "ACTIVE":
            continue
        if container is None:
            problems.append(f"server {server.name} ({server.id}) is ACTIVE on {host}, but {where} has no container "
                            f"{server.instance_name}")
        elif container["status"] != "Running":
            problems.append(f"server {server.name} ({server.id}) is ACTIVE on {host}, but its container "
                            f"{server.instance_name} is {container['status']}")
    owners = {server.instance_name: server for server in on_host}
    for container in containers:
        owner = owners.get(container["name"])
        tagged = (container.get("config") or {}).get(UUID_KEY)
        if owner is None:
            problems.append(f"container {container['name']} ({container['status']}) in {where} belongs to no live "
                            f"server on {host}" + (f" (tagged for instance {tagged})" if tagged else ""))
        elif tagged and tagged != owner.id:
            problems.append(f"container {container['name']} in {where} is tagged for instance {tagged}, but Nova "
                            f"runs server {owner.name} ({owner.id}) under that name")
    return problems
