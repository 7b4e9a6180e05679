"""Run the acceptance suite (tests/) in a subprocess, as an operator would, and read back every outcome."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SUPPORT = Path(__file__).resolve().parent


@dataclass
class AcceptanceRun:
    exit_code: int
    outcomes: dict[str, str]   # test id -> passed | failed | error | skipped | xfailed | xpassed
    messages: dict[str, str]   # test id -> failure/skip message
    output: str
    results: Path              # the run's Allure results folder

    def ids(self, outcome: str) -> set[str]:
        return {test_id for test_id, found in self.outcomes.items() if found == outcome}


def run_acceptance(args: list[str], workdir: Path, env: dict[str, str] | None = None,
                   timeout: float = 600) -> AcceptanceRun:
    """`python -m pytest ARGS` from the project root, with results under `workdir` (never the project's)."""
    workdir.mkdir(parents=True, exist_ok=True)
    outcomes_file = workdir / "outcomes.json"
    results = workdir / "allure-results"
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith("OS_") and k not in ("PYTEST_XDIST_WORKER", "PYTEST_ADDOPTS")}
    environment.update(env or {})
    environment["LXDSTACK_OUTCOMES"] = str(outcomes_file)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SUPPORT), environment.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "pytest", "-p", "outcomes_plugin", f"--alluredir={results}",
               f"--junitxml={workdir / 'junit.xml'}", *args]
    completed = subprocess.run(command, cwd=PROJECT, env=environment, capture_output=True, text=True,
                               timeout=timeout, stdin=subprocess.DEVNULL)
    recorded = json.loads(outcomes_file.read_text()) if outcomes_file.exists() else {}
    return AcceptanceRun(exit_code=completed.returncode,
                         outcomes={k: v["outcome"] for k, v in recorded.items()},
                         messages={k: v["message"] for k, v in recorded.items()},
                         output=completed.stdout + completed.stderr, results=results)
