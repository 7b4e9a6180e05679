"""The stand-in `juju` of the contract tests, driven from Python: a state folder made from the recorded
documents (records/juju-2.9, records/juju-3.6), answers added per test, and the calls it received.

A test puts the stand-in on PATH (`install(monkeypatch)` in-process, or `env` for a subprocess), so the suite's
code finds it exactly as it would find a real juju; see README.md for what the folder holds.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

STANDIN = Path(__file__).resolve().parent      # the folder holding the `juju` executable
RECORDS = STANDIN / "records"
FAMILIES = ("2.9", "3.6")


def record(family: str, name: str) -> dict[str, Any]:
    """A recorded `juju status --format=json` document: `active`, `settling-1`, `error-unit`…"""
    return json.loads((RECORDS / f"juju-{family}" / f"status-{name}.json").read_text())


class FakeJuju:
    """A state folder for the stand-in: one model (`openstack` by default) of the given Juju version family."""

    def __init__(self, root: Path, family: str = "3.6", model: str = "openstack"):
        self.root, self.family, self.model = Path(root), family, model
        self.folder = self.root / "models" / model
        self.folder.mkdir(parents=True, exist_ok=True)
        source = RECORDS / f"juju-{family}"
        shutil.copyfile(source / "version", self.root / "version")
        shutil.copyfile(source / "exec.json", self.folder / "exec.json")
        shutil.copyfile(source / "config-keystone.json", self.folder / "config-keystone.json")
        (self.root / "current-model").write_text(model)
        self.statuses("active")

    def statuses(self, *documents: str | dict[str, Any]) -> FakeJuju:
        """The status sequence `juju status` replays (the last repeats): record names or documents."""
        for old in self.folder.glob("status-*.json"):
            old.unlink()
        (self.folder / ".cursor").unlink(missing_ok=True)
        for number, document in enumerate(documents, start=1):
            doc = record(self.family, document) if isinstance(document, str) else document
            (self.folder / f"status-{number}.json").write_text(json.dumps(doc))
        return self

    def config(self, app: str, recorded: str | None = None, **values: Any) -> FakeJuju:
        """Use a recorded config of `app` (`config-keystone-tls`) and/or set some of its values."""
        path = self.folder / f"config-{app}.json"
        if recorded:
            shutil.copyfile(RECORDS / f"juju-{self.family}" / f"{recorded}.json", path)
        document = json.loads(path.read_text())
        for key, value in values.items():
            setting = document["settings"].setdefault(key, {"description": "", "type": "string"})
            setting.update(source="user", value=value)
        path.write_text(json.dumps(document, indent=2))
        return self

    def answer(self, unit: str, command: str, stdout: str = "", code: int = 0, stderr: str = "") -> FakeJuju:
        """What `command` run on `unit` (juju exec/run/ssh) prints and exits with."""
        path = self.folder / "exec.json"
        table = json.loads(path.read_text())
        table.setdefault(unit, {})[command] = {"stdout": stdout, "stderr": stderr, "code": code}
        path.write_text(json.dumps(table, indent=2))
        return self

    def fail(self, command: str, message: str) -> FakeJuju:
        """Make `juju COMMAND` print `message` on stderr and exit 1."""
        (self.root / f"fail-{command}").write_text(message)
        return self

    @property
    def env(self) -> dict[str, str]:
        return {"PATH": f"{STANDIN}{os.pathsep}{os.environ.get('PATH', '')}", "FAKE_JUJU_DIR": str(self.root)}

    def install(self, monkeypatch) -> FakeJuju:
        for name, value in self.env.items():
            monkeypatch.setenv(name, value)
        return self

    def calls(self) -> list[list[str]]:
        """Every command line the stand-in received, oldest first (without the leading `juju`)."""
        path = self.root / "calls.jsonl"
        return [json.loads(line)["argv"] for line in path.read_text().splitlines()] if path.exists() else []
