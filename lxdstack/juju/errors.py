"""How the Juju side fails, one class per cause, so the CLI and the preflight can say it in one line.

Operator input that is wrong (no `juju` on PATH, a model that does not exist, a model without keystone) is an
`InputError`: a usage error before anything runs. Everything learned from a working Juju (a unit in error, a model
that does not settle, a command that fails on a unit) is a `JujuError`: the preflight's cause, or the CLI's exit 1.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxdstack.errors import CloudTimeout, InputError


class JujuNotInstalled(InputError):
    """There is no `juju` command on PATH."""


class UnknownModel(InputError):
    """The Juju controller knows no model by that name."""


class NoKeystone(InputError):
    """The model has no keystone application to take credentials from."""


class JujuError(Exception):
    """The Juju CLI failed, or the model is not as the suite needs it; the first line says why."""


class JujuCommandFailed(JujuError):
    """A `juju` command itself failed (controller unreachable, unsupported version, unreadable output)."""


class UnitCommandFailed(JujuError):
    """A command run on a unit (`juju exec`/`juju run`) failed or gave no answer in time.

    `exit_status` and `output` are the command's own when it ran and exited non-zero (None and "" when Juju could
    not run it at all)."""

    def __init__(self, message: str, exit_status: int | None = None, output: str = ""):
        self.exit_status = exit_status
        self.output = output
        super().__init__(message)


class ModelUnhealthy(JujuError):
    """A unit, machine or application of the model is in error or its agent is lost: waiting will not help.

    `findings` are the status lines of everything that is not healthy (the first line names only the fatal ones).
    """

    def __init__(self, model: str, fatal: Sequence[str], findings: Sequence[str]):
        self.findings = list(findings)
        super().__init__(f"Juju model {model} is unhealthy: " + "; ".join(fatal))


class ModelNotSettled(JujuError, CloudTimeout):
    """The model was still settling (or blocked, or waiting) when the deadline passed."""

    def __init__(self, model: str, seconds: float, findings: Sequence[str]):
        self.findings = list(findings)
        shown = "; ".join(findings[:5]) + (f"; and {len(findings) - 5} more" if len(findings) > 5 else "")
        super().__init__(f"Juju model {model} did not settle within {seconds:g} s: {shown}")
