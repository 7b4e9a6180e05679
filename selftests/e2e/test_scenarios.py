"""The acceptance suite against the embedded cloud: the healthy scenario passes, each fault is caught by
exactly the tests that should catch it, with a message that names the problem. Each run starts its own cloud."""

import json
import re
import tempfile
from pathlib import Path

import pytest

from support.acceptance import run_acceptance
from support.outcomes import FAULTS, healthy, with_failures


def _results(results_dir):
    return [json.loads(p.read_text()) for p in results_dir.glob("*-result.json")]


def _preflight(results_dir):
    return [r for r in _results(results_dir) if r["name"] == "preflight"]


def _labels(result):
    return {label["name"]: label["value"] for label in result["labels"]}


@pytest.mark.parametrize("scenario", ["newton-lxd", "newton-lxd-btrfs", "newton-lxd-fernet"])
def test_healthy_scenario_passes_everything(scenario, tmp_path):
    run = run_acceptance(["--embedded-scenario", scenario], tmp_path)
    assert run.outcomes == healthy(), run.output[-3000:]
    assert run.exit_code == 0
    assert [r["status"] for r in _preflight(run.results)] == ["passed"]
    run_id = re.search(r"^run id: (\w+)", run.output, re.M).group(1)
    assert not list(Path(tempfile.gettempdir()).glob(f"lxdstack-{run_id}-*")), "the embedded cloud's folder is left"
    for result in _results(run.results):
        labels = _labels(result)
        assert labels.get("epic") == "OpenStack on LXD (Newton, Juju)", result["fullName"]
        if result["name"] != "preflight":
            assert {"feature", "story", "as_id"} <= set(labels), f"{result['fullName']} lacks labels: {labels}"


@pytest.mark.parametrize("scenario", sorted(FAULTS))
def test_fault_is_caught_by_exactly_the_expected_tests(scenario, tmp_path):
    failing, text = FAULTS[scenario]
    run = run_acceptance(["--embedded-scenario", scenario], tmp_path)
    assert run.outcomes == with_failures(failing), run.output[-3000:]
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
