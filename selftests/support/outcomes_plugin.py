"""A pytest plugin the self-tests load into acceptance runs (`-p outcomes_plugin`): it records the final
outcome and the failure message of every test id in a JSON file named by LXDSTACK_OUTCOMES.

It only observes reports; it changes nothing in the run it watches.
"""

import json
import os

_outcomes: dict[str, dict[str, str]] = {}


def _message(report) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return crash.message
    if isinstance(report.longrepr, tuple):  # skips: (path, line, reason)
        return str(report.longrepr[2])
    return str(report.longrepr or "")


def pytest_runtest_logreport(report) -> None:
    entry = _outcomes.setdefault(report.nodeid, {"outcome": "passed", "message": ""})
    if hasattr(report, "wasxfail"):
        entry.update(outcome="xfailed" if report.skipped else "xpassed", message=report.wasxfail)
    elif report.failed:
        # A failure in setup or teardown is an error; in the call, a failure.
        if report.when == "call":
            entry.update(outcome="failed", message=_message(report))
        elif entry["outcome"] != "failed":
            entry.update(outcome="error", message=_message(report))
    elif report.skipped:
        entry.update(outcome="skipped", message=_message(report))


def pytest_sessionfinish(session) -> None:
    path = os.environ.get("LXDSTACK_OUTCOMES")
    if path and not hasattr(session.config, "workerinput"):
        with open(path, "w", encoding="utf-8") as stream:
            json.dump(_outcomes, stream, indent=1, sort_keys=True)
