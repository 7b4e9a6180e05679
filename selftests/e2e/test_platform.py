"""The LXD checks against the embedded cloud's LXD: the default run passes every one, each platform fault fails
exactly the checks that should catch it with a sentence naming object, key, found and expected value, a file that
declares the platform absent skips them with its reason, and a project the LXD lacks fails rather than passes.
Each run starts its own cloud."""

import json
import shutil
from pathlib import Path

import pytest

from support.acceptance import PROJECT, run_acceptance
from support.outcomes import (
    HOST0,
    PLATFORM,
    PLATFORM_FAULTS,
    PLATFORM_HOST,
    PLATFORM_HOST_TESTS,
    platform_id,
    platform_outcomes,
    with_failures,
)


def _results(results_dir: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in results_dir.glob("*-result.json")]


def _steps(result: dict):
    for step in result.get("steps", []):
        yield step
        yield from _steps(step)


def _expectations(tmp_path: Path, platform: str) -> str:
    """A copy of newton-lxd's expectations with this `platform:` section (the file extends the one beside it)."""
    shutil.copy(PROJECT / "expectations" / "newton-lxd.yaml", tmp_path / "newton-lxd.yaml")
    path = tmp_path / "mine.yaml"
    path.write_text(f"extends: newton-lxd\nplatform: {platform}\n")
    return str(path)


def test_default_run_passes_every_lxd_check_with_labels_and_steps(tmp_path):
    run = run_acceptance([PLATFORM], tmp_path)
    assert run.outcomes == platform_outcomes(), run.output[-3000:]
    assert run.exit_code == 0
    results = [r for r in _results(run.results) if r["name"].startswith("test_")]
    assert len(results) == len(platform_outcomes())
    reads = set()
    for result in results:
        labels = {label["name"]: label["value"] for label in result["labels"]}
        assert labels["feature"] == "Platform" and labels["tag"] == "lxd", labels
        assert labels["as_id"].startswith("platform-") and labels["story"], labels
        steps = list(_steps(result))
        assert steps, f"{result['name']} reports no step"
        assert not any(step.get("parameters") for step in steps), "a step recorded its arguments"
        reads |= {step["name"].split(" from the LXD at /")[0] for step in steps if step["name"].startswith("Read ")}
    # each document read once per session (and worker), by whichever check needed it first
    assert {"Read /1.0/profiles/juju-default", "Read /1.0/networks/lxdbr0", "Read /1.0/instances?recursion=1",
            "Read /1.0/storage-pools?recursion=1"} <= reads, reads


@pytest.mark.parametrize("scenario", sorted(PLATFORM_FAULTS))
def test_platform_fault_fails_exactly_its_checks_naming_what_is_wrong(scenario, tmp_path):
    failing = PLATFORM_FAULTS[scenario]
    run = run_acceptance(["--embedded-scenario", scenario], tmp_path)
    assert run.outcomes == with_failures(list(failing)), run.output[-3000:]
    for test_id, sentence in failing.items():
        assert run.messages[test_id].startswith(f"AssertionError: {sentence}\n"), run.messages[test_id]
    assert run.exit_code == 1
    for result in _results(run.results):
        if result["status"] == "failed":
            names = {attachment["name"] for attachment in result.get("attachments", [])}
            assert f"LXD documents of {PLATFORM_HOST}" in names, names


def test_platform_declared_absent_skips_every_lxd_check_with_the_reason(tmp_path):
    expectations = _expectations(tmp_path, '{absent: "no LXD here: the cloud runs on bare metal"}')
    run = run_acceptance([PLATFORM, f"--expectations={expectations}"], tmp_path / "run")
    assert run.outcomes == platform_outcomes(present=False), run.output[-3000:]
    assert set(run.messages.values()) == {
        f"Skipped: platform declared absent in {expectations}: no LXD here: the cloud runs on bare metal"}


def test_a_project_the_lxd_lacks_fails_every_platform_check_naming_the_project(tmp_path):
    expectations = _expectations(tmp_path, "{host: {lxd: embedded, project: broken}}")
    run = run_acceptance([PLATFORM, f"--expectations={expectations}"], tmp_path / "run")
    host_checks = [platform_id(name) for name in PLATFORM_HOST_TESTS]
    host_checks.append(platform_id(f"test_no_configuration_lxd5_refuses[{PLATFORM_HOST}]"))
    expected = {**platform_outcomes(), **dict.fromkeys(host_checks, "failed")}
    assert run.outcomes == expected, run.output[-3000:]
    for test_id in host_checks:  # "(project broken)" in a check's sentence, "?project=broken" in a failed GET
        assert "project broken" in run.messages[test_id] or "project=broken: Project not found" \
            in run.messages[test_id], run.messages[test_id]
    assert run.outcomes[platform_id(f"test_compute_host_storage_is_known[{HOST0}]")] == "passed"
