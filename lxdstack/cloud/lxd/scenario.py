"""The `platform:` section of a scenario: the machine Juju deployed the cloud on, and its LXD.

The default is the seed's host as LXD 5.0.2 takes it: `lxd init` (a `dir` pool named `default`), lxdbr0 set to
10.0.8.1/24 with DHCP .2-.200, `bridge.mtu` 9000 and no IPv6 (the openstack-on-lxd guide's commands), and Juju's
`juju-default` profile edited with the seed's lxd-profile.yaml (facts §5.2: nesting, privileged, the kernel
modules, two jumbo NICs, root on `default`) adapted where LXD 5 refuses it, as measured on the lab daemon
(lab/lxd/README.md): `raw.lxc` says `lxc.apparmor.profile` where the seed said `lxc.aa_profile`, and eth1 stays on
`conjureup0`, a managed bridge without addresses (the openstack-charmers edit puts it on lxdbr0 too, which LXD 5
refuses: one NIC per managed network). Every machine of the bundle is a Running container `juju-<model>-<N>` with
the profiles `default` and `juju-default`.

`profiles` and `networks` say only what differs from that seed: they are merged over it key by key, and a key
set to null is removed (`security.nesting: null` unsets it, as `lxc profile unset` would).
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# The seed's bundle (facts §5.1) gives each unit its own machine: ceph x3, and one each of ceph-radosgw, cinder,
# glance, keystone, mysql, neutron-api, neutron-gateway, nova-cloud-controller, nova-compute, openstack-dashboard
# and rabbitmq-server.
BUNDLE_MACHINES = 14

SEED_PROFILES: dict[str, dict[str, Any]] = {
    "default": {
        "description": "Default LXD profile",
        "config": {},
        "devices": {
            "eth0": {"name": "eth0", "network": "lxdbr0", "type": "nic"},
            "root": {"path": "/", "pool": "default", "type": "disk"},
        },
    },
    "juju-default": {
        "description": "",
        "config": {
            "boot.autostart": "true",
            "linux.kernel_modules": "openvswitch,nbd,ip_tables,ip6_tables,netlink_diag",
            "security.nesting": "true",
            "security.privileged": "true",
            "raw.lxc": "lxc.apparmor.profile=unconfined\nlxc.mount.auto=sys:rw\n",
        },
        "devices": {
            "eth0": {"mtu": "9000", "name": "eth0", "nictype": "bridged", "parent": "lxdbr0", "type": "nic"},
            "eth1": {"mtu": "9000", "name": "eth1", "nictype": "bridged", "parent": "conjureup0", "type": "nic"},
            "root": {"path": "/", "pool": "default", "type": "disk"},
        },
    },
}

SEED_NETWORKS: dict[str, dict[str, str]] = {
    "lxdbr0": {
        "bridge.mtu": "9000",
        "ipv4.address": "10.0.8.1/24",
        "ipv4.dhcp.ranges": "10.0.8.2-10.0.8.200",
        "ipv4.nat": "true",
        "ipv6.address": "none",
    },
    # neutron-gateway's ext-port (eth1): no host address
    "conjureup0": {"bridge.mtu": "9000", "ipv4.address": "none", "ipv6.address": "none"},
}

InstanceStatus = Literal["Running", "Stopped", "Frozen", "Error"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Profile(_Model):
    description: str = ""
    config: dict[str, str] = {}
    devices: dict[str, dict[str, str]] = {}


def _merged(seed: Any, given: Any) -> Any:
    """`given` merged over `seed`, mappings key by key; a None value removes the key."""
    if not isinstance(seed, dict) or not isinstance(given, dict):
        return copy.deepcopy(given)
    merged = copy.deepcopy(seed)
    for key, value in given.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = _merged(merged.get(key), value)
    return merged


class LxdPlatform(_Model):
    """The LXD host: its name, its one storage pool's driver, Juju's machines, profiles and managed networks."""

    name: str = "lxd-host"
    storage: Literal["dir", "btrfs", "zfs", "lvm"] = "dir"
    model: str = Field("7f3a21", pattern=r"^[0-9a-f]+$", description="Juju's short model id in container names")
    machines: int = Field(BUNDLE_MACHINES, ge=0)
    # machine container name -> a status other than Running
    instance_status: dict[str, InstanceStatus] = {}
    profiles: dict[str, Profile] = Field(default_factory=lambda: {k: Profile(**v) for k, v in SEED_PROFILES.items()})
    networks: dict[str, dict[str, str]] = Field(default_factory=lambda: copy.deepcopy(SEED_NETWORKS))

    @field_validator("profiles", mode="before")
    @classmethod
    def _over_seed_profiles(cls, given: Any) -> Any:
        return _merged(SEED_PROFILES, given) if isinstance(given, dict) else given

    @field_validator("networks", mode="before")
    @classmethod
    def _over_seed_networks(cls, given: Any) -> Any:
        return _merged(SEED_NETWORKS, given) if isinstance(given, dict) else given

    @model_validator(mode="after")
    def _names_known(self) -> LxdPlatform:
        unknown = sorted(set(self.instance_status) - set(self.machine_names()))
        if unknown:
            raise ValueError(f"platform.instance_status names containers the host does not have: {', '.join(unknown)}")
        if "default" not in self.profiles:
            raise ValueError("platform.profiles: LXD always has a `default` profile")
        return self

    def machine_names(self) -> list[str]:
        return [f"juju-{self.model}-{n}" for n in range(self.machines)]

    def status_of(self, machine: str) -> InstanceStatus:
        return self.instance_status.get(machine, "Running")
