"""The seed's `juju-default` LXD profile, as data, and what LXD 5 needs changed in it.

The seed (falfaro/openstack-on-lxd @ 932a544 : lxd-profile.yaml) was written for LXD 2 on xenial, whose liblxc was
2.0. Debian 12's LXD 5.0.2 runs liblxc 5, which dropped the LXC 2 configuration keys, and LXD 5 validates NICs more
strictly. Each difference below was tried on a real LXD 5.0.2 (the lab daemon, lab/lxd/) and the message LXD gave is
quoted; lab/lxd/README.md tells the same story for people.

What stays exactly as the seed has it: `boot.autostart`, `security.nesting` and `security.privileged` true,
`linux.kernel_modules` openvswitch,nbd,ip_tables,ip6_tables,netlink_diag (a kernel that cannot load them makes LXD
refuse to start the container; the lab overrides the key per instance, never in the profile: see
`lxd_machines.lab_kernel_modules`), `lxc.mount.auto=sys:rw`, both NICs `nictype: bridged` with `mtu: 9000`, eth1 on
`conjureup0` (the bridge must exist: bring-up creates it), the root disk on pool `default`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from lxdstack.platform.legacy import replacement

# falfaro/openstack-on-lxd @ 932a544f : lxd-profile.yaml, verbatim.
SEED_JUJU_DEFAULT: dict[str, Any] = {
    "name": "juju-default",
    "config": {
        "boot.autostart": "true",
        "security.nesting": "true",
        "security.privileged": "true",
        "linux.kernel_modules": "openvswitch,nbd,ip_tables,ip6_tables,netlink_diag",
        "raw.lxc": "lxc.aa_profile=unconfined\nlxc.mount.auto=sys:rw\n",
    },
    "devices": {
        "eth0": {"mtu": "9000", "name": "eth0", "nictype": "bridged", "parent": "lxdbr0", "type": "nic"},
        "eth1": {"mtu": "9000", "name": "eth1", "nictype": "bridged", "parent": "conjureup0", "type": "nic"},
        "root": {"path": "/", "pool": "default", "type": "disk"},
    },
}
SEED_KERNEL_MODULES = SEED_JUJU_DEFAULT["config"]["linux.kernel_modules"]


@dataclass(frozen=True)
class Adaptation:
    """One place where LXD 5 does not take the seed as it is: what the seed had, what we use, and why."""

    where: str       # e.g. "juju-default config raw.lxc"
    seed: str
    lxd5: str
    why: str         # with LXD's own message, as measured on LXD 5.0.2


ADAPTATIONS: tuple[Adaptation, ...] = (
    Adaptation(
        where="juju-default config raw.lxc",
        seed="lxc.aa_profile=unconfined",
        lxd5="lxc.apparmor.profile=unconfined",
        why="LXC 2.1 renamed the key and liblxc 3+ no longer knows the old one. LXD 5.0.2 accepts it in a profile no "
            "instance uses, then refuses to start any container with it, and refuses the profile change while "
            'instances use it: \'Failed to load config file "/tmp/lxd_config_…": loading config file for the '
            "container failed'. The new key is accepted and the container starts."),
    Adaptation(
        where="LXD network conjureup0 (parent of juju-default's eth1)",
        seed="made by conjure-up on the seed's host; not part of the seed's files",
        lxd5="bring-up creates it: a managed bridge with no addresses (ipv4/ipv6 none), bridge.mtu 9000",
        why="a bridged NIC's parent must exist: 'Failed to start device \"eth1\": Parent device \"conjureup0\" "
            "doesn't exist'. Pointing eth1 at lxdbr0 instead (as the later openstack-charmers profile does) is "
            "refused by LXD 5, which allows one NIC per instance on a managed network: 'Instance DNS name \"…\" "
            "already used on network'. eth1 is neutron-gateway's ext-port, which carries no host address, so the "
            "bridge is layer 2 only."),
    Adaptation(
        where="default profile eth0 (MTU 9000)",
        seed="LXD 2's default profile: eth0 nictype bridged, parent lxdbr0",
        lxd5="eth0 {network: lxdbr0}, MTU from the bridge's bridge.mtu 9000",
        why="LXD 5 attaches the default profile's NIC with `network:`, and such a NIC takes its MTU from the network: "
            "'Cannot use \"mtu\" property in conjunction with \"network\" property'. juju-default's NICs stay "
            "`nictype: bridged` with `mtu: 9000`, which LXD 5 still takes (the container's eth0/eth1 show MTU 9000)."),
)

def modernise_raw_lxc(raw_lxc: str) -> str:
    """raw.lxc with each renamed LXC 2 key (lxdstack.platform.legacy) replaced by its LXC 3+ name; other lines,
    and keys LXC dropped without a replacement, are kept as they are."""
    lines = []
    for line in raw_lxc.splitlines():
        key, sep, value = line.partition("=")
        removed, new = replacement(key.strip().lower())
        lines.append(f"{new}={value.strip()}" if sep and removed and new else line)
    return "\n".join(lines) + ("\n" if raw_lxc.endswith("\n") else "")


def lxd5_juju_default(bridge: str = "lxdbr0", ext_bridge: str = "conjureup0", mtu: int = 9000,
                      pool: str = "default") -> dict[str, Any]:
    """The seed's juju-default profile as LXD 5 takes it (config and devices), on the given bridges, MTU and pool;
    with the defaults, the seed's own values."""
    profile = copy.deepcopy(SEED_JUJU_DEFAULT)
    profile["config"]["raw.lxc"] = modernise_raw_lxc(profile["config"]["raw.lxc"])
    devices = profile["devices"]
    devices["eth0"].update(parent=bridge, mtu=str(mtu))
    devices["eth1"].update(parent=ext_bridge, mtu=str(mtu))
    devices["root"]["pool"] = pool
    return {"config": profile["config"], "devices": devices}
