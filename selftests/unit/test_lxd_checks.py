"""The platform checks on LXD 5.0.2's own document shapes: MTU resolution, the Juju profile, the containers'
bridge, Juju's machines, LXC 2 keys LXD 5 refuses, storage."""

from __future__ import annotations

import pytest

from lxdstack.platform import checks
from lxdstack.platform.expectations import (
    BridgeExpectation,
)
from lxdstack.platform.legacy import advice, legacy_problems, replacement
from lxdstack.platform.storage import storage_of
from support.lxd_documents import (
    BRIDGE,
    DEFAULT_PROFILE,
    JUJU,
    JUJU_PROFILE,
    LXDBR0,
    NIC,
    POOLS,
    SOCKET,
    instance,
    lxd,
    with_config,
    with_device,
)

# -- the seed's host passes every check

def test_the_seeds_host_has_no_problem():
    host = lxd()
    assert [checks.juju_profile_problems(host, JUJU, key) for key in checks.JUJU_PROFILE_KEYS] == [[], [], []]
    assert checks.mtu_problems(host, NIC) == []
    assert [checks.bridge_problems(host, NIC, BRIDGE, aspect) for aspect in checks.BRIDGE_ASPECTS] == [[]] * 4
    assert checks.machine_problems(host, "juju-*") == []
    assert checks.refused_configuration(host) == []
    assert checks.storage_problems(host, None) == []


# -- MTU, read where LXD keeps it

@pytest.mark.parametrize("eth0, network, expected", [
    ({"name": "eth0", "network": "lxdbr0", "type": "nic"}, {"bridge.mtu": "9000"},
     (9000, "network lxdbr0's bridge.mtu")),
    ({"name": "eth0", "nictype": "bridged", "parent": "lxdbr0", "type": "nic", "mtu": "8950"}, {"bridge.mtu": "9000"},
     (8950, "eth0's mtu")),
    ({"name": "eth0", "nictype": "bridged", "parent": "lxdbr0", "type": "nic"}, {"bridge.mtu": "9000"},
     (9000, "network lxdbr0's bridge.mtu")),
    ({"name": "eth0", "network": "lxdbr0", "type": "nic"}, {"bridge.mtu": None},
     (1500, "LXD's default: neither eth0's mtu nor network lxdbr0's bridge.mtu is set")),
], ids=["network-nic-takes-bridge-mtu", "nic-mtu-first", "bridged-parent-takes-bridge-mtu", "lxd-default"])
def test_mtu_is_the_nics_then_its_networks_then_lxds_default(eth0, network, expected):
    host = lxd(**{"/1.0/profiles/default": with_device(DEFAULT_PROFILE, "eth0", eth0),
                  "/1.0/networks/lxdbr0": with_config(LXDBR0, bridge_mtu=network["bridge.mtu"])})
    nic = checks.resolve_nic(host, NIC)
    assert (nic.network, nic.mtu, nic.mtu_source) == ("lxdbr0", *expected)


def test_mtu_1500_fails_naming_profile_device_value_source_and_expectation():
    host = lxd(**{"/1.0/networks/lxdbr0": with_config(LXDBR0, bridge_mtu="1500")})
    assert checks.mtu_problems(host, NIC) == [
        "profile default: eth0 MTU is 1500 (network lxdbr0's bridge.mtu), expected 9000"]


def test_mtu_of_a_missing_nic_or_profile_is_a_problem_not_a_crash():
    assert checks.mtu_problems(lxd(**{"/1.0/profiles/default": with_device(DEFAULT_PROFILE, "eth0", None)}), NIC) \
        == ["profile default: has no NIC eth0, expected one (MTU 9000)"]
    assert checks.mtu_problems(lxd(**{"/1.0/profiles/default": None}), NIC) == [
        f"profile default: not found on the LXD at {SOCKET}"]


# -- the Juju profile

@pytest.mark.parametrize("value, message", [
    ("false", "profile juju-default: security.nesting is 'false', expected 'true'"),
    (None, "profile juju-default: security.nesting is not set (LXD's default: false), expected 'true'"),
])
def test_nesting_off_is_named_with_key_value_and_expectation(value, message):
    host = lxd(**{"/1.0/profiles/juju-default": with_config(JUJU_PROFILE, security_nesting=value)})
    assert checks.juju_profile_problems(host, JUJU, "security.nesting") == [message]
    assert checks.juju_profile_problems(host, JUJU, "security.privileged") == []


@pytest.mark.parametrize("value", ["true", "1", "yes", "on", "True"])
def test_lxd_booleans_read_as_lxd_reads_them(value):
    host = lxd(**{"/1.0/profiles/juju-default": with_config(JUJU_PROFILE, security_privileged=value)})
    assert checks.juju_profile_problems(host, JUJU, "security.privileged") == []


def test_missing_kernel_modules_are_listed():
    host = lxd(**{"/1.0/profiles/juju-default": with_config(
        JUJU_PROFILE, linux_kernel_modules="openvswitch, nbd,ip_tables,ip6_tables")})
    assert checks.juju_profile_problems(host, JUJU, "linux.kernel_modules") == [
        "profile juju-default: linux.kernel_modules is 'openvswitch, nbd,ip_tables,ip6_tables', expected it to "
        "contain 'openvswitch,nbd,ip_tables,ip6_tables,netlink_diag' (lacks netlink_diag)"]


def test_a_missing_juju_profile_fails_each_setting():
    host = lxd(**{"/1.0/profiles/juju-default": None})
    assert checks.juju_profile_problems(host, JUJU, "security.nesting") == [
        f"profile juju-default: not found on the LXD at {SOCKET}"]


# -- the bridge the containers' NIC is on

def test_nic_on_another_network_fails_the_name_and_that_networks_ipv6():
    """As the lab's broken project: default's eth0 on a network with IPv6 on and no bridge.mtu."""
    lxdbr1 = {**with_config(LXDBR0, bridge_mtu=None, ipv6_address="fd42:abcd::1/64"), "name": "lxdbr1"}
    host = lxd(**{"/1.0/profiles/default": with_device(DEFAULT_PROFILE, "eth0",
                                                       {"name": "eth0", "network": "lxdbr1", "type": "nic"}),
                  "/1.0/networks/lxdbr1": lxdbr1})
    assert checks.bridge_problems(host, NIC, BRIDGE, "name") == [
        "profile default: eth0 is on network 'lxdbr1', expected 'lxdbr0'"]
    assert checks.bridge_problems(host, NIC, BRIDGE, "ipv6") == [
        "network lxdbr1: ipv6.address is 'fd42:abcd::1/64', expected 'none' (IPv6 off)"]
    assert checks.bridge_problems(host, NIC, BRIDGE, "ipv4") == []
    assert checks.mtu_problems(host, NIC) == [
        "profile default: eth0 MTU is 1500 (LXD's default: neither eth0's mtu nor network lxdbr1's bridge.mtu is "
        "set), expected 9000"]


@pytest.mark.parametrize("aspect, config, message", [
    ("ipv4", {"ipv4_address": "10.0.9.1/24"},
     "network lxdbr0: ipv4.address is '10.0.9.1/24', expected '10.0.8.1/24' (subnet 10.0.8.0/24, gateway 10.0.8.1)"),
    ("ipv4", {"ipv4_address": "10.0.8.254/24"},
     "network lxdbr0: ipv4.address is '10.0.8.254/24', expected '10.0.8.1/24' (subnet 10.0.8.0/24, gateway "
     "10.0.8.1)"),
    ("ipv4", {"ipv4_address": "none"},
     "network lxdbr0: ipv4.address is 'none', expected '10.0.8.1/24' (subnet 10.0.8.0/24, gateway 10.0.8.1)"),
    ("dhcp", {"ipv4_dhcp_ranges": None},
     "network lxdbr0: ipv4.dhcp.ranges is not set (LXD then leases the whole subnet), expected '10.0.8.2-10.0.8.200'"),
    ("dhcp", {"ipv4_dhcp_ranges": "10.0.8.2-10.0.8.254"},
     "network lxdbr0: ipv4.dhcp.ranges is '10.0.8.2-10.0.8.254', expected '10.0.8.2-10.0.8.200'"),
    ("dhcp", {"ipv4_dhcp": "false"},
     "network lxdbr0: ipv4.dhcp is 'false', expected DHCP on with ranges '10.0.8.2-10.0.8.200'"),
    ("ipv6", {"ipv6_address": "fd42:7f3a:21::1/64"},
     "network lxdbr0: ipv6.address is 'fd42:7f3a:21::1/64', expected 'none' (IPv6 off)"),
], ids=["other-subnet", "other-gateway", "ipv4-off", "ranges-unset", "other-range", "dhcp-off", "ipv6-on"])
def test_bridge_drift_names_network_key_value_and_expectation(aspect, config, message):
    host = lxd(**{"/1.0/networks/lxdbr0": with_config(LXDBR0, **config)})
    assert checks.bridge_problems(host, NIC, BRIDGE, aspect) == [message]
    others = [a for a in checks.BRIDGE_ASPECTS if a != aspect]
    assert [checks.bridge_problems(host, NIC, BRIDGE, a) for a in others] == [[], [], []]


@pytest.mark.parametrize("address", ["none", "", None])
def test_ipv6_off_is_none_empty_or_unset(address):
    host = lxd(**{"/1.0/networks/lxdbr0": with_config(LXDBR0, ipv6_address=address)})
    assert checks.bridge_problems(host, NIC, BRIDGE, "ipv6") == []
    wants_ipv6 = BridgeExpectation(ipv6=True)
    assert checks.bridge_problems(host, NIC, wants_ipv6, "ipv6")[0].endswith("expected an IPv6 address (IPv6 on)")


def test_a_bridge_lxd_does_not_manage_is_named():
    unmanaged = {**LXDBR0, "managed": False, "type": "bridge", "config": {}}
    host = lxd(**{"/1.0/networks/lxdbr0": unmanaged})
    assert checks.bridge_problems(host, NIC, BRIDGE, "name") == [
        "network lxdbr0: managed is false, expected an LXD-managed bridge"]


# -- Juju's machines

def test_a_stopped_machine_is_named_and_others_are_not():
    host = lxd(**{"/1.0/instances?recursion=1": [instance("juju-7f3a21-0"), instance("juju-7f3a21-1", "Stopped"),
                                                 instance("scratch", "Stopped")]})
    assert checks.machine_problems(host, "juju-*") == [
        "instance juju-7f3a21-1: status is 'Stopped', expected 'Running'"]


def test_no_machine_at_all_is_a_problem():
    host = lxd(**{"/1.0/instances?recursion=1": [instance("scratch")]})
    assert checks.machine_problems(host, "juju-*") == [
        f"instances juju-*: none on the LXD at {SOCKET}, expected Juju's machine containers"]


# -- configuration LXD 5 refuses

def test_the_seeds_raw_lxc_is_flagged_with_the_lxc3_key():
    seed_raw = "lxc.aa_profile=unconfined\nlxc.mount.auto=sys:rw\n"
    host = lxd(**{"/1.0/profiles?recursion=1": [DEFAULT_PROFILE, with_config(JUJU_PROFILE, raw_lxc=seed_raw)]})
    assert checks.refused_configuration(host) == [
        "profile juju-default: raw.lxc sets lxc.aa_profile ('lxc.aa_profile=unconfined'), an LXC 2 key that LXC 3 "
        "removed and LXD 5 refuses; expected lxc.apparmor.profile"]


@pytest.mark.parametrize("key, removed, new", [
    ("lxc.aa_profile", True, "lxc.apparmor.profile"), ("lxc.network.0.type", True, "lxc.net.0.type"),
    ("lxc.network", True, "lxc.net"), ("lxc.limit.nofile", True, "lxc.prlimit.nofile"), ("lxc.kmsg", True, None),
    ("lxc.network.0.ipv4", True, "lxc.net.0.ipv4.address"), ("lxc.network.1.link", True, "lxc.net.1.link"),
    ("lxc.mount", True, "lxc.mount.fstab"), ("lxc.mount.auto", False, None), ("lxc.apparmor.profile", False, None),
    ("lxc.tty.max", False, None), ("lxc.console.logfile", False, None),
])
def test_lxc2_keys_are_told_from_their_lxc3_successors(key, removed, new):
    assert replacement(key) == (removed, new)


@pytest.mark.parametrize("new, words", [
    ("lxc.apparmor.profile", "expected lxc.apparmor.profile"),
    ("lxc.net.0.ipv4.address", "expected lxc.net.0.ipv4.address"),
    ("lxc.prlimit.nofile", "expected limits.kernel.nofile (LXD refuses lxc.prlimit.nofile in raw.lxc)"),
    ("lxc.net.0.link", "expected an LXD NIC device (LXD allows only lxc.net.<n>.ipv4/ipv6 keys in raw.lxc, "
                       "not lxc.net.0.link)"),
    ("lxc.log.file", "expected no such line (LXD keeps the container's log itself and refuses lxc.log.file)"),
    (None, "expected no such line (LXC 3 dropped the setting)"),
])
def test_advice_is_what_lxd_itself_takes(new, words):
    assert advice(new) == words


def test_an_instances_own_raw_lxc_is_checked_and_comments_are_not():
    raw = "# lxc.aa_profile=unconfined\n\n  lxc.utsname = juju \nlxc.kmsg=0"
    assert legacy_problems("instance", instance("juju-7f3a21-3", raw_lxc=raw)) == [
        "instance juju-7f3a21-3: raw.lxc sets lxc.utsname ('lxc.utsname = juju'), an LXC 2 key that LXC 3 removed and "
        "LXD 5 refuses; expected lxc.uts.name",
        "instance juju-7f3a21-3: raw.lxc sets lxc.kmsg ('lxc.kmsg=0'), an LXC 2 key that LXC 3 removed and LXD 5 "
        "refuses; expected no such line (LXC 3 dropped the setting)"]


# -- storage: the fact the boot matrix predicts from

def test_storage_is_environment_storage_and_the_root_pools_driver():
    """The root disk is whichever disk is mounted at /, whatever its name."""
    rooted = with_device(with_device(DEFAULT_PROFILE, "root", None), "disk0",
                         {"path": "/", "pool": "b1", "type": "disk"})
    storage = storage_of(lxd(**{"/1.0/profiles/default": rooted}))
    assert (storage.environment, storage.root_driver, storage.source) == ("btrfs | dir", "btrfs", f"LXD at {SOCKET}")
    assert storage_of(lxd(**{"/1.0/profiles/default": with_device(DEFAULT_PROFILE, "root", None)})).root_driver is None
    assert checks.pools_summary(lxd()) == "default (dir, root), b1 (btrfs)"


@pytest.mark.parametrize("changes, stated, message", [
    ({"/1.0/profiles/default": with_device(DEFAULT_PROFILE, "root", {"path": "/", "pool": "gone", "type": "disk"})},
     None, "profile default: root's pool is 'gone', expected one of the storage pools (b1, default)"),
    ({"/1.0/profiles/default": with_device(DEFAULT_PROFILE, "root", None)},
     None, "profile default: has no root disk (a disk device with path /), expected one"),
    ({}, "btrfs", "storage pool default: driver is 'dir', expected 'btrfs' (the expectations' storage)"),
    ({"/1.0/storage-pools?recursion=1": [POOLS[0], {**POOLS[1], "status": "Errored"}]},
     None, "storage pool b1: status is 'Errored', expected 'Created'"),
], ids=["unknown-pool", "no-root-disk", "other-driver", "errored-pool"])
def test_storage_problems_are_named(changes, stated, message):
    assert checks.storage_problems(lxd(**changes), stated) == [message]
