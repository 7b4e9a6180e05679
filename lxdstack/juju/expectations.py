"""The `juju:` section of an expectations file: what a healthy model may look like besides all active and idle.

Real deployments have applications that are healthy without being `active`: a subordinate nothing is related to
(`unknown`), a charm that reports `blocked` until an operator acts on something this cloud does not use. The
section names them, per application, so the health gate accepts exactly those and nothing else:

    juju:
      applications:
        ntp: {workload: [active, unknown]}
        ceph-radosgw: {workload: [active, blocked], message: "^Missing relations: .*object-store"}

The model class lives here (not in lxdstack/expectations.py) so the Juju side stays in one package; it is strict
in the same way as the rest of the file.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

WorkloadStatus = Literal["active", "blocked", "waiting", "maintenance", "unknown"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ApplicationAllowance(_Strict):
    """The workload statuses that count as healthy for one application (its units and the application itself)."""

    workload: tuple[WorkloadStatus, ...] = ("active",)
    message: str | None = Field(None, description="a regular expression the workload message of a unit that is "
                                                  "not active must contain (re.search)")

    @field_validator("message")
    @classmethod
    def _is_a_regex(cls, message: str | None) -> str | None:
        if message is not None:
            try:
                re.compile(message)
            except re.error as exc:
                raise ValueError(f"{message!r} is not a regular expression: {exc}") from None
        return message

    def accepts(self, status: str, message: str) -> bool:
        """Whether a workload in `status` saying `message` is healthy for this application."""
        if status == "active":
            return True
        return status in self.workload and (self.message is None or re.search(self.message, message) is not None)


DEFAULT_ALLOWANCE = ApplicationAllowance()


class JujuExpectation(_Strict):
    """What the health gate accepts as healthy, per application; every other application must be active."""

    applications: dict[str, ApplicationAllowance] = {}

    def allowance(self, app: str) -> ApplicationAllowance:
        return self.applications.get(app, DEFAULT_ALLOWANCE)
