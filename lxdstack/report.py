"""Build the HTML report a person triages from: Allure 2 (npm `allure-commandline`, pinned in package.json).

Allure 2 rather than 3 because it reads `categories.json` from the results folder, which sorts failures by the
suite's exception classes (`reports/categories.json`). It runs on Java; node only starts it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
CATEGORIES = PROJECT / "reports" / "categories.json"
ALLURE = PROJECT / "node_modules" / ".bin" / "allure"
GENERATE_TIMEOUT = 300  # seconds; a few thousand results take well under a minute


class ReportError(Exception):
    """The report cannot be built; the message is one line saying what to do."""


def build_report(results: Path, out: Path, single_file: bool = False) -> Path:
    """Build the report of `results` into `out` (replacing it) and return the path of its index.html.

    The previous report's `history/` is carried into the results first, so trends span runs. A single-file
    report opens from disk but Allure writes no `history/` for it: the next report starts a new trend.
    """
    results, out = results.resolve(), out.resolve()
    if not any(results.glob("*-result.json")):
        raise ReportError(f"no Allure results in {results}: run the suite first (make acceptance)")
    if out == results or out in results.parents:
        raise ReportError(f"--out {out} would contain the results: Allure replaces the whole folder")
    if out.exists() and any(out.iterdir()) and not (out / "index.html").exists():
        raise ReportError(f"refusing to replace {out}: it exists and is not an Allure report")
    command = [str(_allure()), "generate", str(results), "-o", str(out), "--clean"]
    _carry_history(out, results)
    _write_defaults(results)
    if single_file:
        command.append("--single-file")
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=GENERATE_TIMEOUT,
                                   stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise ReportError(f"allure generate took longer than {GENERATE_TIMEOUT} s") from None
    index = out / "index.html"
    if completed.returncode != 0 or not index.exists():
        last = (completed.stderr or completed.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ReportError(f"allure generate exited {completed.returncode}: {last[0]}")
    return index


def _allure() -> Path:
    # The npm wrapper is a node script that starts Allure's Java launcher: both must be on PATH.
    if shutil.which("node") is None:
        raise ReportError("node is not installed: install Node.js 18+ (Debian: apt-get install nodejs npm)")
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (java_home and Path(java_home, "bin", "java").exists()):
        raise ReportError("java is not installed: install Java 8+ (Debian: apt-get install default-jre-headless)")
    if not ALLURE.exists():
        raise ReportError(f"Allure is not installed: run `npm ci` in {PROJECT}")
    return ALLURE


def _carry_history(out: Path, results: Path) -> None:
    # Replace rather than merge: a stale history/ in the results would describe some older report.
    target = results / "history"
    shutil.rmtree(target, ignore_errors=True)
    if (out / "history").is_dir():
        shutil.copytree(out / "history", target)


def _write_defaults(results: Path) -> None:
    # The suite writes both at the end of a run; results from elsewhere (a lane, a copied folder) may lack them.
    if not (results / "categories.json").exists():
        shutil.copyfile(CATEGORIES, results / "categories.json")
    properties = results / "environment.properties"
    if not properties.exists():
        built = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        properties.write_text(f"results={results}\nreport.built={built}\n", encoding="utf-8")
