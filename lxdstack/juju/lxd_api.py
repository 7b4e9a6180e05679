"""The LXD API of a Juju unit's machine, read through Juju: for compute hosts the suite cannot reach directly.

nova-lxd's LXD listens on a unix socket inside the nova-compute unit; from where the suite runs there is often no
route to it, and exposing it over HTTPS would mean changing the cloud. `lxc query` on the unit reads the same API
(`GET /1.0/…`, the response's `metadata`) and `juju exec` carries it, so an expectations file can say
`lxd: juju:nova-compute/0`. `lxc query` needs LXD 2.17 or later on the unit (xenial's own LXD 2.0 lacks it; the
xenial-backports LXD 3.0 and the snap have it).
"""

from __future__ import annotations

import json
import shlex
from typing import Any

from lxdstack.juju.client import EXEC_TIMEOUT, connect
from lxdstack.juju.errors import JujuError, UnitCommandFailed
from lxdstack.platform.lxd_api import LxdNotFound, LxdUnreachable


class JujuLxdApi:
    """`GET /1.0/…` of the LXD on `unit` of `model` (None: the current model), through `juju exec`."""

    def __init__(self, unit: str, model: str | None = None, timeout: float = EXEC_TIMEOUT):
        self.unit = unit
        self.model = model
        self.timeout = timeout

    @property
    def where(self) -> str:
        return f"LXD on Juju unit {self.unit} (model {self.model or 'current'}, through lxc query)"

    def query(self, path: str) -> Any:
        """The `metadata` of LXD's answer to GET `path` (which starts with /1.0); `LxdNotFound` for LXD's 404,
        `LxdUnreachable` for anything else that keeps the answer away (the classes of lxdstack.platform.lxd_api)."""
        if not path.startswith("/1.0"):
            raise ValueError(f"LXD API path {path!r}: it starts with /1.0")
        command = f"lxc query --wait {shlex.quote(path)}"
        try:
            output = connect(self.model).run(self.unit, command, self.timeout)
        except UnitCommandFailed as exc:
            # `lxc query` prints LXD's error and exits 1; a 404 reads "Error: not found" (LXD 5: "Error: Profile
            # not found"), which the LXD checks must tell apart from an LXD they cannot read.
            missing = exc.exit_status is not None and "not found" in exc.output.lower()
            raise (LxdNotFound if missing else LxdUnreachable)(f"{self.where}: {exc}") from None
        except JujuError as exc:
            raise LxdUnreachable(f"{self.where}: {exc}") from None
        try:
            return json.loads(output)
        except json.JSONDecodeError:
            raise LxdUnreachable(f"{self.where}: `{command}` did not answer JSON: {output[:120]!r}") from None
