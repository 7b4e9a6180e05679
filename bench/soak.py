"""Soak: the whole acceptance suite N times in a row against fresh embedded clouds; every run must give the same
outcome for every test id (a flaky test or a leaking run shows up as a difference).

    .venv/bin/python bench/soak.py [--runs 20] [--scenario newton-lxd] [-- extra pytest args]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def outcomes(junit: Path) -> dict[str, str]:
    """test id -> passed | failed | error | skipped | xfailed, from pytest's JUnit XML."""
    found = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        test_id = f"{case.get('classname')}::{case.get('name')}"
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = "failed" if child.tag == "failure" else "error"
            elif child.tag == "skipped":
                outcome = "xfailed" if child.get("type") == "pytest.xfail" else "skipped"
        found[test_id] = outcome
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--scenario", default="newton-lxd")
    parser.add_argument("pytest_args", nargs="*")
    options = parser.parse_args()
    first: dict[str, str] | None = None
    differing = 0
    durations = []
    with tempfile.TemporaryDirectory() as tmp:
        for number in range(1, options.runs + 1):
            junit = Path(tmp) / f"junit-{number}.xml"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            f"--embedded-scenario={options.scenario}", f"--alluredir={tmp}/allure-{number}",
                            f"--junitxml={junit}", *options.pytest_args],
                           cwd=PROJECT, capture_output=True, stdin=subprocess.DEVNULL, check=False)
            durations.append(time.perf_counter() - started)
            found = outcomes(junit)
            first = first or found
            if found != first:
                differing += 1
                changed = sorted(k for k in set(found) | set(first) if found.get(k) != first.get(k))
                print(f"run {number}: differs from run 1 in {', '.join(changed)}")
    summary = Counter(first.values())
    print(f"{options.runs} runs of {len(first)} tests ({dict(summary)}): {options.runs - differing} identical to "
          f"run 1, {differing} different; {sum(durations) / len(durations):.1f} s per run")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
