"""Lanes run real components; where one cannot run, it is skipped — or fails when REQUIRE_LANES=1 (CI)."""

import os
import subprocess
from pathlib import Path

import pytest

CANNOT_RUN_HERE = 3  # a lab script's exit code when this machine cannot run its lane


def lane_unavailable(reason: str) -> None:
    __tracebackhide__ = True
    if os.environ.get("REQUIRE_LANES") == "1":
        pytest.fail(f"REQUIRE_LANES=1 but this lane cannot run: {reason}")
    pytest.skip(reason)


def lab_up(script: Path, *args: str, timeout: float) -> None:
    """Run a lane's `up.sh`: skipped (or failed under REQUIRE_LANES=1) when it cannot run here, failed with its
    output when it fails."""
    __tracebackhide__ = True
    up = subprocess.run([str(script), *args], capture_output=True, text=True, timeout=timeout,
                        stdin=subprocess.DEVNULL, cwd=script.parents[2])
    if up.returncode == CANNOT_RUN_HERE:
        lane_unavailable(up.stdout + up.stderr)
    assert up.returncode == 0, f"{script} failed:\n{up.stdout[-3000:]}\n{up.stderr[-3000:]}"


def lab_down(script: Path) -> None:
    subprocess.run([str(script)], check=True, timeout=300, stdin=subprocess.DEVNULL, cwd=script.parents[2])
