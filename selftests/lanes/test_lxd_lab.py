"""The lab LXD (lab/lxd/): a real LXD 5.0.2 in its own namespaces, prepared by the bring-up's LXD steps as the seed's
host was, with a "Juju machine" container running on each storage pool; then torn down without a trace.

Everything is read back through pylxd on the lab's own socket. Timings go to reports/lanes/lxd/timings.json.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pylxd
import pytest

from lxdstack.bringup.lxd_machines import MachineLaunchFailed, lab_kernel_modules, launch_machine, machine_name
from lxdstack.bringup.lxd_steps import (
    LxdSettings,
    bridge_config,
    juju_profile,
    lxd_steps,
    nic_mtu,
    socket_clients,
)
from lxdstack.bringup.profile import SEED_KERNEL_MODULES
from lxdstack.bringup.steps import run_steps
from support.acceptance import PROJECT
from support.lanes import lab_down, lab_up

LAB = PROJECT / "lab" / "lxd"
STATE = PROJECT / ".lanes" / "lxd"
TIMINGS = PROJECT / "reports" / "lanes" / "lxd" / "timings.json"
SYSTEM_LXD = Path("/var/lib/lxd")
MODEL = "7f3a21"   # the tail of a made-up model UUID, as Juju puts it in machine names
timings: dict[str, float] = {}


def _timed(name: str, call):
    started = time.monotonic()
    result = call()
    timings[name] = round(time.monotonic() - started, 2)
    return result


def _system_lxd() -> list[tuple[str, float]] | None:
    """What /var/lib/lxd holds (names and mtimes), or None when it does not exist."""
    if not SYSTEM_LXD.exists():
        return None
    return sorted((p.name, p.stat().st_mtime) for p in SYSTEM_LXD.iterdir())


def _env() -> dict[str, str]:
    return dict(line.split("=", 1) for line in (STATE / "env").read_text().splitlines() if "=" in line)


def _up() -> str:
    """lab/lxd/up.sh (reuses a running lab daemon); the socket path it recorded."""
    lab_up(LAB / "up.sh", timeout=900)
    return _env()["SOCKET"]


@pytest.fixture(scope="module")
def lab():
    """The lab daemon for this module, brought up once (timed) and always torn down."""
    system_before = _system_lxd()
    fresh = not (STATE / "state").exists()
    try:
        _timed("up_first" if fresh else "up_reused", _up)
        _timed("up_second", _up)
        yield {"system_lxd": system_before}
    finally:
        _timed("down_final", lambda: lab_down(LAB / "down.sh"))
        TIMINGS.parent.mkdir(parents=True, exist_ok=True)
        TIMINGS.write_text(json.dumps(timings, indent=2) + "\n")


@pytest.fixture
def socket(lab) -> str:
    """The lab's socket, the daemon up (a test that tore it down is followed by a fresh one)."""
    return _up()


@pytest.fixture
def client(socket) -> pylxd.Client:
    return pylxd.Client(endpoint=socket)


@pytest.fixture(scope="module")
def step_runs(lab):
    """The LXD steps run twice on the lab: whether it had none of it before, and what each run said."""
    socket = _up()
    before = pylxd.Client(endpoint=socket)
    fresh = not before.networks.exists("lxdbr0") and not before.profiles.exists("juju-default")
    runs = []
    for number in (1, 2):
        said: list[str] = []
        _timed(f"steps_run_{number}", lambda said=said: run_steps(lxd_steps(socket_clients(socket)), said.append))
        runs.append(said)
    return fresh, runs


@pytest.fixture
def prepared(socket, step_runs) -> str:
    """The lab up and prepared by the LXD steps (idempotent: ~0.02 s when done; the lab may have been torn down and
    started afresh by an earlier test)."""
    run_steps(lxd_steps(socket_clients(socket)), lambda line: None)
    return socket


UNSET = object()


@pytest.fixture
def machines(client, prepared):
    """Launch Juju machine containers (by default with the lab's linux.kernel_modules override); each is registered
    before it is created and force-deleted after the test."""
    made = []

    def launch(name: str, pool: str, kernel_modules=UNSET):
        made.append(name)
        modules = lab_kernel_modules() if kernel_modules is UNSET else kernel_modules
        return _timed(f"launch_{pool}", lambda: launch_machine(client, name, pool=pool, kernel_modules=modules))
    yield launch
    for name in reversed(made):
        if client.instances.exists(name):
            instance = client.instances.get(name)
            if instance.status != "Stopped":
                instance.stop(force=True, wait=True)
            instance.delete(wait=True)


def test_storage_pools_are_dir_and_btrfs(client):
    assert {pool.name: pool.driver for pool in client.storage_pools.all()} == {"default": "dir", "btrfs": "btrfs"}
    assert client.profiles.get("default").devices["root"] == {"path": "/", "pool": "default", "type": "disk"}


def test_lab_image_is_local(client):
    aliases = {alias["name"] for image in client.images.all() for alias in image.aliases}
    assert "lab-busybox" in aliases


def test_second_run_of_lxd_steps_skips_every_step(step_runs):
    fresh, (first, second) = step_runs
    titles = [step.title for step in lxd_steps(socket_clients("/nonexistent"))]
    assert second == [f"skip  {title} (already done)" for title in titles]
    if fresh:   # a lab with none of it: the first run did every step
        assert first == [line for title in titles for line in (f"do    {title}", f"done  {title}")]


def test_bridge_reads_back_as_the_seed_had_it(client, prepared):
    network = client.networks.get("lxdbr0")
    assert network.type == "bridge" and network.managed
    wanted = {**bridge_config(LxdSettings()), "bridge.mtu": "9000"}
    assert {key: network.config.get(key) for key in wanted} == wanted
    assert wanted["ipv6.address"] == "none" and wanted["ipv4.address"] == "10.0.8.1/24"
    assert client.networks.get("conjureup0").config == {"ipv4.address": "none", "ipv6.address": "none",
                                                        "bridge.mtu": "9000"}


def test_default_profile_eth0_takes_mtu_9000_from_the_bridge(client, prepared):
    devices = client.profiles.get("default").devices
    assert devices["eth0"] == {"name": "eth0", "network": "lxdbr0", "type": "nic"}
    networks = {name: client.networks.get(name).config for name in ("lxdbr0", "conjureup0")}
    assert nic_mtu(devices["eth0"], networks) == "9000"


def test_juju_default_profile_keeps_the_seed_config(client, prepared):
    profile = client.profiles.get("juju-default")
    assert profile.config == juju_profile(LxdSettings())["config"]
    assert profile.config["security.nesting"] == profile.config["security.privileged"] == "true"
    assert profile.config["linux.kernel_modules"] == "openvswitch,nbd,ip_tables,ip6_tables,netlink_diag"
    assert profile.config["raw.lxc"] == "lxc.apparmor.profile=unconfined\nlxc.mount.auto=sys:rw\n"
    assert profile.devices == {
        "eth0": {"mtu": "9000", "name": "eth0", "nictype": "bridged", "parent": "lxdbr0", "type": "nic"},
        "eth1": {"mtu": "9000", "name": "eth1", "nictype": "bridged", "parent": "conjureup0", "type": "nic"},
        "root": {"path": "/", "pool": "default", "type": "disk"}}


@pytest.mark.parametrize("pool", ["default", "btrfs"])
def test_juju_machine_runs_on_each_pool(client, machines, pool):
    name = machine_name(MODEL, 0 if pool == "default" else 1)
    instance = machines(name, pool)
    instance.sync()
    assert instance.status == "Running"
    assert instance.profiles == ["default", "juju-default"]
    assert instance.expanded_devices["root"] == {"path": "/", "pool": pool, "type": "disk"}
    assert instance.config["linux.kernel_modules"] == lab_kernel_modules()
    assert instance.expanded_config["security.nesting"] == "true"
    network = instance.state().network
    assert network["eth0"]["mtu"] == network["eth1"]["mtu"] == 9000


@pytest.mark.skipif(all((Path("/sys/module") / m).exists() for m in SEED_KERNEL_MODULES.split(",")),
                    reason="this kernel has every module of the seed's profile: LXD has nothing to refuse")
def test_lxd_refuses_profile_modules_this_kernel_lacks(machines):
    """Why the lab overrides linux.kernel_modules per instance: without it LXD will not start the container."""
    with pytest.raises(MachineLaunchFailed) as failed:
        machines(machine_name(MODEL, 9), "default", kernel_modules=None)
    missing = next(m for m in SEED_KERNEL_MODULES.split(",") if not (Path("/sys/module") / m).exists())
    assert f"Failed to load kernel module '{missing}'" in str(failed.value)


@pytest.fixture
def second_project(prepared):
    """A project with its own profiles (features.profiles) sharing the default project's images and networks, as
    a second host on the same daemon; removed with everything in it after the test."""
    admin = pylxd.Client(endpoint=prepared)
    name = "lab-second"
    admin.projects.create(name, config={"features.profiles": "true", "features.images": "false"})
    client = pylxd.Client(endpoint=prepared, project=name)
    yield name, client
    for instance in client.instances.all():
        instance.sync()
        if instance.status != "Stopped":
            instance.stop(force=True, wait=True)
        instance.delete(wait=True)
    for profile in client.profiles.all():
        if profile.name != "default":
            profile.delete()
    admin.projects.get(name).delete()


def test_lxd_steps_prepare_a_second_project_on_the_same_daemon(prepared, second_project):
    project, client = second_project
    said: list[str] = []
    run_steps(lxd_steps(socket_clients(prepared), LxdSettings(project=project)), said.append)
    titles = [step.title for step in lxd_steps(socket_clients(prepared))]
    # The networks live in the default project, already prepared; the profiles are the project's own.
    assert said == [f"skip  {title} (already done)" for title in titles[:3]] + [
        line for title in titles[3:] for line in (f"do    {title}", f"done  {title}")]
    assert client.profiles.get("juju-default").config == juju_profile(LxdSettings())["config"]
    instance = launch_machine(client, machine_name(MODEL, 2), pool="btrfs", kernel_modules=lab_kernel_modules())
    assert (instance.status, instance.expanded_devices["root"]["pool"]) == ("Running", "btrfs")
    assert machine_name(MODEL, 2) not in [i.name for i in pylxd.Client(endpoint=prepared).instances.all()]


def _lab_processes() -> dict[int, str]:
    """Live (not zombie) processes that carry the lab's marker or name its state folder: pid -> command."""
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            environ = (proc / "environ").read_bytes().split(b"\0")
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if state not in "ZX" and (f"LXD_LAB_STATE={STATE}".encode() in environ or str(STATE) in command):
            found[int(proc.name)] = command
    return found


def _our_loops() -> list[str]:
    listing = subprocess.run(["losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE"],
                             capture_output=True, text=True, check=True).stdout
    return [line for line in listing.splitlines() if str(STATE) in line or "/run/lxd-lab-" in line]


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "ZX"
    except OSError:
        return False


def test_down_stops_the_daemon_its_children_and_loop_devices(client, prepared):
    """With a container running on each pool (down.sh is their only cleanup)."""
    inits = [launch_machine(client, machine_name(MODEL, n), pool=pool, kernel_modules=lab_kernel_modules()
                            ).state().pid for n, pool in ((3, "default"), (4, "btrfs"))]
    running = _lab_processes()
    commands = " ".join(running.values())
    assert "lxd --group root" in commands and "dnsmasq" in commands and "[lxc monitor]" in commands, running
    assert all(_running(pid) for pid in inits)
    assert _our_loops(), "the btrfs pool's loop device should be attached while the lab runs"
    _timed("down_with_2_containers", lambda: lab_down(LAB / "down.sh"))
    assert _lab_processes() == {}
    assert not any(_running(pid) for pid in inits)
    assert _our_loops() == []
    assert not (STATE / "state").exists() and not (STATE / "env").exists()
    assert not Path(prepared).exists()


def test_system_lxd_dir_untouched(lab):
    assert _system_lxd() == lab["system_lxd"]
