"""The all-in-one lane: the acceptance suite, unchanged, against a real OpenStack (Debian 12's Zed packages).

`make aio` (lab/aio/up.sh) installs, configures and starts it on 127.0.0.1 and writes the cloud `aio` into
./clouds.yaml; this lane then runs every acceptance test with expectations/aio.yaml, and watches the cloud's
services all the while: a healthy all-in-one must never report a service or agent down during a full run, even
with the short heartbeats and down times that make real faults surface quickly. Results go to reports/lanes/aio/.

Then real faults, real verdicts: cinder-volume or nova-compute is stopped (lab/aio/service.sh), and once the
cloud itself reports it down, exactly the tests that depend on it fail with what the real services say; started
again, everything is green again.
"""

import shutil
import subprocess
import threading
import time
from contextlib import contextmanager

import pytest
import requests

from lxdstack.connect import CloudSpec, connect
from lxdstack.waiters import wait_until
from support.acceptance import PROJECT, run_acceptance
from support.lanes import lab_down, lab_up
from support.outcomes import BOOT_MATRIX, VOLUMES, aio_outcomes

LAB = PROJECT / "lab" / "aio"
RESULTS = PROJECT / "reports" / "lanes" / "aio"
CLOUDS_YAML = PROJECT / "clouds.yaml"
HOST = "aio"
AUTH_URL = "http://127.0.0.1:28500/v3"   # lab/aio/common.sh PORT_KEYSTONE
ENV = {"OS_CLIENT_CONFIG_FILE": str(CLOUDS_YAML)}
ACCEPTANCE = ["--os-cloud", "aio", "--expectations=expectations/aio.yaml"]
# The all-in-one reports every 4 s and calls a service down after 20 s without a report (lab/aio/configure.sh).
DOWN_WITHIN = 60


def _serving() -> bool:
    """The all-in-one's Keystone answers (it was up before this lane)."""
    try:
        return requests.get(AUTH_URL, timeout=5).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture(scope="module")
def aio():
    was_up = _serving()
    lab_up(LAB / "up.sh", timeout=1500)
    yield CloudSpec(cloud="aio", config_file=str(CLOUDS_YAML))
    if not was_up:  # a person's running all-in-one stays up; one this lane started is stopped
        lab_down(LAB / "down.sh")


class ServiceWatch:
    """Polls Nova's and Cinder's services and Neutron's agents once a second until stopped; keeps every
    sighting of one reported down, with the time and its last heartbeat."""

    def __init__(self, spec: CloudSpec) -> None:
        self.conn = connect(spec)
        self.down: list[str] = []
        self.polls = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(1.0):
            seen = [(f"nova {s.binary} on {s.host}", s.state == "up", s.updated_at)
                    for s in self.conn.compute.services()]
            seen += [(f"cinder {s.binary} on {s.host}", s.state == "up", s.updated_at)
                     for s in self.conn.block_storage.services()]
            seen += [(f"neutron {a.agent_type} on {a.host}", a.is_alive, a.last_heartbeat_at)
                     for a in self.conn.network.agents()]
            now = time.strftime("%H:%M:%S", time.gmtime())
            self.down += [f"{now} {what} (last heartbeat {beat})" for what, up, beat in seen if not up]
            self.polls += 1

    def __enter__(self) -> "ServiceWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def service_log_warnings(since: float) -> str:
    """The all-in-one services' WARNING/ERROR log lines written since `since` (epoch s), for a failed lane; the logs
    themselves are copied beside the run's results."""
    logs = PROJECT / ".lanes" / "aio" / "log"
    shutil.copytree(logs, RESULTS / "aio-logs", dirs_exist_ok=True, ignore=shutil.ignore_patterns("rabbitmq"))
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(since))
    lines = []
    for log in sorted(logs.glob("*.log")):
        lines += [f"{log.name}: {line[:300]}" for line in log.read_text(errors="replace").splitlines()
                  if line[:19] >= stamp and (" WARNING " in line or " ERROR " in line)
                  and "Using RPCClient manually" not in line and "Deprecated: Default quota" not in line]
    return "\n".join(lines[-60:]) or "(none)"


def expected_outcomes() -> dict[str, str]:
    """Everything passes: all five flavors boot (the fake driver has no storage limitation) and qcow2 boots too;
    Cinder v2 is declared absent, so its catalog and discovery checks are skipped, and so is the platform."""
    return aio_outcomes(hosts=(HOST,))


def test_the_suite_passes_unchanged_against_a_real_all_in_one(aio):
    shutil.rmtree(RESULTS, ignore_errors=True)
    started = time.time()
    with ServiceWatch(aio) as watch:
        run = run_acceptance([*ACCEPTANCE, "-n", "2"], RESULTS, env=ENV, timeout=1200)
    expected = expected_outcomes()
    wrong = {test_id: f"{run.outcomes.get(test_id, 'not run')} (expected {outcome}): "
                      f"{run.messages.get(test_id, '')[:300]}"
             for test_id, outcome in expected.items() if run.outcomes.get(test_id) != outcome}
    wrong |= {test_id: f"{outcome} (not expected)" for test_id, outcome in run.outcomes.items()
              if test_id not in expected}
    if wrong or watch.down or run.exit_code != 0:
        pytest.fail("\n".join([
            f"exit code {run.exit_code}; {len(wrong)} test(s) not as expected:",
            *(f"  {test_id}: {what}" for test_id, what in sorted(wrong.items())),
            f"reported down during the run ({len(watch.down)} sightings in {watch.polls} polls):",
            *(f"  {sighting}" for sighting in watch.down[:40]),
            "warnings and errors in the all-in-one's logs since the run started:",
            service_log_warnings(started),
        ]))
    assert watch.polls > 10, "the watch hardly ran: the run proves nothing about heartbeats"


def _state(services, binary: str) -> str:
    return next((s.state for s in services if s.binary == binary and s.host.split("@")[0] == HOST), "missing")


@contextmanager
def stopped(aio: CloudSpec, service: str, listing):
    """`service` stopped until the cloud reports it down (by `listing(conn)`); started again afterwards, and
    waited for until reported up."""
    conn = connect(aio)
    subprocess.run([str(LAB / "service.sh"), "stop", service], check=True, timeout=120, stdin=subprocess.DEVNULL)
    try:
        wait_until(lambda: _state(listing(conn), service) == "down", DOWN_WITHIN, f"{service} to be reported down")
        yield
    finally:
        subprocess.run([str(LAB / "service.sh"), "start", service], check=True, timeout=120,
                       stdin=subprocess.DEVNULL)
        wait_until(lambda: _state(listing(conn), service) == "up", DOWN_WITHIN, f"{service} to be reported up")


def test_cinder_volume_down_fails_the_volume_tests_with_cinders_own_reason(aio, tmp_path):
    volume_tests = {test_id: outcome for test_id, outcome in expected_outcomes().items()
                    if test_id.startswith(VOLUMES)}
    with stopped(aio, "cinder-volume", lambda conn: conn.block_storage.services()):
        run = run_acceptance([*ACCEPTANCE, "tests/volume"], tmp_path / "down", env=ENV)
    assert run.outcomes == dict.fromkeys(volume_tests, "failed"), run.output[-4000:]
    services = run.messages[f"{VOLUMES}::test_volume_services_are_up"]
    assert f"cinder-volume is not up and enabled on {HOST}@" in services and "(down/enabled)" in services, services
    for test_id in volume_tests:
        if "services" not in test_id:
            message = run.messages[test_id]
            assert message.startswith("lxdstack.errors.ResourceFailed: volume acc-"), message
            # Zed's user message for a volume no backend could take (cinder/message/message_field.py).
            assert "went to ERROR: VOLUME_VOLUME_001_003: schedule allocate volume:Could not find any available " \
                   "weighted backend." in message, message
    again = run_acceptance([*ACCEPTANCE, "tests/volume"], tmp_path / "again", env=ENV)
    assert again.outcomes == volume_tests, again.output[-4000:]


@contextmanager
def other_computes_disabled(aio: CloudSpec):
    """Every nova-compute but aio's disabled (make aio's second compute host, lxd1, runs the lab LXD driver), so
    that with aio's stopped no host is left for an unforced boot; enabled again afterwards."""
    conn = connect(aio)
    others = [s for s in conn.compute.services(binary="nova-compute") if s.host != HOST]
    for service in others:
        conn.compute.disable_service(service, disabled_reason="aio lane: nova-compute on aio is stopped")
    try:
        yield
    finally:
        for service in others:
            conn.compute.enable_service(service)


def test_nova_compute_down_fails_its_service_and_every_boot(aio, tmp_path):
    """Nova answers a boot on a down host two ways: an unforced boot is filtered out by the scheduler
    (ComputeFilter) and ends in ERROR with "No valid host was found"; the boot matrix forces the host, which
    skips the filters, so the build waits in the down compute's queue and the server stays in BUILD (task
    state scheduling) until the suite's deadline. The other compute host (lxd1) is disabled meanwhile: it would
    take the unforced boot."""
    compute_tests = {test_id: outcome for test_id, outcome in expected_outcomes().items()
                     if test_id.startswith("tests/compute/")}
    service_test = f"tests/compute/test_services.py::test_compute_service_is_up_and_enabled[{HOST}]"
    member_boot = "tests/compute/test_servers.py::test_member_boot_of_the_smallest_flavor_becomes_active"
    matrix = [test_id for test_id in compute_tests if test_id.startswith(BOOT_MATRIX)]
    with other_computes_disabled(aio), stopped(aio, "nova-compute", lambda conn: conn.compute.services()):
        # Timeouts at a tenth: a 30 s boot deadline.
        run = run_acceptance([*ACCEPTANCE, "--timeout-scale", "0.1", "-n", "4", "tests/compute"], tmp_path / "down",
                             env=ENV)
    expected = {**compute_tests, **dict.fromkeys([service_test, member_boot, *matrix], "failed")}
    assert run.outcomes == expected, run.output[-4000:]
    assert f"nova-compute on {HOST} is down/enabled" in run.messages[service_test], run.messages[service_test]
    assert "went to ERROR: No valid host was found." in run.messages[member_boot], run.messages[member_boot]
    for test_id in matrix:
        message = run.messages[test_id]
        assert message.startswith("lxdstack.errors.CloudTimeout: timed out after"), message
        assert f"on {HOST} to become ACTIVE (status BUILD)" in message, message
    again = run_acceptance([*ACCEPTANCE, "-n", "2", "tests/compute"], tmp_path / "again", env=ENV)
    assert again.outcomes == compute_tests, again.output[-4000:]
