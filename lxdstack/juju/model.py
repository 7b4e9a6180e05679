"""What target resolution checks about a `--juju-model` before the run starts.

Only the operator's mistakes are checked here, as usage errors: no `juju` on PATH, a model the controller does not
know, a model without keystone. A controller that cannot be asked right now is cloud state, not bad input: the
preflight asks again and reports it as its cause.
"""

from __future__ import annotations

from lxdstack.juju.client import connect
from lxdstack.juju.errors import JujuError, NoKeystone
from lxdstack.juju.keystone import application_of


def check_model(model: str) -> dict[str, str]:
    """{juju_model, juju_version} for the run's details; `InputError` (one line) for a mistaken model."""
    details = {"juju_model": model}
    try:
        client = connect(model)
        details["juju_version"] = client.version
        status = client.status()
    except JujuError:
        return details
    if application_of(status, "keystone") is None:
        raise NoKeystone(f"the model has no keystone application to read credentials from (it has: "
                         f"{', '.join(sorted(status.apps)) or 'no applications'})")
    return details
