"""nova-lxd's behaviour on real services: real Nova (Debian 12's Zed, `make aio`) with its second compute host lxd1,
whose nova-compute runs the lab LXD driver (lab/novalxd/: nova-lxd's documented behaviour, not nova-lxd) on the lab
LXD daemon (lab/lxd/), and the acceptance suite, unchanged, against it with expectations/aio-lxd.yaml.

- lxd1's root disks on `dir` (make aio's default): m1.tiny boots into a Running container, and the four ephemeral
  flavors are strict xfails matched on the fault real Nova records for nova-lxd's exception on a forced host;
- lxd1 switched to its `btrfs` pool (lab/aio/lxd1.sh pool btrfs: nothing restarts): every flavor boots, each
  ephemeral disk a btrfs custom volume at /mnt of the flavor's size, as the suite checks through pylxd;
- both times the run's orphan check passes and the lab LXD is empty afterwards; a container no server owns fails the
  check, named;
- Newton's rule (lab/aio/lxd1.sh rule newton-exact: only nova-compute-lxd1 restarts): the lab's LXD has two pool
  drivers ("dir | btrfs"), so real Nova refuses an ephemeral flavor even with the root disk on btrfs; and a server
  booted before that restart is still the driver's (re-adopted): Nova stops and starts its container.

Results go to reports/lanes/aio-lxd/, the phases' times to its timings.json.
"""

import json
import shutil
import subprocess
import time
from pathlib import Path

import pylxd
import pytest
import requests

from lxdstack.connect import CloudSpec, connect
from lxdstack.resources import wait_for_status
from lxdstack.servers import boot, delete_and_wait, get_server, wait_active
from lxdstack.timeouts import Timeouts
from support.acceptance import PROJECT, AcceptanceRun, run_acceptance
from support.lanes import lab_down, lab_up
from support.outcomes import AIO_HOST, AIO_LXD_HOST, EPHEMERAL_FLAVORS, aio_outcomes, matrix_id

LAB = PROJECT / "lab" / "aio"
RESULTS = PROJECT / "reports" / "lanes" / "aio-lxd"
CLOUDS_YAML = PROJECT / "clouds.yaml"
HOSTS = (AIO_HOST, AIO_LXD_HOST)
AUTH_URL = "http://127.0.0.1:28500/v3"        # lab/aio/common.sh PORT_KEYSTONE
SOCKET = "/run/lxdstack-aio-lxd1.socket"      # lab/aio/common.sh LXD_SOCKET_LINK, as expectations/aio-lxd.yaml says
ENV = {"OS_CLIENT_CONFIG_FILE": str(CLOUDS_YAML)}
ACCEPTANCE = ["--os-cloud", "aio", "--expectations=expectations/aio-lxd.yaml"]
# nova-lxd Newton's exception text, which real Nova records as the fault of a build on a forced host.
REFUSAL = "Unsupport LXD storage detected. Supported storage drivers are zfs and btrfs."
ORPHANS_PASSED = f"on {AIO_LXD_HOST}: every ACTIVE server has a Running container, every container a live server"
TIMEOUTS = Timeouts()
timings: dict[str, float] = {}


def _timed(name: str, call):
    started = time.monotonic()
    try:
        return call()
    finally:
        timings[name] = round(time.monotonic() - started, 1)


def _serving_with_lxd1() -> bool:
    """The all-in-one answers and has its lab LXD (it was up before this lane, with lxd1)."""
    try:
        return requests.get(AUTH_URL, timeout=5).status_code == 200 and Path(SOCKET).exists()
    except requests.RequestException:
        return False


def lxd1(option: str, value: str) -> None:
    """lxd1's lab option on the running all-in-one (lab/aio/lxd1.sh)."""
    done = subprocess.run([str(LAB / "lxd1.sh"), option, value], capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, f"lab/aio/lxd1.sh {option} {value} failed:\n{done.stdout}{done.stderr}"


@pytest.fixture(scope="module")
def aio():
    was_up = _serving_with_lxd1()
    started = time.monotonic()
    if not was_up:
        _timed("make_aio", lambda: lab_up(LAB / "up.sh", timeout=1500))
    lxd1("pool", "dir")
    try:
        yield CloudSpec(cloud="aio", config_file=str(CLOUDS_YAML))
    finally:
        if not was_up:  # a person's running all-in-one stays up; one this lane started is stopped
            _timed("make_aio_stop", lambda: lab_down(LAB / "down.sh"))
        timings["lane"] = round(time.monotonic() - started, 1)
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "timings.json").write_text(json.dumps(timings, indent=2) + "\n")


@pytest.fixture(scope="module")
def lab_lxd(aio) -> pylxd.Client:
    return pylxd.Client(endpoint=SOCKET)


def leftovers(client: pylxd.Client) -> list[str]:
    """Containers and custom volumes on the lab LXD: none may outlive a run."""
    found = [f"container {instance.name}" for instance in client.instances.all()]
    for pool in client.storage_pools.all():
        found += [f"volume {v.name} on {pool.name}" for v in pool.volumes.all() if v.type == "custom"]
    return found


def differences(run: AcceptanceRun, expected: dict[str, str]) -> list[str]:
    wrong = [f"{test_id}: {run.outcomes.get(test_id, 'not run')} (expected {outcome}): "
             f"{run.messages.get(test_id, '')[:300]}"
             for test_id, outcome in sorted(expected.items()) if run.outcomes.get(test_id) != outcome]
    return wrong + [f"{test_id}: {outcome} (not expected)" for test_id, outcome in sorted(run.outcomes.items())
                    if test_id not in expected]


def allure_results(run: AcceptanceRun) -> dict[str, dict]:
    return {r["name"]: r for r in (json.loads(p.read_text()) for p in run.results.glob("*-result.json"))}


def steps(result: dict):
    for step in result.get("steps", []):
        yield step
        yield from steps(step)


def container_checks(result: dict) -> list[tuple[str, str]]:
    """The boot matrix's container check steps of one result: (title, status)."""
    return [(step["name"], step["status"]) for step in steps(result) if step["name"].startswith("Check the container")]


def assert_orphan_check_passed(run: AcceptanceRun) -> None:
    result = allure_results(run)["orphan containers"]
    assert (result["status"], result["statusDetails"]["message"]) == ("passed", ORPHANS_PASSED), result


def test_on_dir_tiny_runs_in_a_container_and_ephemeral_flavors_meet_real_novas_fault(aio, lab_lxd):
    run = _timed("suite_dir", lambda: run_acceptance([*ACCEPTANCE, "-n", "2"], RESULTS / "dir", env=ENV,
                                                     timeout=1200))
    wrong = differences(run, aio_outcomes(hosts=HOSTS, ephemeral_refused_on=(AIO_LXD_HOST,)))
    assert not wrong and run.exit_code == 0, "\n".join([f"exit code {run.exit_code}", *wrong, run.output[-3000:]])
    results = allure_results(run)
    for flavor in EPHEMERAL_FLAVORS:
        message = results[f"test_flavor_boots_on_host[{flavor}-{AIO_LXD_HOST}]"]["statusDetails"]["message"]
        assert message.endswith(f"whose LXD storage is 'dir' (LXD at {SOCKET}; rule root-pool); fix: back the "
                                f"compute host's LXD with zfs or btrfs, or use flavors without ephemeral disk; "
                                f"Nova's fault: {REFUSAL}"), message
    [(title, status)] = container_checks(results[f"test_flavor_boots_on_host[m1.tiny-{AIO_LXD_HOST}]"])
    assert title.endswith("(ephemeral disk 0 GB)") and status == "passed", title
    assert_orphan_check_passed(run)
    assert leftovers(lab_lxd) == []


def test_on_btrfs_every_flavor_boots_with_its_ephemeral_disk_as_a_btrfs_volume(aio, lab_lxd):
    lxd1("pool", "btrfs")
    try:
        run = _timed("suite_btrfs", lambda: run_acceptance([*ACCEPTANCE, "-n", "2", "tests/compute"],
                                                           RESULTS / "btrfs", env=ENV, timeout=1200))
    finally:
        lxd1("pool", "dir")
    expected = {test_id: outcome for test_id, outcome in aio_outcomes(hosts=HOSTS).items()
                if test_id.startswith("tests/compute/")}
    wrong = differences(run, expected)
    assert not wrong and run.exit_code == 0, "\n".join([f"exit code {run.exit_code}", *wrong, run.output[-3000:]])
    results = allure_results(run)
    for flavor in EPHEMERAL_FLAVORS:
        # The check found the container Running and /mnt a custom volume on a btrfs pool, of 40GiB.
        [(title, status)] = container_checks(results[f"test_flavor_boots_on_host[{flavor}-{AIO_LXD_HOST}]"])
        assert title.endswith("(ephemeral disk 40 GB)") and status == "passed", title
    assert_orphan_check_passed(run)
    assert leftovers(lab_lxd) == []


def test_orphan_check_fails_the_run_naming_a_container_no_server_owns(aio, lab_lxd, tmp_path):
    stray_uuid = "00000000-0000-4000-8000-00000badc0de"
    lab_lxd.instances.create({"name": "instance-0badc0de", "source": {"type": "image", "alias": "lab-busybox"},
                              "config": {"user.nova-instance-uuid": stray_uuid}}, wait=True)
    try:
        run = _timed("suite_orphan", lambda: run_acceptance(
            [*ACCEPTANCE, "-k", "test_scheduler_and_conductor_are_up"], tmp_path, env=ENV))
    finally:
        lab_lxd.instances.get("instance-0badc0de").delete(wait=True)
    assert run.outcomes == {"tests/compute/test_services.py::test_scheduler_and_conductor_are_up": "passed"}
    assert run.exit_code == 1, run.output[-3000:]
    problem = (f"container instance-0badc0de (Stopped) in the LXD at {SOCKET} belongs to no live server on "
               f"{AIO_LXD_HOST} (tagged for instance {stray_uuid})")
    lines = run.output.splitlines()
    title = next(n for n, line in enumerate(lines) if " orphan containers: servers and LXD containers disagree" in line)
    assert lines[title + 1] == problem, run.output[-3000:]
    result = allure_results(run)["orphan containers"]
    assert (result["status"], result["statusDetails"]["trace"]) == ("failed", problem), result


@pytest.fixture(scope="module")
def newton_rule(aio, lab_lxd):
    """lxd1 on btrfs, with a server booted there before nova-compute-lxd1 restarts into Newton's storage rule
    (lab/aio/lxd1.sh rule newton-exact); afterwards the server deleted and both options restored."""
    conn = connect(aio)
    lxd1("pool", "btrfs")
    server = None
    try:
        server = boot(conn, "lane-aio-lxd-readopted", conn.image.find_image("xenial").id,
                      conn.compute.find_flavor("m1.tiny").id, forced_host=AIO_LXD_HOST)
        server = wait_active(conn, server.id, server.name, TIMEOUTS)
        _timed("rule_newton", lambda: lxd1("rule", "newton-exact"))
        yield conn, server
    finally:
        if server is not None:
            delete_and_wait(conn, server.id, server.name, TIMEOUTS)
        _timed("rule_root_pool", lambda: lxd1("rule", "root-pool"))
        lxd1("pool", "dir")


def test_restarted_lab_driver_readopts_its_containers(newton_rule, lab_lxd):
    """Nova's fake driver forgets its instances when nova-compute restarts; the lab driver takes its containers back,
    so Nova can still stop and start a server it booted before (the fake driver's power_off would raise
    InstanceNotFound, and the server would stay ACTIVE)."""
    conn, server = newton_rule
    conn.compute.stop_server(server)
    wait_for_status(lambda: get_server(conn, server.id), f"server {server.name}", "SHUTOFF", timeout=120)
    # Read afresh each time: pylxd 2.4's sync() does not update an instance's status once it has been read.
    assert lab_lxd.instances.get(server.instance_name).status == "Stopped"
    conn.compute.start_server(server)
    wait_active(conn, server.id, server.name, TIMEOUTS)
    assert lab_lxd.instances.get(server.instance_name).status == "Running"


def test_newton_rule_refuses_the_labs_two_driver_lxd_even_on_btrfs(newton_rule, lab_lxd, tmp_path):
    """The lab LXD has a dir and a btrfs pool, so LXD 5 reports environment.storage "dir | btrfs" or "btrfs | dir"
    (the order changes from one call to the next): nova-lxd Newton compared it with "btrfs" and refused, even with
    every root disk on btrfs."""
    two_drivers = ("dir | btrfs", "btrfs | dir")
    assert lab_lxd.host_info["environment"]["storage"] in two_drivers
    for name in ("aio.yaml", "aio-lxd.yaml"):
        shutil.copy(PROJECT / "expectations" / name, tmp_path / name)
    newton = tmp_path / "aio-lxd-newton.yaml"
    newton.write_text("extends: aio-lxd\ncompute:\n  hypervisor_type: fake\n  storage_rule: none\n"
                      "  boot_image: xenial\n  hosts:\n    - {name: aio, lxd: none}\n"
                      f"    - {{name: lxd1, lxd: {SOCKET}, hypervisor_type: lxd, storage_rule: newton-exact}}\n")
    run = _timed("suite_newton", lambda: run_acceptance(
        ["--os-cloud", "aio", f"--expectations={newton}", "-n", "2", "-k",
         f"test_flavor_boots_on_host and {AIO_LXD_HOST}"], tmp_path / "run", env=ENV))
    expected = {matrix_id(flavor, AIO_LXD_HOST): "xfailed" for flavor in EPHEMERAL_FLAVORS}
    assert run.outcomes == {matrix_id("m1.tiny", AIO_LXD_HOST): "passed", **expected}, run.output[-3000:]
    results = allure_results(run)
    for test_id in expected:
        message = results[test_id.split("::")[1]]["statusDetails"]["message"]
        assert any(f"whose LXD storage is {seen!r} (LXD at {SOCKET}; rule newton-exact)" in message
                   for seen in two_drivers), message
        assert message.endswith(f"Nova's fault: {REFUSAL}"), message
    assert_orphan_check_passed(run)   # the server booted before the restart owns its container
