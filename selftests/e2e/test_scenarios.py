"""The acceptance suite against the embedded cloud: the healthy scenario passes, each fault is caught by
exactly the tests that should catch it, with a message that names the problem. Each run starts its own cloud."""

import json
import re
import tempfile
from pathlib import Path

import pytest

from support.acceptance import run_acceptance
from support.outcomes import FAULTS, FLAVORS, HOST0, HOST1, healthy, matrix_id, with_failures


def _results(results_dir):
    return [json.loads(p.read_text()) for p in results_dir.glob("*-result.json")]


def _preflight(results_dir):
    return [r for r in _results(results_dir) if r["name"] == "preflight"]


def _steps(result):
    for step in result.get("steps", []):
        yield step
        yield from _steps(step)


def _labels(result):
    return {label["name"]: label["value"] for label in result["labels"]}


HEALTHY = {
    # scenario: (compute hosts, whether nova-lxd refuses ephemeral disks there)
    "newton-lxd": ((HOST0,), True),                # dir storage, as the Juju bundle leaves it
    "newton-lxd-btrfs": ((HOST0,), False),
    "newton-lxd-fernet": ((HOST0,), True),
    "newton-lxd-two-drivers": ((HOST0,), True),    # "btrfs | dir": Newton's exact comparison refuses it
    "newton-lxd-two-hosts": ((HOST0, HOST1), False),
}


@pytest.mark.parametrize("scenario", sorted(HEALTHY))
def test_healthy_scenario_passes_everything(scenario, tmp_path):
    """Everything passes; the known limitations are strict xfails with nova-lxd's own text."""
    hosts, refused = HEALTHY[scenario]
    run = run_acceptance(["--embedded-scenario", scenario], tmp_path)
    assert run.outcomes == healthy(hosts=hosts, ephemeral_refused=refused), run.output[-3000:]
    environment = dict(line.split("=", 1) for line in
                       (run.results / "environment.properties").read_text().splitlines())
    assert {"target", "auth.host", "region", "release", "storage", "token.format", "suite.version",
            "run.id"} <= set(environment)
    assert environment["target"] == f"embedded cloud, scenario {scenario}"
    assert all(f"{host}: " in environment["storage"] for host in hosts)
    assert "unknown" not in environment["storage"] and environment["auth.host"].startswith("127.0.0.1:")
    for test_id, outcome in run.outcomes.items():
        if outcome == "xfailed":
            assert run.messages[test_id].startswith("known limitation: nova-lxd"), run.messages[test_id]
    assert run.exit_code == 0
    assert [r["status"] for r in _preflight(run.results)] == ["passed"]
    run_id = re.search(r"^run id: (\w+)", run.output, re.M).group(1)
    assert not list(Path(tempfile.gettempdir()).glob(f"lxdstack-{run_id}-*")), "the embedded cloud's folder is left"
    for result in _results(run.results):
        labels = _labels(result)
        assert labels.get("epic") == "OpenStack on LXD (Newton, Juju)", result["fullName"]
        if result["name"] != "preflight":
            assert {"feature", "story", "as_id"} <= set(labels), f"{result['fullName']} lacks labels: {labels}"
        if result["name"].startswith("test_flavor_boots_on_host["):
            steps = list(_steps(result))
            assert any(step["name"].startswith("Boot server acc-") for step in steps), steps
            assert not any(step.get("parameters") for step in steps), "a step recorded its arguments"


@pytest.mark.parametrize("scenario", sorted(FAULTS))
def test_fault_is_caught_by_exactly_the_expected_tests(scenario, tmp_path):
    failing, text, *knock_on = FAULTS[scenario]
    run = run_acceptance(["--embedded-scenario", scenario], tmp_path)
    assert run.outcomes == with_failures(failing, *knock_on), run.output[-3000:]
    for test_id in failing:
        assert text in run.messages[test_id], f"{test_id}: {run.messages[test_id]}"
    assert run.exit_code == 1
    failed = [r for r in _results(run.results) if r["status"] == "failed" and "test_catalog" in r["fullName"]]
    assert all("service catalog" in {a["name"] for a in r.get("attachments", [])} for r in failed), \
        "a failed catalog test carries no catalog attachment"


def test_parallel_run_gives_the_same_outcomes(tmp_path):
    serial = run_acceptance(["-n", "0", "--embedded-scenario", "fault-discovery-crossed"], tmp_path / "serial")
    parallel = run_acceptance(["-n", "4", "--embedded-scenario", "fault-discovery-crossed"], tmp_path / "parallel")
    assert serial.outcomes, serial.output[-3000:]
    assert parallel.outcomes == serial.outcomes
    assert parallel.outcomes == with_failures(FAULTS["fault-discovery-crossed"][0])
    assert len(_preflight(parallel.results)) == 1, "the preflight ran more than once"


def test_broken_host_fails_only_its_own_cases(tmp_path):
    """One of two hosts fails every build: its five cases fail naming the server and the driver's fault; the
    member's unforced boot is silently rescheduled to the good host and passes."""
    run = run_acceptance(["--embedded-scenario", "fault-host-boot-errors"], tmp_path)
    broken = [matrix_id(flavor, HOST1) for flavor in FLAVORS]
    expected = healthy(hosts=(HOST0, HOST1), ephemeral_refused=False)
    expected.update(dict.fromkeys(broken, "failed"))
    assert run.outcomes == expected, run.output[-3000:]
    for test_id in broken:
        message = run.messages[test_id]
        assert message.startswith("lxdstack.errors.ResourceFailed: server acc-"), message
        assert f"on {HOST1} went to ERROR: Failed to connect to LXD daemon" in message, message
    failed = [r for r in _results(run.results) if r["status"] in ("failed", "broken")]
    assert len(failed) == len(broken)
    for result in failed:
        names = {a["name"] for a in result.get("attachments", [])}
        server = next(a for a in result["attachments"] if a["name"].startswith("server acc-"))
        assert any(n.startswith("console log of acc-") for n in names), names
        shown = json.loads((run.results / server["source"]).read_text())
        assert shown["status"] == "ERROR" and "Failed to connect to LXD daemon" in shown["fault"]["message"]


def test_boot_slower_than_the_deadline_is_a_timeout_naming_server_and_status(tmp_path):
    """Timeouts scaled to 1 % (a 3 s boot deadline) against servers that take ten minutes."""
    case = matrix_id("m1.tiny", HOST0)
    run = run_acceptance(["--embedded-scenario", "fault-slow-boot", "--timeout-scale", "0.01",
                          "-k", "test_flavor_boots_on_host and m1.tiny"], tmp_path)
    assert run.outcomes == {case: "failed"}, run.output[-3000:]
    message = run.messages[case]
    assert message.startswith("lxdstack.errors.CloudTimeout: timed out after"), message
    assert "waiting for server acc-" in message and f"on {HOST0} to become ACTIVE (status BUILD)" in message, message
