"""Write Allure results that no pytest test produces (the preflight), with allure-commons' own model."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

from allure_commons.logger import AllureFileLogger
from allure_commons.model2 import Label, Status, StatusDetails, TestResult


def write_result(results_dir: Path, name: str, passed: bool, message: str, details: str,
                 start: float, stop: float, labels: dict[str, str]) -> None:
    """One test result file in `results_dir`; `start`/`stop` are epoch seconds."""
    result = TestResult(
        uuid=str(uuid.uuid4()),
        name=name,
        fullName=name,
        historyId=_md5(name),
        status=Status.PASSED if passed else Status.FAILED,
        statusDetails=StatusDetails(message=message, trace=details or None) if (message or details) else None,
        start=int(start * 1000),
        stop=int(stop * 1000),
        labels=[Label(name=key, value=value) for key, value in labels.items()],
    )
    AllureFileLogger(str(results_dir)).report_result(result)


def stable_history_ids(results_dir: Path) -> int:
    """Give every result that carries an `allure.id` a history id made from that id and its parameters' values,
    not from the test's module and function names (allure-pytest's choice), so that history and trends survive
    renaming or moving a test. Returns how many results were rewritten."""
    rewritten = 0
    for path in results_dir.glob("*-result.json"):
        result = json.loads(path.read_text(encoding="utf-8"))
        stable = next((label["value"] for label in result.get("labels", []) if label.get("name") == "as_id"), None)
        if stable is None:
            continue
        values = [str(p.get("value")) for p in sorted(result.get("parameters", []), key=lambda p: p["name"])
                  if not p.get("excluded")]
        result["testCaseId"] = _md5(stable)
        result["historyId"] = _md5(stable, *values)
        path.write_text(json.dumps(result), encoding="utf-8")
        rewritten += 1
    return rewritten


def _md5(*parts: str) -> str:
    digest = hashlib.md5()  # noqa: S324 - an identifier, as allure-pytest makes its own, not a security use
    for part in parts:
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()
