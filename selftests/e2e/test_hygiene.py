"""No leaks: `lxdstack sweep` removes exactly what old runs left, a clean run passes its leak gate, a leaking run
fails it, `--keep-on-failure` keeps a failed case's server with the exact sweep command that removes it, and a run
interrupted with SIGINT in the middle of boots tears down what it made.

Each cloud outlives the runs against it, so what a run leaves behind can be seen (as in test_personas.py).
"""

import json
import os
import re
import shlex
import signal
import subprocess
import sys

import pytest

from lxdstack import images, volumes
from lxdstack.connect import CloudSpec, connect
from lxdstack.embedded import EmbeddedCloud
from lxdstack.keys import new_key
from lxdstack.leftovers import KINDS, find, remove
from lxdstack.naming import Names, new_run_id
from lxdstack.servers import boot, wait_active
from lxdstack.timeouts import Timeouts
from lxdstack.waiters import wait_until
from support.acceptance import PROJECT, acceptance_command, run_acceptance
from support.outcomes import HOST1, healthy, matrix_id

EXPECTATIONS = PROJECT / "expectations"
OLD = Names("acc", "2601010000abc", "gw0")
KEYPAIR_TEST = "tests/compute/test_keypairs.py::test_imported_keypair_is_the_runs_key"
# A plugin loaded into one acceptance run (`-p leaky`): it leaks a keypair named for the run, as a careless
# fixture would, so the leak gate has something real to catch.
LEAKY_PLUGIN = '''
import pytest

@pytest.fixture(autouse=True)
def _leak_a_keypair(request):
    if request.node.name == "test_imported_keypair_is_the_runs_key":
        names, admin = request.getfixturevalue("names"), request.getfixturevalue("admin_cloud")
        admin.compute.create_keypair(name=names.make("leak"), public_key=request.getfixturevalue("run_key").public_key)
'''


def _start(tmp_path_factory, scenario):
    return EmbeddedCloud.start(scenario, tmp_path_factory.mktemp(scenario), password="hygiene-test")


@pytest.fixture(scope="module")
def cloud(tmp_path_factory):
    with _start(tmp_path_factory, "newton-lxd") as started:
        yield started


@pytest.fixture(scope="module")
def broken_cloud(tmp_path_factory):
    with _start(tmp_path_factory, "fault-host-boot-errors") as started:
        yield started


def _admin(cloud):
    return connect(CloudSpec(cloud="embedded", config_file=str(cloud.clouds_yaml)))


def _env(cloud):
    return {"OS_CLIENT_CONFIG_FILE": str(cloud.clouds_yaml)}


def _run_command(command: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """A shell command line as the suite prints it (`VAR=value lxdstack sweep …`), with `lxdstack` being this
    interpreter's `-m lxdstack` (the console script is not installed in the self-tests' environment)."""
    words = shlex.split(command)
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.update(extra_env or {})
    while "=" in words[0]:
        key, value = words.pop(0).split("=", 1)
        env[key] = value
    assert words[0] == "lxdstack", command
    return subprocess.run([sys.executable, "-m", "lxdstack", *words[1:]], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


def _plant(admin, names: Names) -> dict[str, str]:
    """One resource of every kind the suite creates, named for `names`' run; kind -> name."""
    planted = {kind: names.make(kind) for kind in KINDS}
    timeouts = Timeouts()
    image = images.upload(admin, planted["image"], images.root_tarball(), "raw")
    images.wait_image_active(admin, image, timeouts)
    flavor = admin.compute.find_flavor("m1.tiny", ignore_missing=False)
    server = boot(admin, planted["server"], image.id, flavor.id)
    wait_active(admin, server.id, planted["server"], timeouts)
    admin.compute.create_keypair(name=planted["keypair"], public_key=new_key("hygiene").public_key)
    volume = volumes.create(admin, planted["volume"], 1)
    volumes.wait_volume(admin, volume.id, planted["volume"], "available", timeouts)
    internal = admin.network.find_network("internal", ignore_missing=False)
    admin.network.create_port(name=planted["port"], network_id=internal.id)
    project = admin.identity.create_project(name=planted["project"], domain_id="default")
    admin.identity.create_user(name=planted["user"], password="x-hygiene", domain_id="default",
                               default_project_id=project.id)
    return planted


def _names(found):
    return {(item.kind, item.name) for item in found}


def _run_id(output):
    return re.search(r"^run id: (\w+)", output, re.M).group(1)


def _leak_gate(results):
    found = [json.loads(p.read_text()) for p in results.glob("*-result.json")]
    return [r for r in found if r["name"] == "leak gate"]


def test_sweep_removes_exactly_the_old_runs_leftovers(cloud):
    admin = _admin(cloud)
    old = _plant(admin, OLD)
    recent = _plant(admin, Names("acc", new_run_id(), "gw1"))
    # Not the suite's: another prefix in the scheme's shape, and a name merely starting with "acc-".
    other = admin.identity.create_project(name="ops-2601010000abc-gw0-project-abcde", domain_id="default")
    operator_key = admin.compute.create_keypair(name="acc-operator", public_key=new_key("hygiene").public_key)
    expected = {(kind, name) for kind, name in old.items()}
    command = (f"OS_CLIENT_CONFIG_FILE={cloud.clouds_yaml} lxdstack sweep --os-cloud embedded --prefix acc "
               "--older-than 1d")

    dry = _run_command(command + " --dry-run")
    assert dry.returncode == 0, dry.stderr
    listed = {tuple(line.split()[2:4]) for line in dry.stdout.splitlines() if line.startswith("would delete ")}
    assert listed == expected, dry.stdout
    assert f"sweep: {len(KINDS)} would be deleted" in dry.stdout
    assert expected <= _names(find(admin, "acc")), "the dry run deleted something"

    swept = _run_command(command)
    assert swept.returncode == 0, swept.stdout + swept.stderr
    deleted = [tuple(line.split()[1:3]) for line in swept.stdout.splitlines() if line.startswith("deleted ")]
    assert set(deleted) == expected and deleted[0][0] == "server", swept.stdout  # servers first
    assert f"sweep: {len(KINDS)} deleted" in swept.stdout
    assert _names(find(admin, "acc")) == set(recent.items())
    assert admin.identity.find_project(other.id) is not None
    assert admin.compute.find_keypair(operator_key.name) is not None

    again = _run_command(command)  # idempotent: nothing left to do is not an error
    assert again.returncode == 0 and "sweep: 0 deleted" in again.stdout, again.stdout + again.stderr
    remove(admin, find(admin, "acc"), Timeouts())
    admin.identity.delete_project(other.id)
    admin.compute.delete_keypair(operator_key.name)


def test_clean_run_leaves_nothing_and_passes_its_leak_gate(cloud, tmp_path):
    run = run_acceptance(["--os-cloud", "embedded", "-n", "2"], tmp_path, env=_env(cloud))
    assert run.outcomes == healthy(), run.output[-3000:]
    assert run.exit_code == 0, run.output[-3000:]
    assert [r["status"] for r in _leak_gate(run.results)] == ["passed"]
    assert find(_admin(cloud), f"acc-{_run_id(run.output)}") == []


def test_leaking_run_fails_its_leak_gate_naming_the_leak_and_the_sweep(cloud, tmp_path):
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "leaky.py").write_text(LEAKY_PLUGIN)
    run = run_acceptance(["--os-cloud", "embedded", "-p", "leaky", "-k", "test_imported_keypair_is_the_runs_key"],
                         tmp_path, env={**_env(cloud), "PYTHONPATH": str(tmp_path / "plugins")})
    assert run.outcomes == {KEYPAIR_TEST: "passed"}, run.output[-3000:]
    assert run.exit_code == 1, run.output[-3000:]
    run_id = _run_id(run.output)
    assert f"leak gate failed: run acc-{run_id} left resources" in run.output
    assert re.search(rf"^left: keypair acc-{run_id}-main-leak-\w{{5}} ", run.output, re.M), run.output[-3000:]
    [gate] = _leak_gate(run.results)
    assert gate["status"] == "failed" and f"acc-{run_id}-main-leak-" in gate["statusDetails"]["trace"]
    command = re.search(r"^remove them with: (.+)$", run.output, re.M).group(1)
    swept = _run_command(command)
    assert swept.returncode == 0 and "sweep: 1 deleted" in swept.stdout, swept.stdout + swept.stderr
    assert find(_admin(cloud), f"acc-{run_id}") == []


def test_keep_on_failure_keeps_the_failed_cases_server_and_prints_the_sweep(broken_cloud, tmp_path):
    case = matrix_id("m1.tiny", HOST1)
    # The scenario breaks newton-lxd-two-hosts: the run expects that cloud, as an embedded run of it would.
    run = run_acceptance(["--os-cloud", "embedded", f"--expectations={EXPECTATIONS / 'newton-lxd-two-hosts.yaml'}",
                          "--keep-on-failure", "-k", f"test_flavor_boots_on_host and {HOST1} and m1.tiny"],
                         tmp_path, env=_env(broken_cloud))
    assert run.outcomes == {case: "failed"}, run.output[-3000:]
    assert run.exit_code == 1
    run_id = _run_id(run.output)
    admin = _admin(broken_cloud)
    kept = find(admin, f"acc-{run_id}")
    assert [item.kind for item in kept] == ["server"], kept  # the keypair is the session's: removed as usual
    assert f"kept by {case}" in run.output and f"left: {kept[0].describe()}" in run.output, run.output[-3000:]
    command = re.search(r"^remove them with: (.+)$", run.output, re.M).group(1)
    assert command == (f"OS_CLIENT_CONFIG_FILE={broken_cloud.clouds_yaml} lxdstack sweep --os-cloud embedded "
                       f"--prefix acc-{run_id}")
    swept = _run_command(command)
    assert swept.returncode == 0, swept.stdout + swept.stderr
    assert swept.stdout.splitlines()[0] == f"deleted {kept[0].describe()}"
    assert find(admin, f"acc-{run_id}") == []


def _building(admin, run) -> bool:
    if run.poll() is not None:
        raise AssertionError(f"the run ended before any server was building:\n{run.stdout.read()[-3000:]}")
    return any(server.status == "BUILD" for server in admin.compute.servers(name="^acc-"))


@pytest.fixture(scope="module")
def slow_cloud(tmp_path_factory):
    with _start(tmp_path_factory, "fault-slow-boot") as started:
        yield started


def _as_a_shell_starts_it() -> None:
    """In the child, before exec: SIGINT at its default and unblocked, as a shell starts a command. A child inherits
    an ignored or blocked SIGINT, and then Python never raises KeyboardInterrupt: in full self-test runs the run
    under test slept on through Ctrl-C (its stack, dumped on SIGABRT, was in the boot wait), while it stopped at once
    when this test ran alone — the xdist worker's state after other tests is not a terminal's."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@pytest.mark.parametrize("workers", ["0", "2"])
def test_interrupted_run_tears_down_and_leaves_nothing_to_sweep(slow_cloud, workers, tmp_path):
    """SIGINT, as Ctrl-C sends it, while the boot matrix's servers are building (boots take ten minutes here):
    the run stops as interrupted, its teardown deletes what it made, and a sweep afterwards finds nothing."""
    admin = _admin(slow_cloud)
    command, env = acceptance_command(
        ["--os-cloud", "embedded", "-n", workers, "-k", "test_flavor_boots_on_host"], tmp_path,
        env={**_env(slow_cloud), "PYTHONFAULTHANDLER": "1"})
    with subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, stdin=subprocess.DEVNULL, preexec_fn=_as_a_shell_starts_it) as run:
        try:
            wait_until(lambda: _building(admin, run), timeout=120, what="the run's first server to be building")
            run.send_signal(signal.SIGINT)
            output, _ = run.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            # SIGABRT makes Python's fault handler (PYTHONFAULTHANDLER) print every thread's stack: where it hangs.
            run.send_signal(signal.SIGABRT)
            output, _ = run.communicate(timeout=60)
            pytest.fail(f"the run did not end within 120 s of SIGINT (this process: SIGINT handler "
                        f"{signal.getsignal(signal.SIGINT)}, blocked {signal.pthread_sigmask(signal.SIG_BLOCK, [])}); "
                        f"what it printed:\n{output[-12000:]}")
        finally:
            run.kill()
    assert run.returncode == 2, output[-3000:]  # pytest's "interrupted"
    assert "KeyboardInterrupt" in output, output[-3000:]
    run_id = _run_id(output)
    assert find(admin, f"acc-{run_id}") == [], "teardown did not remove the interrupted run's resources"
    swept = _run_command(f"OS_CLIENT_CONFIG_FILE={slow_cloud.clouds_yaml} lxdstack sweep --os-cloud embedded "
                         "--prefix acc --dry-run")
    assert swept.returncode == 0 and "sweep: 0 would be deleted" in swept.stdout, swept.stdout + swept.stderr
