"""The Juju CLI for one model, through the wrapper that knows the installed Juju.

Juju 2.9 and 3.x differ where it matters here: 2.9's `juju status --format=json` lists a relation's remote
applications as plain names where 3.x has objects; 2.9 runs a command on a unit with `juju run` (it also answers to
`juju exec`, with other output keys and `--timeout` for the wait) while 3.x uses `juju exec` and keeps `juju run`
for actions. Canonical's jubilant speaks Juju 3 and jubilant-backports Juju 2.9; `connect` picks one by
`juju version`, and nothing else in the suite parses Juju's output by hand. The stand-in `juju` of the contract
tests (selftests/support/juju) answers exactly the calls these wrappers make.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

import jubilant
import jubilant_backports

from lxdstack.juju.errors import JujuCommandFailed, JujuNotInstalled, UnitCommandFailed, UnknownModel

JUJU = "juju"
# How long a command run on a unit (leader-get, tail, lxc query) may take before Juju gives up on it.
EXEC_TIMEOUT = 60.0
_MODEL_NOT_FOUND = re.compile(r"model .*not found", re.IGNORECASE)
_TASK_ERRORS = (jubilant.TaskError, jubilant_backports.TaskError)


def juju_binary() -> str:
    """The `juju` on PATH; `JujuNotInstalled` when there is none."""
    path = shutil.which(JUJU)
    if path is None:
        raise JujuNotInstalled("no `juju` command on PATH: install the Juju client (snap install juju) "
                               "or put the one that manages this model on PATH")
    return path


def said(exc: subprocess.CalledProcessError) -> str:
    """The line a failed `juju` command ended with (Juju prints `ERROR …` last)."""
    lines = (exc.stderr or exc.stdout or "").strip().splitlines()
    return lines[-1].strip() if lines else f"exit status {exc.returncode}"


@dataclass
class ModelClient:
    """The Juju CLI for one model (None: the controller's current model)."""

    model: str | None
    version: str          # as `juju version` says it, e.g. 2.9.49-ubuntu-amd64
    cli: Any              # jubilant.Juju (Juju 3) or jubilant_backports.Juju (Juju 2.9)

    @property
    def name(self) -> str:
        return self.model or "(the current model)"

    def status(self) -> Any:
        """`juju status --format json`, parsed by the wrapper (a jubilant `Status`)."""
        try:
            return self.cli.status()
        except subprocess.CalledProcessError as exc:
            if _MODEL_NOT_FOUND.search(said(exc)):
                raise UnknownModel(f"Juju knows no such model ({said(exc)})") from None
            raise JujuCommandFailed(f"`juju status` for model {self.name} failed: {said(exc)}") from None
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise JujuCommandFailed(f"`juju status` for model {self.name} gave a document the Juju {self.version} "
                                    f"wrapper cannot read: {type(exc).__name__}: {exc}") from None

    def config(self, app: str) -> dict[str, Any]:
        """The application's charm settings that have a value (`juju config --format json APP`)."""
        try:
            return dict(self.cli.config(app))
        except subprocess.CalledProcessError as exc:
            raise JujuCommandFailed(f"`juju config {app}` in model {self.name} failed: {said(exc)}") from None

    def run(self, unit: str, command: str, timeout: float) -> str:
        """Run a shell command on `unit` (as root, in its hook context) and return its standard output."""
        wait = max(1, math.ceil(timeout))
        try:
            task = self.cli.exec(command, unit=unit, wait=wait)
        except _TASK_ERRORS as exc:
            output = (exc.task.stderr or exc.task.stdout or getattr(exc.task, "message", "") or "").strip()
            last = output.splitlines()[-1] if output else "no output"
            raise UnitCommandFailed(f"`{command}` on {unit} exited with status {exc.task.return_code}: {last}",
                                    exit_status=exc.task.return_code, output=output) from None
        except TimeoutError:
            raise UnitCommandFailed(f"`{command}` on {unit} gave no answer within {wait} s") from None
        except ValueError as exc:
            raise UnitCommandFailed(f"`{command}` on {unit}: {str(exc).splitlines()[0]}") from None
        except subprocess.CalledProcessError as exc:
            raise UnitCommandFailed(f"`{command}` on {unit} failed: {said(exc)}") from None
        return task.stdout


def installed_version(binary: str) -> str:
    """`juju version --format json` (the call jubilant-backports makes too): a string, or {version: …}."""
    try:
        raw = jubilant.Juju(cli_binary=binary).cli("version", "--format", "json", include_model=False)
        found = json.loads(raw)
    except subprocess.CalledProcessError as exc:
        raise JujuCommandFailed(f"`juju version` failed: {said(exc)}") from None
    except json.JSONDecodeError:
        raise JujuCommandFailed(f"`juju version --format json` did not answer JSON: {raw[:80]!r}") from None
    return str(found.get("version", "") if isinstance(found, dict) else found)


def connect(model: str | None) -> ModelClient:
    """A client for `model` through jubilant (Juju 3) or jubilant-backports (Juju 2.9)."""
    binary = juju_binary()
    version = installed_version(binary)
    major = version.split(".", 1)[0]
    if major == "2":
        try:
            wrapper = jubilant_backports.Juju(model=model, cli_binary=binary)
        except subprocess.CalledProcessError as exc:
            raise JujuCommandFailed(f"`juju version` failed: {said(exc)}") from None
    elif major.isdigit() and int(major) >= 3:
        wrapper = jubilant.Juju(model=model, cli_binary=binary)
    else:
        raise JujuCommandFailed(f"Juju {version or '(no version)'} is not supported: use Juju 2.9 or 3.x")
    return ModelClient(model=model, version=version, cli=wrapper)
