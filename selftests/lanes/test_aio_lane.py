"""The all-in-one lane: the acceptance suite, unchanged, against a real OpenStack (Debian 12's Zed packages).

`make aio` (lab/aio/up.sh) installs, configures and starts it on 127.0.0.1 and writes the cloud `aio` into
./clouds.yaml; this lane then runs every acceptance test with expectations/aio.yaml, and watches the cloud's
services all the while: a healthy all-in-one must never report a service or agent down during a full run, even
with the short heartbeats and down times that make real faults surface quickly. Results go to reports/lanes/aio/.
"""

import shutil
import subprocess
import threading

import pytest

from lxdstack.connect import CloudSpec, connect
from support.acceptance import PROJECT, run_acceptance
from support.lanes import lane_unavailable
from support.outcomes import QCOW2, SERVICES, catalog_id, compute_outcomes, discovery_id, healthy

LAB = PROJECT / "lab" / "aio"
RESULTS = PROJECT / "reports" / "lanes" / "aio"
CLOUDS_YAML = PROJECT / "clouds.yaml"
CANNOT_RUN_HERE = 3
HOST = "aio"


@pytest.fixture(scope="module")
def aio():
    up = subprocess.run([str(LAB / "up.sh")], capture_output=True, text=True, timeout=1500,
                        stdin=subprocess.DEVNULL, cwd=PROJECT)
    if up.returncode == CANNOT_RUN_HERE:
        lane_unavailable(up.stdout + up.stderr)
    assert up.returncode == 0, f"lab/aio/up.sh failed:\n{up.stdout[-3000:]}\n{up.stderr[-3000:]}"
    yield CloudSpec(cloud="aio", config_file=str(CLOUDS_YAML))
    subprocess.run([str(LAB / "down.sh")], check=True, timeout=300, stdin=subprocess.DEVNULL, cwd=PROJECT)


class ServiceWatch:
    """Polls Nova's and Cinder's services and Neutron's agents once a second until stopped; keeps every
    sighting of one reported down."""

    def __init__(self, spec: CloudSpec) -> None:
        self.conn = connect(spec)
        self.down: list[str] = []
        self.polls = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(1.0):
            seen = [(f"nova {s.binary} on {s.host}", s.state == "up") for s in self.conn.compute.services()]
            seen += [(f"cinder {s.binary} on {s.host}", s.state == "up") for s in self.conn.block_storage.services()]
            seen += [(f"neutron {a.agent_type} on {a.host}", a.is_alive) for a in self.conn.network.agents()]
            self.down += [what for what, up in seen if not up]
            self.polls += 1

    def __enter__(self) -> "ServiceWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def expected_outcomes() -> dict[str, str]:
    """Everything passes: all five flavors boot (the fake driver has no storage limitation) and qcow2 boots too;
    Cinder v2 is declared absent, so its catalog and discovery checks are skipped."""
    services = (*SERVICES, "placement")
    table = healthy(services=services, hosts=(HOST,), ephemeral_refused=False)
    table.update(compute_outcomes(hosts=(HOST,), ephemeral_refused=False))
    table[QCOW2] = "passed"
    table[catalog_id("volumev2")] = "skipped"
    table.update({discovery_id("volumev2", i): "skipped" for i in ("public", "internal", "admin")})
    return table


def test_the_suite_passes_unchanged_against_a_real_all_in_one(aio):
    shutil.rmtree(RESULTS, ignore_errors=True)
    with ServiceWatch(aio) as watch:
        run = run_acceptance(["--os-cloud", "aio", "--expectations=expectations/aio.yaml", "-n", "2"], RESULTS,
                             env={"OS_CLIENT_CONFIG_FILE": str(CLOUDS_YAML)}, timeout=1200)
    assert run.outcomes == expected_outcomes(), run.output[-4000:]
    assert run.exit_code == 0, run.output[-4000:]
    assert watch.polls > 10, "the watch hardly ran: the run proves nothing about heartbeats"
    assert not watch.down, f"a healthy all-in-one reported down during the run: {sorted(set(watch.down))}"
