"""Write Allure results that no pytest test produces (the preflight), with allure-commons' own model."""

from __future__ import annotations

import hashlib
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
        historyId=hashlib.md5(name.encode()).hexdigest(),
        status=Status.PASSED if passed else Status.FAILED,
        statusDetails=StatusDetails(message=message, trace=details or None) if (message or details) else None,
        start=int(start * 1000),
        stop=int(stop * 1000),
        labels=[Label(name=key, value=value) for key, value in labels.items()],
    )
    AllureFileLogger(str(results_dir)).report_result(result)
