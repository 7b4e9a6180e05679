"""The LXD checks (tests/platform) against a real LXD: the lab daemon (lab/lxd/) prepared by the bring-up's LXD
steps as the seed's host was, with a Juju machine container running on each storage pool.

- Healthy, every platform check passes, with the expectations mapping both the platform host and the compute host
  to the lab's unix socket.
- Broken on purpose as the issue describes it — `juju-default` without nesting, IPv6 on the bridge, MTU 1500 — the
  very same checks fail, exactly those, each naming the object, the key, the expected and the actual value; the
  host is restored afterwards (and the lab torn down at the end in any case).
- The storage discovery the boot matrix uses (`lxdstack.lxd.host_storage`) reads the real pools: the default
  profile's root on `dir`, then on `btrfs` (an LXD project with its own default profile), and the prediction the
  matrix makes from it under each storage rule.
"""

from __future__ import annotations

from pathlib import Path

import pylxd
import pytest
import yaml

from lxdstack.bringup.lxd_machines import lab_kernel_modules, launch_machine, machine_name
from lxdstack.bringup.lxd_steps import lxd_steps, socket_clients
from lxdstack.bringup.steps import run_steps
from lxdstack.expectations import HostExpectation
from lxdstack.lxd import host_storage
from lxdstack.novalxd import ephemeral_limitation
from support.acceptance import PROJECT, run_acceptance
from support.lanes import lab_down, lab_up
from support.outcomes import HOST0, PLATFORM, platform_outcomes

LAB = PROJECT / "lab" / "lxd"
MODEL = "7f3a21"   # as in Juju's machine names juju-<model>-<N>; HOST0 is machine 0, on the dir pool
BTRFS_HOST = "lab-btrfs-host"   # an LXD project whose default profile's root disk is on the btrfs pool


def _socket() -> str:
    env = dict(line.split("=", 1) for line in (PROJECT / ".lanes/lxd/env").read_text().splitlines() if "=" in line)
    return env["SOCKET"]


@pytest.fixture(scope="module")
def lab():
    """The lab daemon, prepared as the seed's host by the bring-up's LXD steps, with machine 0 on `dir` and machine
    1 on `btrfs`; always torn down."""
    lab_up(LAB / "up.sh", timeout=900)
    try:
        socket = _socket()
        run_steps(lxd_steps(socket_clients(socket)), lambda line: None)
        client = pylxd.Client(endpoint=socket)
        for number, pool in ((0, "default"), (1, "btrfs")):
            if not client.instances.exists(machine_name(MODEL, number)):
                launch_machine(client, machine_name(MODEL, number), pool=pool, kernel_modules=lab_kernel_modules())
        yield socket
    finally:
        lab_down(LAB / "down.sh")


def write_expectations(folder: Path, socket: str) -> Path:
    """expectations/newton-lxd.yaml with both LXDs mapped to the lab's socket (the seed's values otherwise)."""
    data = yaml.safe_load((PROJECT / "expectations" / "newton-lxd.yaml").read_text())
    data["compute"]["hosts"] = [{"name": HOST0, "zone": "nova", "lxd": socket}]
    data["platform"]["host"] = {"name": "lxd-host", "lxd": socket}
    path = folder / "lab-lxd.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def run_platform_checks(socket: str, folder: Path):
    expectations = write_expectations(folder, socket)
    return run_acceptance(["-m", "lxd", "tests/platform", f"--expectations={expectations}"], folder / "run")


def test_the_platform_checks_pass_on_the_lab_host(lab, tmp_path):
    run = run_platform_checks(lab, tmp_path)
    assert run.outcomes == platform_outcomes(hosts=(HOST0,)), run.output[-4000:]


@pytest.fixture
def broken(lab):
    """The lab host broken as the issue says, restored afterwards: juju-default without nesting; the bridge with
    IPv6 on and MTU 1500 (the default profile's eth0 is attached with `network:`, so it takes the bridge's MTU)."""
    client = pylxd.Client(endpoint=lab)
    profile, bridge = client.profiles.get("juju-default"), client.networks.get("lxdbr0")
    saved_profile, saved_bridge = dict(profile.config), dict(bridge.config)
    profile.config = {**saved_profile, "security.nesting": "false"}
    profile.save(wait=True)
    bridge.config = {**saved_bridge, "ipv6.address": "fd42:8::1/64", "ipv6.nat": "false", "bridge.mtu": "1500"}
    bridge.save(wait=True)
    try:
        yield lab
    finally:
        profile.config = saved_profile
        profile.save(wait=True)
        bridge.config = saved_bridge
        bridge.save(wait=True)


def test_a_broken_host_fails_exactly_the_checks_it_breaks(broken, tmp_path):
    run = run_platform_checks(broken, tmp_path)
    failed = {
        f"{PLATFORM}::test_juju_profile_setting[security.nesting]",
        f"{PLATFORM}::test_containers_nic_has_the_expected_mtu[default-eth0]",
        f"{PLATFORM}::test_containers_bridge_is_as_expected[ipv6]",
    }
    expected = {test_id: "failed" if test_id in failed else outcome
                for test_id, outcome in platform_outcomes(hosts=(HOST0,)).items()}
    assert run.outcomes == expected, run.output[-4000:]
    messages = {test_id.split("::")[1]: run.messages[test_id] for test_id in failed}
    assert "profile juju-default: security.nesting is 'false', expected 'true'" in \
        messages["test_juju_profile_setting[security.nesting]"]
    mtu = messages["test_containers_nic_has_the_expected_mtu[default-eth0]"]
    assert "eth0" in mtu and "1500" in mtu and "9000" in mtu and "bridge.mtu" in mtu, mtu
    ipv6 = messages["test_containers_bridge_is_as_expected[ipv6]"]
    assert "lxdbr0" in ipv6 and "fd42:8::1/64" in ipv6, ipv6


@pytest.fixture
def btrfs_host(lab):
    """An LXD project with its own profiles whose default profile's root disk is on the btrfs pool: a second host
    on the same daemon, as the boot matrix would see it; removed afterwards."""
    admin = pylxd.Client(endpoint=lab)
    admin.projects.create(BTRFS_HOST, config={"features.profiles": "true", "features.images": "false"})
    client = pylxd.Client(endpoint=lab, project=BTRFS_HOST)
    profile = client.profiles.get("default")
    profile.devices = {"root": {"path": "/", "pool": "btrfs", "type": "disk"}}
    profile.save(wait=True)
    try:
        yield lab
    finally:
        admin.projects.get(BTRFS_HOST).delete()


def _storage(socket: str, project: str = "default"):
    host = HostExpectation(name=HOST0, lxd=socket, project=project)
    return host_storage(host, session=None, identity_url="")


def test_storage_discovery_reads_the_real_pools(btrfs_host):
    on_dir, on_btrfs = _storage(btrfs_host), _storage(btrfs_host, BTRFS_HOST)
    assert on_dir.root_driver == "dir" and on_btrfs.root_driver == "btrfs"
    # LXD 5.0.2 names each driver once, in no fixed order (reference: real-nova-on-lxd.md).
    assert on_dir.environment in ("btrfs | dir", "dir | btrfs"), on_dir.environment
    # What the boot matrix predicts from it: under the root-pool rule the dir host refuses m1.small's ephemeral
    # disk and the btrfs host gives it; Newton's exact comparison refuses both (two drivers on the daemon).
    refused = {(storage.root_driver, rule): ephemeral_limitation("m1.small", 40, HOST0, storage, rule) is not None
               for storage in (on_dir, on_btrfs) for rule in ("root-pool", "newton-exact")}
    assert refused == {("dir", "root-pool"): True, ("btrfs", "root-pool"): False,
                       ("dir", "newton-exact"): True, ("btrfs", "newton-exact"): True}
