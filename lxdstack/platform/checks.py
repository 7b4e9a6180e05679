"""The platform checks, on LXD's plain documents: each returns the problems it found, as sentences naming the
object, the key, the actual and the expected value ("profile juju-default: security.nesting is 'false',
expected 'true'"); no problem, no sentence.
"""

from __future__ import annotations

import fnmatch
import ipaddress
from dataclasses import dataclass
from typing import Any

from lxdstack.platform.expectations import BridgeExpectation, JujuProfileExpectation, NicExpectation
from lxdstack.platform.legacy import legacy_problems
from lxdstack.platform.snapshot import LxdSnapshot
from lxdstack.platform.storage import root_disk
from lxdstack.steps import step

# LXD's reading of a boolean key (shared.IsTrue) and its default MTU for a bridge without bridge.mtu.
TRUE_WORDS = ("true", "1", "yes", "on")
LXD_DEFAULT_MTU = 1500
JUJU_PROFILE_KEYS = ("security.nesting", "security.privileged", "linux.kernel_modules")
BRIDGE_ASPECTS = ("name", "ipv4", "dhcp", "ipv6")


def _shown(config: dict[str, Any], key: str) -> str:
    return f"is {config[key]!r}" if key in config else "is not set"


def _missing(kind: str, name: str, lxd: LxdSnapshot) -> str:
    return f"{kind} {name}: not found on the {lxd.where}"


@step("Check profile {expected.name}: {key}")
def juju_profile_problems(lxd: LxdSnapshot, expected: JujuProfileExpectation, key: str) -> list[str]:
    """`security.nesting`, `security.privileged` (LXD's booleans) or `linux.kernel_modules` (all expected
    modules loaded) of the Juju profile."""
    profile = lxd.profile(expected.name)
    if profile is None:
        return [_missing("profile", expected.name, lxd)]
    config = profile.get("config") or {}
    if key == "linux.kernel_modules":
        loaded = [module.strip() for module in str(config.get(key, "")).split(",") if module.strip()]
        lacking = [module for module in expected.kernel_modules if module not in loaded]
        if lacking:
            return [f"profile {expected.name}: {key} {_shown(config, key)}, expected it to contain "
                    f"{','.join(expected.kernel_modules)!r} (lacks {', '.join(lacking)})"]
        return []
    wanted = {"security.nesting": expected.nesting, "security.privileged": expected.privileged}[key]
    actual = str(config.get(key, "false")).lower() in TRUE_WORDS
    if actual != wanted:
        default = "" if key in config else " (LXD's default: false)"
        return [f"profile {expected.name}: {key} {_shown(config, key)}{default}, expected {str(wanted).lower()!r}"]
    return []


@dataclass(frozen=True)
class Nic:
    """A profile's NIC as LXD resolves it: its network (`network`, else a `bridged` NIC's `parent`) and MTU."""

    profile: str
    device: str
    network: str | None
    mtu: int
    mtu_source: str


def _mtu(value: str, where: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{where} is {value!r}, not a number") from None


def resolve_nic(lxd: LxdSnapshot, expected: NicExpectation) -> Nic | str:
    """The NIC `expected` names, or the problem that keeps it from being resolved.

    MTU, in LXD's order: the NIC's own `mtu`; else its network's `bridge.mtu`; else LXD's default, 1500.
    """
    profile = lxd.profile(expected.profile)
    if profile is None:
        return _missing("profile", expected.profile, lxd)
    device = (profile.get("devices") or {}).get(expected.device)
    if device is None or device.get("type") != "nic":
        return f"profile {expected.profile}: has no NIC {expected.device}, expected one (MTU {expected.mtu})"
    network = device.get("network") or device.get("parent")
    if "mtu" in device:
        where = f"{expected.device}'s mtu"
        return Nic(expected.profile, expected.device, network, _mtu(device["mtu"], where), where)
    config = ((lxd.network(network) if network else None) or {}).get("config") or {}
    if "bridge.mtu" in config:
        where = f"network {network}'s bridge.mtu"
        return Nic(expected.profile, expected.device, network, _mtu(config["bridge.mtu"], where), where)
    source = f"LXD's default: neither {expected.device}'s mtu nor network {network}'s bridge.mtu is set"
    return Nic(expected.profile, expected.device, network, LXD_DEFAULT_MTU, source)


@step("Check the MTU of profile {expected.profile}'s {expected.device}")
def mtu_problems(lxd: LxdSnapshot, expected: NicExpectation) -> list[str]:
    nic = resolve_nic(lxd, expected)
    if isinstance(nic, str):
        return [nic]
    if nic.mtu != expected.mtu:
        return [f"profile {nic.profile}: {nic.device} MTU is {nic.mtu} ({nic.mtu_source}), expected {expected.mtu}"]
    return []


def _ranges(value: str) -> list[str]:
    return [part.replace(" ", "") for part in value.split(",") if part.strip()]


def _bridge_aspect(name: str, network: dict[str, Any], aspect: str, expected: BridgeExpectation) -> list[str]:
    config = network.get("config") or {}
    if aspect == "name":
        problems = []
        if network.get("type") != "bridge":
            problems.append(f"network {name}: type is {network.get('type')!r}, expected 'bridge'")
        if not network.get("managed", False):
            problems.append(f"network {name}: managed is false, expected an LXD-managed bridge")
        return problems
    if aspect == "ipv4":
        address = config.get("ipv4.address", "")
        wanted = f"{expected.gateway}/{ipaddress.IPv4Network(expected.subnet).prefixlen}"
        try:
            actual = ipaddress.ip_interface(address)
        except ValueError:
            actual = None
        if actual is None or (str(actual.ip), str(actual.network)) != (expected.gateway, expected.subnet):
            return [f"network {name}: ipv4.address {_shown(config, 'ipv4.address')}, expected {wanted!r} "
                    f"(subnet {expected.subnet}, gateway {expected.gateway})"]
        return []
    if aspect == "dhcp":
        dhcp_on = str(config.get("ipv4.dhcp", "true")).lower() in TRUE_WORDS
        if not expected.dhcp_ranges:
            return [f"network {name}: ipv4.dhcp {_shown(config, 'ipv4.dhcp')}, expected 'false'"] if dhcp_on else []
        if not dhcp_on:
            return [f"network {name}: ipv4.dhcp is {config['ipv4.dhcp']!r}, expected DHCP on with ranges "
                    f"{','.join(expected.dhcp_ranges)!r}"]
        actual = _ranges(str(config.get("ipv4.dhcp.ranges", "")))
        if actual != list(expected.dhcp_ranges):
            shown = _shown(config, "ipv4.dhcp.ranges") + ("" if actual else " (LXD then leases the whole subnet)")
            return [f"network {name}: ipv4.dhcp.ranges {shown}, expected {','.join(expected.dhcp_ranges)!r}"]
        return []
    address = str(config.get("ipv6.address", ""))
    ipv6_on = address not in ("", "none")
    if ipv6_on and not expected.ipv6:
        return [f"network {name}: ipv6.address is {address!r}, expected 'none' (IPv6 off)"]
    if expected.ipv6 and not ipv6_on:
        return [f"network {name}: ipv6.address {_shown(config, 'ipv6.address')}, expected an IPv6 address "
                "(IPv6 on)"]
    return []


@step("Check the bridge of profile {nic.profile}'s {nic.device}: {aspect}")
def bridge_problems(lxd: LxdSnapshot, nic: NicExpectation, expected: BridgeExpectation, aspect: str) -> list[str]:
    """One aspect (`BRIDGE_ASPECTS`) of the bridge the containers' NIC is on: `name` also checks that the NIC is
    on the expected bridge; the others check whichever network it is on."""
    resolved = resolve_nic(lxd, nic)
    if isinstance(resolved, str):
        return [resolved]
    name = resolved.network or expected.name
    problems = []
    if aspect == "name" and name != expected.name:
        problems.append(f"profile {nic.profile}: {nic.device} is on network {name!r}, expected {expected.name!r}")
    network = lxd.network(name)
    if network is None:
        return [*problems, _missing("network", name, lxd)]
    return problems + _bridge_aspect(name, network, aspect, expected)


@step("Check that Juju's machine containers ({pattern}) are running")
def machine_problems(lxd: LxdSnapshot, pattern: str) -> list[str]:
    machines = [instance for instance in lxd.instances() if fnmatch.fnmatchcase(instance.get("name", ""), pattern)]
    if not machines:
        return [f"instances {pattern}: none on the {lxd.where}, expected Juju's machine containers"]
    return [f"instance {machine['name']}: status is {machine.get('status')!r}, expected 'Running'"
            for machine in machines if machine.get("status") != "Running"]


@step("Look for configuration LXD 5 refuses on the {lxd.where}")
def refused_configuration(lxd: LxdSnapshot) -> list[str]:
    """LXC 2 keys in the `raw.lxc` of any profile or instance (an instance's own config, not its profiles')."""
    problems = []
    for profile in lxd.profiles():
        problems += legacy_problems("profile", profile)
    for instance in lxd.instances():
        problems += legacy_problems("instance", instance)
    return problems


def storage_problems(lxd: LxdSnapshot, stated_driver: str | None) -> list[str]:
    """The default profile's root disk is on a pool that exists and is Created, with the driver the
    expectations state (if they do); every pool is Created."""
    pools = {pool.get("name"): pool for pool in lxd.storage_pools()}
    problems = [f"storage pool {name}: status is {pool.get('status')!r}, expected 'Created'"
                for name, pool in pools.items() if pool.get("status", "Created") != "Created"]
    profile = lxd.profile("default")
    if profile is None:
        return [*problems, _missing("profile", "default", lxd)]
    root = root_disk(profile)
    if root is None:
        return [*problems, "profile default: has no root disk (a disk device with path /), expected one"]
    device, disk = root
    pool = pools.get(disk.get("pool"))
    if pool is None:
        known = ", ".join(sorted(map(str, pools))) or "none"
        return [*problems, f"profile default: {device}'s pool is {disk.get('pool')!r}, expected one of the "
                           f"storage pools ({known})"]
    if stated_driver and pool.get("driver") != stated_driver:
        problems.append(f"storage pool {pool['name']}: driver is {pool.get('driver')!r}, expected "
                        f"{stated_driver!r} (the expectations' storage)")
    return problems


def pools_summary(lxd: LxdSnapshot) -> str:
    """Each pool and its driver, and which one the root disk uses: `default (dir), fast (btrfs, root)`."""
    root = root_disk(lxd.profile("default"))
    root_pool = root[1].get("pool") if root else None
    return ", ".join(f"{pool.get('name')} ({pool.get('driver')}{', root' if pool.get('name') == root_pool else ''})"
                     for pool in lxd.storage_pools()) or "no storage pools"
