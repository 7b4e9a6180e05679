"""What each embedded LXD socket serves: a compute host's LXD, or the LXD of the host Juju deployed on.

Both answer the same routes (app.py) from documents shaped as LXD 5.0.2 shapes them (`GET /1.0/profiles/NAME`,
`/1.0/networks/NAME`, `/1.0/instances?recursion=1`, ...). A compute host's LXD does not emulate networks (None:
its routes answer 501).

A compute host's LXD mirrors the containers nova-lxd keeps there, shaped as the lab driver (lab/novalxd/) makes
them on a real LXD: one Running container per ACTIVE server on the host, named as the instance
(`instance-0000000a`), on the `default` profile (root disk on its pool), tagged with the instance's uuid, and on a
host that gives ephemeral disks the flavor's ephemeral disk as a custom volume `<uuid>-ephemeral0` of the root
disk's pool, mounted at /mnt, its size the flavor's. A server still building, failed (ERROR: nova-lxd removed what
it made) or deleted has none. Each Neutron port of the server is a NIC `ethN` (Nova's order, the port's MAC, on
the `qbr<port id[:11]>` bridge nova-lxd Newton plugged it into), and `/1.0/instances/NAME/state` shows the port's
fixed IPv4 addresses inside the container, as the guest's DHCP (Newton) or the lab driver sets them. Read from the
compute and network services when asked, so they follow the cloud's clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from lxdstack.cloud.lxd import documents
from lxdstack.cloud.lxd.scenario import LxdPlatform
from lxdstack.cloud.scenario import Host

if TYPE_CHECKING:
    from lxdstack.cloud.compute.backend import Compute
    from lxdstack.cloud.network.store import Neutron

CREATED_AT = "2017-03-30T12:00:00Z"  # the seed's deployment
STATUS_CODES = documents.STATUS_CODES


class LxdDocuments(Protocol):
    def server(self) -> dict[str, Any]: ...
    def storage_pools(self) -> list[dict[str, Any]]: ...
    def profiles(self) -> list[dict[str, Any]]: ...
    def networks(self) -> list[dict[str, Any]] | None: ...
    def instances(self) -> list[dict[str, Any]]: ...
    def volumes(self, pool: str) -> list[dict[str, Any]] | None: ...
    def state(self, name: str) -> dict[str, Any] | None: ...


UUID_KEY = "user.nova-instance-uuid"   # the lab driver's tag on its containers
EPHEMERAL_PATH = "/mnt"


@dataclass(frozen=True)
class Nic:
    """A Neutron port of the instance as its container's NIC: addresses as `(address, prefix length)`."""

    port_id: str
    mac: str
    ipv4: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Guest:
    """An instance nova-lxd runs on the host: what its container and ephemeral volume are made from."""

    name: str          # Nova's instance name, which names the container
    uuid: str
    vcpus: int
    ram_mb: int
    ephemeral_gb: int  # 0: no ephemeral disk
    created: datetime  # when spawning began
    started: datetime  # when the server went ACTIVE
    nics: tuple[Nic, ...] = ()


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _nics(network: Neutron, server_id: str) -> tuple[Nic, ...]:
    ports = sorted((p for p in network.ports.values() if p.device_id == server_id), key=lambda p: p.nova_index)
    nics = []
    for port in ports:
        ipv4 = []
        for fixed in port.fixed_ips:
            subnet = network.subnets.get(fixed.subnet_id)
            if subnet is not None and subnet.ip_version == 4:
                ipv4.append((fixed.ip_address, subnet.cidr.prefixlen))
        nics.append(Nic(port.id, port.mac_address, tuple(ipv4)))
    return tuple(nics)


def guests_of(compute: Compute, network: Neutron, host: str) -> list[Guest]:
    """The ACTIVE servers on `host` as the cloud's clock stands now, by instance name."""
    now = compute.clock.now()
    guests = []
    for server in compute.on_host(host):
        if server.phase(now).status != "ACTIVE":
            continue
        guests.append(Guest(server.instance_name, server.uuid, server.flavor.vcpus, server.flavor.ram,
                            server.flavor.ephemeral, server.plugged_at, server.ready_at, _nics(network, server.uuid)))
    return sorted(guests, key=lambda guest: guest.name)


@dataclass(frozen=True)
class ComputeHostLxd:
    """The LXD beside a nova-compute: storage pools and a default profile, as the scenario's `Host` says, and
    the containers of `guests()` (the host's ACTIVE servers; none when not given)."""

    host: Host
    guests: Callable[[], list[Guest]] = field(default=lambda: [])

    def server(self) -> dict[str, Any]:
        return documents.server(self.host.name, [pool.driver for pool in self.host.pools()])

    def storage_pools(self) -> list[dict[str, Any]]:
        root = self.host.root().name
        guests = self.guests()
        return [documents.storage_pool(pool.name, pool.driver, self._pool_users(guests) if pool.name == root else [])
                for pool in self.host.pools()]

    def _pool_users(self, guests: list[Guest]) -> list[str]:
        root = self.host.root().name
        return sorted([f"/1.0/instances/{guest.name}" for guest in guests] + ["/1.0/profiles/default"]
                      + [f"/1.0/storage-pools/{root}/volumes/custom/{_volume_name(guest)}"
                         for guest in guests if guest.ephemeral_gb > 0])

    def profiles(self) -> list[dict[str, Any]]:
        profile = documents.default_profile(self.host)
        profile["used_by"] = [f"/1.0/instances/{guest.name}" for guest in self.guests()]
        return [profile]

    def networks(self) -> None:
        return None

    def instances(self) -> list[dict[str, Any]]:
        profile = documents.default_profile(self.host)
        return [self._instance(n, guest, profile) for n, guest in enumerate(self.guests())]

    def _instance(self, n: int, guest: Guest, profile: dict[str, Any]) -> dict[str, Any]:
        config = {UUID_KEY: guest.uuid, "limits.cpu": str(guest.vcpus), "limits.memory": f"{guest.ram_mb}MB",
                  "volatile.eth0.hwaddr": f"00:16:3e:5c:{n // 256:02x}:{n % 256:02x}",
                  "volatile.last_state.power": "RUNNING"}
        devices = {f"eth{n}": {"type": "nic", "nictype": "bridged", "parent": f"qbr{nic.port_id[:11]}",
                               "name": f"eth{n}", "hwaddr": nic.mac} for n, nic in enumerate(guest.nics)}
        if guest.ephemeral_gb > 0:
            devices["ephemeral0"] = {"type": "disk", "pool": self.host.root().name, "source": _volume_name(guest),
                                     "path": EPHEMERAL_PATH}
        return documents.instance(guest.name, config=config, devices=devices, profile=profile, status="Running",
                                  created_at=_timestamp(guest.created), last_used_at=_timestamp(guest.started))

    def state(self, name: str) -> dict[str, Any] | None:
        """`GET /1.0/instances/NAME/state` of the container `name`, None when there is none."""
        guest = next((guest for guest in self.guests() if guest.name == name), None)
        return None if guest is None else documents.instance_state(
            {f"eth{n}": (nic.mac, nic.ipv4) for n, nic in enumerate(guest.nics)})

    def volumes(self, pool: str) -> list[dict[str, Any]]:
        """The pool's volumes: each container's root (`container/NAME`) and ephemeral disk (`custom/...`)."""
        if pool != self.host.root().name:
            return []
        found = []
        for guest in self.guests():
            users = [f"/1.0/instances/{guest.name}"]
            found.append(documents.volume(guest.name, "container", {}, users, _timestamp(guest.created)))
            if guest.ephemeral_gb > 0:
                found.append(documents.volume(_volume_name(guest), "custom", {"size": f"{guest.ephemeral_gb}GiB"},
                                              users, _timestamp(guest.created)))
        return found


def _volume_name(guest: Guest) -> str:
    return f"{guest.uuid}-ephemeral0"


def _nic_network(device: dict[str, str]) -> str | None:
    return device.get("network") or device.get("parent") if device.get("type") == "nic" else None


@dataclass(frozen=True)
class PlatformLxd:
    """The LXD of the machine Juju deployed on: Juju's machine containers, its profiles and its bridge."""

    platform: LxdPlatform

    def server(self) -> dict[str, Any]:
        return documents.server(self.platform.name, [self.platform.storage])

    def storage_pools(self) -> list[dict[str, Any]]:
        used_by = [f"/1.0/profiles/{name}" for name, profile in self.platform.profiles.items()
                   if any(d.get("pool") == "default" for d in profile.devices.values())]
        used_by += [f"/1.0/instances/{name}" for name in self.platform.machine_names()]
        return [documents.storage_pool("default", self.platform.storage, used_by)]

    def volumes(self, pool: str) -> None:
        return None  # Juju's machines' volumes are not emulated: the routes answer 501

    def state(self, name: str) -> None:
        return None  # nor their state: 501

    def _machine_profiles(self) -> list[str]:
        return [name for name in ("default", "juju-default") if name in self.platform.profiles]

    def profiles(self) -> list[dict[str, Any]]:
        used_by = [f"/1.0/instances/{name}" for name in self.platform.machine_names()]
        return [{"name": name, "description": profile.description, "config": dict(profile.config),
                 "devices": {k: dict(v) for k, v in profile.devices.items()},
                 "used_by": used_by if name in self._machine_profiles() else []}
                for name, profile in self.platform.profiles.items()]

    def networks(self) -> list[dict[str, Any]]:
        """The managed bridges, and the host's own interfaces LXD lists unmanaged (loopback, the uplink)."""
        managed = []
        for name, config in self.platform.networks.items():
            users = [f"/1.0/profiles/{p}" for p, profile in self.platform.profiles.items()
                     if any(_nic_network(d) == name for d in profile.devices.values())]
            if any(f"/1.0/profiles/{p}" in users for p in self._machine_profiles()):
                users += [f"/1.0/instances/{m}" for m in self.platform.machine_names()]
            managed.append({"config": dict(config), "description": "", "name": name, "type": "bridge",
                            "used_by": users, "managed": True, "status": "Created", "locations": ["none"]})
        unmanaged = [{"config": {}, "description": "", "name": name, "type": kind, "used_by": [], "managed": False,
                      "status": "", "locations": None} for name, kind in (("eth0", "physical"), ("lo", "loopback"))]
        return managed + unmanaged

    def instances(self) -> list[dict[str, Any]]:
        return [self._instance(n, name) for n, name in enumerate(self.platform.machine_names())]

    def _instance(self, n: int, name: str) -> dict[str, Any]:
        status = self.platform.status_of(name)
        config = {"image.architecture": "amd64", "image.os": "ubuntu", "image.release": "xenial",
                  "volatile.base_image": "8c4e87e53c024e0449003350f0b0626b124b68060b73c0a7ad9547670e00d4b3",
                  "volatile.eth0.hwaddr": f"00:16:3e:7f:3a:{n:02x}", "volatile.eth1.hwaddr": f"00:16:3e:7f:3b:{n:02x}",
                  "volatile.last_state.power": status.upper()}
        expanded_config: dict[str, str] = {}
        expanded_devices: dict[str, dict[str, str]] = {}
        for profile_name in self._machine_profiles():
            profile = self.platform.profiles[profile_name]
            expanded_config.update(profile.config)
            expanded_devices.update({k: dict(v) for k, v in profile.devices.items()})
        return {"architecture": "x86_64", "config": config, "devices": {}, "ephemeral": False,
                "profiles": self._machine_profiles(), "stateful": False, "description": "",
                "created_at": CREATED_AT, "expanded_config": {**expanded_config, **config},
                "expanded_devices": expanded_devices, "name": name, "status": status,
                "status_code": STATUS_CODES[status], "last_used_at": CREATED_AT, "location": "none",
                "type": "container", "project": "default"}
