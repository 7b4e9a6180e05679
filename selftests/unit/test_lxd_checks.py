"""The platform checks on LXD 5.0.2's own document shapes: MTU resolution, the Juju profile, the containers'
bridge, Juju's machines, LXC 2 keys LXD 5 refuses, storage; and the one LXD reader (project scoping, opened on
first use, the Juju form as a contract test)."""

from __future__ import annotations

import copy
import datetime
import ipaddress
import socket
import ssl
import sys
import threading
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from lxdstack.cloud.lxd.app import build_lxd_app
from lxdstack.cloud.lxd.hosts import PlatformLxd
from lxdstack.cloud.lxd.scenario import LxdPlatform
from lxdstack.errors import InputError
from lxdstack.expectations import HostExpectation, load_expectations
from lxdstack.platform import checks
from lxdstack.platform.expectations import (
    BridgeExpectation,
    JujuProfileExpectation,
    LxdReach,
    LxdTls,
    NicExpectation,
    PlatformExpectation,
)
from lxdstack.platform.legacy import advice, legacy_problems, replacement
from lxdstack.platform.lxd_api import Deferred, LxdNotFound, LxdUnreachable, ProjectScoped, open_lxd, with_project
from lxdstack.platform.snapshot import LxdSnapshot
from lxdstack.platform.storage import storage_of

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


# -- the reader

def test_documents_are_read_once_per_lxd_and_kept_for_the_report():
    api = Documents(seed_host())
    host = LxdSnapshot("lxd-host", api)
    checks.mtu_problems(host, NIC)
    checks.bridge_problems(host, NIC, BRIDGE, "ipv6")
    assert api.asked == ["/1.0/profiles/default", "/1.0/networks/lxdbr0"]
    assert host.read["/1.0/networks/lxdbr0"]["config"]["ipv6.address"] == "none"


@pytest.mark.parametrize("path, project, scoped", [
    ("/1.0/profiles/default", "broken", "/1.0/profiles/default?project=broken"),
    ("/1.0/instances?recursion=1", "broken", "/1.0/instances?recursion=1&project=broken"),
    ("/1.0/instances?recursion=1", "default", "/1.0/instances?recursion=1"),
    ("/1.0/profiles?project=other", "broken", "/1.0/profiles?project=other"),
])
def test_project_is_added_to_every_path(path, project, scoped):
    assert with_project(path, project) == scoped


def test_project_scoped_reader_names_the_project():
    api = Documents({"/1.0/profiles/default?project=broken": DEFAULT_PROFILE})
    scoped = ProjectScoped(api, "broken")
    assert scoped.where == f"{SOCKET} (project broken)"
    assert scoped.query("/1.0/profiles/default")["name"] == "default"


def test_an_lxd_out_of_reach_is_tried_once_and_fails_each_read_with_the_cause():
    calls = []

    def opener():
        calls.append(1)
        raise LxdUnreachable("LXD at /nowhere.sock: no such socket")

    api = Deferred("/nowhere.sock", opener)
    for path in ("/1.0", "/1.0/profiles/default"):
        with pytest.raises(LxdUnreachable, match="no such socket"):
            api.query(path)
    assert calls == [1] and api.where == "/nowhere.sock"


def test_a_missing_socket_is_unreachable_naming_it(tmp_path):
    api = open_lxd(LxdReach(lxd=str(tmp_path / "unix.socket")))
    with pytest.raises(LxdUnreachable, match=rf"^LXD at {tmp_path}/unix.socket: no such socket$"):
        api.query("/1.0")


def test_juju_form_opens_through_the_juju_layer_on_first_use_contract_test(monkeypatch):
    """Contract test: a stand-in for lxdstack.juju.lxd_api.JujuLxdApi (no Juju controller can run here)."""
    made = []

    class JujuLxdApi:
        def __init__(self, unit: str, model: str | None) -> None:
            made.append((unit, model))
            self.where = f"juju:{unit}"

        def query(self, path: str) -> Any:
            return {"path": path}

    monkeypatch.setitem(sys.modules, "lxdstack.juju.lxd_api", types.SimpleNamespace(JujuLxdApi=JujuLxdApi))
    api = open_lxd(LxdReach(lxd="juju:nova-compute/0", project="broken"), juju_model="openstack")
    assert made == []
    assert api.query("/1.0/profiles/default") == {"path": "/1.0/profiles/default?project=broken"}
    assert made == [("nova-compute/0", "openstack")]
    assert api.where == "juju:nova-compute/0 (project broken)"


# -- pylxd, for real, over a unix socket and over HTTPS with client certificates

def _serve(app, sock: socket.socket, **ssl_options: Any) -> Iterator[None]:
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1,
                                           **ssl_options))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the test's LXD did not start"
        time.sleep(0.01)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def seed_lxd_socket(tmp_path) -> Iterator[str]:
    """The embedded cloud's LXD of the seed's host, on a unix socket."""
    path = tmp_path / "unix.socket"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.listen(8)
    yield from (str(path) for _ in _serve(build_lxd_app(PlatformLxd(LxdPlatform())), sock))


def test_pylxd_over_a_unix_socket_reads_the_seeds_host(seed_lxd_socket):
    host = LxdSnapshot("lxd-host", open_lxd(LxdReach(lxd=seed_lxd_socket)))
    assert [checks.juju_profile_problems(host, JUJU, key) for key in checks.JUJU_PROFILE_KEYS] == [[], [], []]
    assert checks.bridge_problems(host, NIC, BRIDGE, "ipv6") == []
    assert checks.machine_problems(host, "juju-*") == []
    assert len(host.instances()) == 14 and host.where == f"LXD at {seed_lxd_socket}"


def test_pylxd_reads_in_the_project_the_file_names(seed_lxd_socket):
    """The embedded LXD has only the default project: LXD's 404 for another is a missing object, named with
    the project it was looked for in."""
    host = LxdSnapshot("lxd-host", open_lxd(LxdReach(lxd=seed_lxd_socket, project="broken")))
    assert checks.mtu_problems(host, NIC) == [
        f"profile default: not found on the LXD at {seed_lxd_socket} (project broken)"]
    assert list(host.read) == ["/1.0/profiles/default"]


def _certificate(folder: Path, name: str, ip: str | None = None) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
               .not_valid_after(now + datetime.timedelta(days=1)))
    if ip:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(ip))]),
                                        critical=False)
    cert, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert.write_bytes(builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert), str(key_path)


@pytest.fixture
def seed_lxd_https(tmp_path) -> Iterator[tuple[str, Path]]:
    """The same LXD on https://127.0.0.1:PORT, trusting only the client certificate `client.crt` (as LXD trusts
    the certificates added with `lxc config trust add`)."""
    server_cert, server_key = _certificate(tmp_path, "server", ip="127.0.0.1")
    client_cert, _ = _certificate(tmp_path, "client")
    _certificate(tmp_path, "stranger", ip="127.0.0.1")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    url = f"https://127.0.0.1:{sock.getsockname()[1]}"
    serving = _serve(build_lxd_app(PlatformLxd(LxdPlatform())), sock, ssl_certfile=server_cert,
                     ssl_keyfile=server_key, ssl_ca_certs=client_cert, ssl_cert_reqs=ssl.CERT_REQUIRED)
    yield from ((url, tmp_path) for _ in serving)


def test_pylxd_over_https_with_a_client_certificate_and_the_servers_pinned(seed_lxd_https):
    url, folder = seed_lxd_https
    tls = LxdTls(cert=str(folder / "client.crt"), key=str(folder / "client.key"),
                 server_cert=str(folder / "server.crt"))
    host = LxdSnapshot("lxd-host", open_lxd(LxdReach(lxd=url, tls=tls)))
    assert checks.mtu_problems(host, NIC) == [] and host.where == f"LXD at {url}"


@pytest.mark.parametrize("client, server", [("client", "stranger"), ("stranger", "server")],
                         ids=["server-not-the-pinned-one", "client-not-trusted"])
def test_https_refuses_a_stranger_on_either_side(seed_lxd_https, client, server):
    url, folder = seed_lxd_https
    tls = LxdTls(cert=str(folder / f"{client}.crt"), key=str(folder / f"{client}.key"),
                 server_cert=str(folder / f"{server}.crt"))
    with pytest.raises(LxdUnreachable, match=rf"^LXD at {url}: (ClientConnectionFailed|SSLError)"):
        open_lxd(LxdReach(lxd=url, tls=tls)).query("/1.0")


def test_a_missing_listing_is_an_error_naming_it_not_an_empty_list():
    """LXD always has its collections: a 404 there is a wrong project, which must not pass for "nothing wrong"."""
    host = lxd(**{"/1.0/profiles?recursion=1": None})
    with pytest.raises(LxdUnreachable, match=r"^LXD at /var/lib/lxd/unix.socket: GET /1.0/profiles\?recursion=1: "):
        checks.refused_configuration(host)


# -- the expectations' platform section and LXD forms: one-line input errors naming the file

@pytest.mark.parametrize("text, message", [
    ("platform: {absent: no LXD, machines: juju-*}\n", "give either `absent: <reason>` or the platform's"),
    ("platform: {host: {lxd: none}}\n", "declare the platform `absent: <reason>` instead"),
    ("platform: {host: {lxd: 'juju:nova-compute'}}\n", "name a unit after juju:, e.g. juju:nova-compute/0"),
    ("platform: {host: {lxd: 'tcp://x'}}\n", "use embedded, none, a socket path, an https:// URL or juju:<unit>"),
    ("platform: {host: {lxd: /s, tls: {cert: CERT, key: CERT}}}\n", "`tls` applies to an https:// URL only"),
    ("platform: {host: {lxd: 'https://h:8443', tls: {cert: /nowhere/c.crt, key: /nowhere/c.key}}}\n",
     "/nowhere/c.crt: no such file"),
    ("platform: {host: {lxd: 'https://h:8443', tls: {cert: c.crt, key: c.key}}}\n", "give an absolute path"),
    ("platform: {bridge: {subnet: 10.0.8.0/24, gateway: 10.0.9.1}}\n", "10.0.9.1 outside subnet 10.0.8.0/24"),
    ("platform: {bridge: {dhcp_ranges: [10.0.8.2]}}\n", "ranges as FIRST-LAST"),
    ("platform: {nic: {mtu: 20}}\n", "greater than or equal to 68"),
    ("compute: {boot_image: i, hosts: [{name: h, lxd: 'juju:nova-compute/x'}]}\n", "name a unit after juju:"),
], ids=["absent-and-described", "platform-none", "juju-no-unit", "unknown-form", "tls-without-https",
        "missing-cert", "relative-cert", "gateway-outside", "range-not-a-range", "mtu-too-small", "host-juju-no-unit"])
def test_platform_mistakes_are_one_line_naming_the_file(tmp_path, text, message):
    (tmp_path / "newton-lxd.yaml").write_text((PROJECT / "expectations" / "newton-lxd.yaml").read_text())
    path, cert = tmp_path / "mine.yaml", tmp_path / "some.crt"
    cert.write_text("a file that exists\n")
    path.write_text("extends: newton-lxd\n" + text.replace("CERT", str(cert)))
    with pytest.raises(InputError) as caught:
        load_expectations(path)
    assert message in str(caught.value) and str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_the_seeds_platform_is_the_default_and_the_all_in_one_has_none():
    seed = load_expectations(PROJECT / "expectations" / "newton-lxd.yaml").platform
    assert seed == PlatformExpectation()
    assert (seed.bridge.subnet, seed.nic.mtu, seed.juju_profile.name) == ("10.0.8.0/24", 9000, "juju-default")
    assert load_expectations(PROJECT / "expectations" / "aio.yaml").platform.absent.startswith("the all-in-one")


def test_a_compute_host_may_be_read_over_https_in_a_project(tmp_path):
    cert, key = _certificate(tmp_path, "client")
    host = HostExpectation(name="c3", lxd="https://10.0.8.12:8443", tls={"cert": cert, "key": key},
                           project="openstack")
    assert (host.tls.server_cert, host.project, host.storage) == (None, "openstack", None)


def test_documents_shown_in_a_report_hide_cloud_init_data():
    """Juju's cloud-init for a machine (user.user-data) carries its agent's password: never in a report."""
    secret = "#cloud-config\napipassword: s3cret\n"
    machine = instance("juju-7f3a21-0")
    machine["config"]["user.user-data"] = machine["expanded_config"]["user.user-data"] = secret
    host = lxd(**{"/1.0/instances?recursion=1": [machine]})
    checks.machine_problems(host, "juju-*")
    shown = host.shown()
    assert "s3cret" not in repr(shown) and "s3cret" in repr(host.read)
    assert shown["documents"]["/1.0/instances?recursion=1"][0]["config"]["user.user-data"] == "<redacted>"
    assert shown["where"] == f"LXD at {SOCKET}"
