"""The seed's LXD preparation as idempotent bring-up steps, done through pylxd: the 10.0.8.0/24 bridge without IPv6,
MTU 9000, the bridge for eth1, the `juju-default` profile (lxdstack.bringup.profile) and the default profile. The
"Juju machine" containers on such a host: lxdstack.bringup.lxd_machines.

Each step compares what LXD has with what it wants (`is_done`), so a second run skips everything, and creates or
updates only what differs (`apply`); any LXD error becomes StepFailed with LXD's own message. The seed ran `lxd init`
and `lxc` by hand on LXD 2; each step carries the equivalent LXD 5 command for --dry-run.

Projects: everything runs in `settings.project` (pylxd's Client(project=...), which adds ?project= to every call).
A project with features.profiles=true has its own default and juju-default profiles; networks stay in the default
project unless the project has features.networks=true (LXD then serves and creates them in `default`).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pylxd
from pylxd import exceptions as lxd_exceptions

from lxdstack.bringup.guarded import guarded_step
from lxdstack.bringup.profile import SEED_KERNEL_MODULES, lxd5_juju_default
from lxdstack.bringup.steps import Step
from lxdstack.errors import InputError

ClientFactory = Callable[[str], pylxd.Client]   # project name -> a client of that project
LXD_ERRORS = (lxd_exceptions.LXDAPIException, lxd_exceptions.ClientConnectionFailed, OSError)
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$")   # Linux interface names: at most 15 characters


@dataclass(frozen=True)
class LxdSettings:
    """What the LXD host should look like; the defaults are the seed's."""

    bridge: str = "lxdbr0"
    address: str = "10.0.8.1/24"              # the bridge's own address and prefix (the containers' gateway)
    dhcp_range: str = "10.0.8.2-10.0.8.200"
    nat: bool = True
    ipv6: bool = False                        # False: ipv6.address none
    mtu: int = 9000
    ext_bridge: str = "conjureup0"            # juju-default's eth1 (neutron-gateway's ext-port)
    profile: str = "juju-default"
    pool: str = "default"                     # the root disk's pool in both profiles
    project: str = "default"

    def __post_init__(self) -> None:
        for field in ("bridge", "ext_bridge"):
            if not NAME.match(getattr(self, field)):
                raise InputError(f"LXD {field} {getattr(self, field)!r}: not a valid interface name (1-15 of "
                                 "letters, digits, '_', '.', '-')")
        if self.bridge == self.ext_bridge:
            raise InputError(f"LXD bridge and ext_bridge are both {self.bridge!r}: LXD 5 allows an instance one NIC "
                             "per managed network")
        for field in ("profile", "pool", "project"):
            if not getattr(self, field).strip():
                raise InputError(f"LXD {field}: must not be empty")
        if "/" not in self.address:
            raise InputError(f"LXD bridge address {self.address!r}: give its prefix too, e.g. 10.0.8.1/24")
        try:
            interface = ipaddress.IPv4Interface(self.address)
        except ValueError:
            raise InputError(f"LXD bridge address {self.address!r}: not an IPv4 address/prefix") from None
        if interface.ip in (interface.network.network_address, interface.network.broadcast_address):
            raise InputError(f"LXD bridge address {self.address!r}: not a host address of {interface.network}")
        first, _, last = self.dhcp_range.partition("-")
        try:
            low, high = ipaddress.IPv4Address(first.strip()), ipaddress.IPv4Address(last.strip())
        except ValueError:
            raise InputError(f"LXD DHCP range {self.dhcp_range!r}: not FIRST-LAST IPv4 addresses") from None
        if not (low <= high and low in interface.network and high in interface.network):
            raise InputError(f"LXD DHCP range {self.dhcp_range!r}: must be ascending and inside {interface.network}")
        if interface.ip in (low, high) or low < interface.ip < high:
            raise InputError(f"LXD DHCP range {self.dhcp_range!r}: holds the bridge's own address {interface.ip}")
        if not 1280 <= self.mtu <= 9216:
            raise InputError(f"LXD MTU {self.mtu}: must be between 1280 and 9216")


# --- What is wanted, as LXD config dicts (pure).

def bridge_config(settings: LxdSettings) -> dict[str, str]:
    """The bridge's addressing: the seed's `lxd init` answers (10.0.8.1/24, DHCP .2-.200, NAT, no IPv6)."""
    return {"ipv4.address": settings.address, "ipv4.dhcp.ranges": settings.dhcp_range,
            "ipv4.nat": str(settings.nat).lower(), "ipv6.address": "auto" if settings.ipv6 else "none"}


def mtu_config(settings: LxdSettings) -> dict[str, str]:
    return {"bridge.mtu": str(settings.mtu)}


def ext_bridge_config(settings: LxdSettings) -> dict[str, str]:
    """eth1's bridge: layer 2 only (no addresses, so no DHCP), the same MTU."""
    return {"ipv4.address": "none", "ipv6.address": "none", "bridge.mtu": str(settings.mtu)}


def default_devices(settings: LxdSettings) -> dict[str, dict[str, str]]:
    """The default profile's devices: eth0 attached to the bridge as a network (its MTU is the bridge's), root."""
    return {"eth0": {"name": "eth0", "network": settings.bridge, "type": "nic"},
            "root": {"path": "/", "pool": settings.pool, "type": "disk"}}


def juju_profile(settings: LxdSettings) -> dict[str, Any]:
    return lxd5_juju_default(settings.bridge, settings.ext_bridge, settings.mtu, settings.pool)


def config_differences(what: str, live: Mapping[str, Any], wanted: Mapping[str, Any]) -> list[str]:
    """Each wanted key whose live value differs, as 'what: key is X, wants Y' (absent keys read as 'unset')."""
    return [f"{what}: {key} is {live.get(key, 'unset')!r}, wants {value!r}"
            for key, value in wanted.items() if live.get(key) != value]


def nic_mtu(nic: Mapping[str, str], networks: Mapping[str, Mapping[str, str]]) -> str | None:
    """A NIC's MTU wherever LXD keeps it: a NIC attached with `network:` takes its network's bridge.mtu; a
    `nictype: bridged` NIC takes its own `mtu`. None when LXD leaves it to the kernel (1500)."""
    if "network" in nic:
        return networks.get(nic["network"], {}).get("bridge.mtu")
    return nic.get("mtu")


# --- The steps.

def lxd_steps(client_factory: ClientFactory, settings: LxdSettings | None = None) -> list[Step]:
    """The seed's LXD preparation, in order: bridge, MTU, eth1's bridge, juju-default profile, default profile.
    Nothing is touched until a step's is_done/apply runs (so --dry-run only prints `plan(steps)`)."""
    s = settings or LxdSettings()
    lxd = _Lazy(client_factory, s.project)
    on = "" if s.project == "default" else f" --project {s.project}"

    def network_done(name: str, wanted: dict[str, str]) -> bool:
        client = lxd()
        return client.networks.exists(name) and not config_differences(name, client.networks.get(name).config,
                                                                        wanted)

    def network_apply(name: str, wanted: dict[str, str]) -> None:
        client = lxd()
        if not client.networks.exists(name):
            client.networks.create(name, type="bridge", config=wanted)
            return
        client.networks.get(name).patch({"config": wanted}, wait=True)

    def default_eth0() -> dict[str, str] | None:
        return lxd().profiles.get("default").devices.get("eth0")

    def mtu_done() -> bool:
        nic = default_eth0()
        return network_done(s.bridge, mtu_config(s)) and (
            nic is None or "network" in nic or nic.get("mtu") == str(s.mtu))

    def mtu_apply() -> None:
        network_apply(s.bridge, mtu_config(s))
        nic = default_eth0()
        if nic is not None and "network" not in nic and nic.get("mtu") != str(s.mtu):
            profile = lxd().profiles.get("default")
            profile.patch({"devices": {**profile.devices, "eth0": {**nic, "mtu": str(s.mtu)}}}, wait=True)

    def juju_done() -> bool:
        client = lxd()
        if not client.profiles.exists(s.profile):
            return False
        live, wanted = client.profiles.get(s.profile), juju_profile(s)
        return live.config == wanted["config"] and live.devices == wanted["devices"]

    def juju_apply() -> None:
        client, wanted = lxd(), juju_profile(s)
        if not client.profiles.exists(s.profile):
            client.profiles.create(s.profile, config=wanted["config"], devices=wanted["devices"], wait=True)
            return
        profile = client.profiles.get(s.profile)
        profile.put({"config": wanted["config"], "devices": wanted["devices"],
                     "description": profile.description or ""}, wait=True)

    def default_done() -> bool:
        devices = lxd().profiles.get("default").devices
        return all(devices.get(name) == device for name, device in default_devices(s).items())

    def default_apply() -> None:
        profile = lxd().profiles.get("default")
        profile.patch({"devices": {**profile.devices, **default_devices(s)}}, wait=True)

    bridge = bridge_config(s)
    ext = ext_bridge_config(s)
    steps = [
        (f"lxd-bridge-{s.bridge}",
         f"LXD bridge {s.bridge}: {s.address}, DHCP {s.dhcp_range}, NAT {'on' if s.nat else 'off'}, "
         f"IPv6 {'on' if s.ipv6 else 'off'}",
         f"lxc network create {s.bridge} " + _kv(bridge),
         lambda: network_done(s.bridge, bridge), lambda: network_apply(s.bridge, bridge)),
        (f"lxd-mtu-{s.mtu}",
         f"MTU {s.mtu}: bridge.mtu on {s.bridge} (the default profile's eth0 takes it from there)",
         f"lxc network set {s.bridge} bridge.mtu={s.mtu}",
         mtu_done, mtu_apply),
        (f"lxd-bridge-{s.ext_bridge}",
         f"LXD bridge {s.ext_bridge} for juju-default's eth1: no addresses, MTU {s.mtu}",
         f"lxc network create {s.ext_bridge} " + _kv(ext),
         lambda: network_done(s.ext_bridge, ext), lambda: network_apply(s.ext_bridge, ext)),
        (f"lxd-profile-{s.profile}",
         f"profile {s.profile} (the seed's, raw.lxc adapted for LXD 5): nesting, privileged, kernel modules "
         f"{SEED_KERNEL_MODULES}, eth0/eth1 on {s.bridge}/{s.ext_bridge} at MTU {s.mtu}, root on {s.pool}",
         f"lxc profile create {s.profile}{on}\nlxc profile edit {s.profile}{on} < lxd-profile.yaml",
         juju_done, juju_apply),
        ("lxd-profile-default",
         f"default profile: eth0 on {s.bridge}, root on pool {s.pool}",
         f"lxc profile device add default eth0 nic network={s.bridge} name=eth0{on}\n"
         f"lxc profile device add default root disk path=/ pool={s.pool}{on}",
         default_done, default_apply),
    ]
    return [_guarded(*step) for step in steps]


def _kv(config: Mapping[str, str]) -> str:
    return " ".join(f"{key}={value}" for key, value in config.items())


class _Lazy:
    """The project's client, made on first use (a dry run makes none) and kept for the other steps."""

    def __init__(self, factory: ClientFactory, project: str) -> None:
        self._factory, self._project, self._client = factory, project, None

    def __call__(self) -> pylxd.Client:
        if self._client is None:
            self._client = self._factory(self._project)
        return self._client


def _guarded(name: str, title: str, command: str, is_done: Callable[[], bool],
             apply: Callable[[], None]) -> Step:
    """A Step whose LXD errors (from is_done as from apply) become StepFailed with LXD's own message."""
    return guarded_step(name, title, command, is_done, apply, errors=LXD_ERRORS, describe=lambda exc: f"LXD: {exc}")


def socket_clients(endpoint: str) -> ClientFactory:
    """A ClientFactory for the LXD at `endpoint` (a unix socket path or an https:// URL)."""
    return lambda project: pylxd.Client(endpoint=endpoint, project=project)
