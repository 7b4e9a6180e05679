"""What each embedded LXD socket serves: a compute host's LXD, or the LXD of the host Juju deployed on.

Both answer the same routes (app.py) from documents shaped as LXD 5.0.2 shapes them (`GET /1.0/profiles/NAME`,
`/1.0/networks/NAME`, `/1.0/instances?recursion=1`, ...). A compute host's LXD does not emulate networks (None:
its routes answer 501) and lists no instances (nova-lxd's containers are not mirrored).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from lxdstack.cloud.lxd import documents
from lxdstack.cloud.lxd.scenario import LxdPlatform
from lxdstack.cloud.scenario import Host

CREATED_AT = "2017-03-30T12:00:00Z"  # the seed's deployment
STATUS_CODES = {"Running": 103, "Stopped": 102, "Frozen": 110, "Error": 112}


class LxdDocuments(Protocol):
    def server(self) -> dict[str, Any]: ...
    def storage_pools(self) -> list[dict[str, Any]]: ...
    def profiles(self) -> list[dict[str, Any]]: ...
    def networks(self) -> list[dict[str, Any]] | None: ...
    def instances(self) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class ComputeHostLxd:
    """The LXD beside a nova-compute: storage pools and a default profile, as the scenario's `Host` says."""

    host: Host

    def server(self) -> dict[str, Any]:
        return documents.server(self.host.name, [pool.driver for pool in self.host.pools()])

    def storage_pools(self) -> list[dict[str, Any]]:
        root = self.host.root().name
        return [documents.storage_pool(pool.name, pool.driver, ["/1.0/profiles/default"] if pool.name == root else [])
                for pool in self.host.pools()]

    def profiles(self) -> list[dict[str, Any]]:
        return [documents.default_profile(self.host)]

    def networks(self) -> None:
        return None

    def instances(self) -> list[dict[str, Any]]:
        return []


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
