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


def acceptance_command(args: list[str], workdir: Path, env: dict[str, str] | None = None
                       ) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of `python -m pytest ARGS` with results under `workdir`."""
    workdir.mkdir(parents=True, exist_ok=True)
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith("OS_") and k not in ("PYTEST_XDIST_WORKER", "PYTEST_ADDOPTS")}
    environment.update(env or {})
    environment["LXDSTACK_OUTCOMES"] = str(workdir / "outcomes.json")
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SUPPORT), environment.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "pytest", "-p", "outcomes_plugin", f"--alluredir={workdir / 'allure-results'}",
               f"--junitxml={workdir / 'junit.xml'}", *args]
    return command, environment


def run_acceptance(args: list[str], workdir: Path, env: dict[str, str] | None = None,
                   timeout: float = 600) -> AcceptanceRun:
    """`python -m pytest ARGS` from the project root, with results under `workdir` (never the project's)."""
    command, environment = acceptance_command(args, workdir, env)
    completed = subprocess.run(command, cwd=PROJECT, env=environment, capture_output=True, text=True,
                               timeout=timeout, stdin=subprocess.DEVNULL)
    return read_run(workdir, completed.returncode, completed.stdout + completed.stderr)


def read_run(workdir: Path, exit_code: int, output: str) -> AcceptanceRun:
    """The outcomes a finished run recorded under `workdir`."""
    outcomes_file, results = workdir / "outcomes.json", workdir / "allure-results"
    recorded = json.loads(outcomes_file.read_text()) if outcomes_file.exists() else {}
    return AcceptanceRun(exit_code=exit_code,
                         outcomes={k: v["outcome"] for k, v in recorded.items()},
                         messages={k: v["message"] for k, v in recorded.items()},
                         output=output, results=results)
