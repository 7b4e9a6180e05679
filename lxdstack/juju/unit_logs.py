"""What a person triaging a failed compute test on a Juju cloud wants from Juju: nova-compute's own log and the
status of the nova-compute units.

nova-lxd writes why a build failed (LXD unreachable, a storage driver it refuses) into nova-compute.log on the
compute unit; Nova's API shows at most 255 characters of it. The seed read it with `juju ssh nova-compute/0 sudo
tail …`; here the tail is read with `juju exec` (`juju run` on 2.9), which needs no SSH key and runs as root.
"""

from __future__ import annotations

from typing import Any

from lxdstack.juju.client import EXEC_TIMEOUT, connect
from lxdstack.juju.errors import JujuError

NOVA_COMPUTE_LOG = "/var/log/nova/nova-compute.log"
TAIL_LINES = 200


def nova_compute_units(status: Any) -> dict[str, Any]:
    """Every unit of every application deploying the nova-compute charm, by name."""
    return {name: unit for app in status.apps.values() if app.charm_name == "nova-compute"
            for name, unit in sorted(app.units.items())}


def _said(info: Any) -> str:
    return f"{info.current}: {info.message}" if info.message else info.current


def unit_status(status: Any, name: str, unit: Any) -> dict[str, Any]:
    """One unit as `juju status` shows it, with its machine and its subordinates."""
    machine = status.machines.get(unit.machine) if unit.machine else None
    shown: dict[str, Any] = {"workload": _said(unit.workload_status), "agent": _said(unit.juju_status),
                             "address": unit.public_address or unit.address, "leader": unit.leader}
    if machine is not None:
        shown["machine"] = {"id": unit.machine, "agent": _said(machine.juju_status),
                            "instance": _said(machine.machine_status), "hostname": machine.hostname}
    if unit.subordinates:
        shown["subordinates"] = {sub: unit_status(status, sub, info) for sub, info in sorted(unit.subordinates.items())}
    return shown


def nova_compute_status(model: str | None) -> dict[str, Any]:
    """The status of every nova-compute unit (evidence for a failed compute test)."""
    status = connect(model).status()
    units = nova_compute_units(status)
    if not units:
        return {"model": status.model.name, "note": "the model has no nova-compute application"}
    shown = {name: unit_status(status, name, unit) for name, unit in units.items()}
    return {"model": status.model.name, "units": shown}


def nova_compute_log_tails(model: str | None, lines: int = TAIL_LINES) -> str:
    """The last `lines` lines of nova-compute.log on each nova-compute unit, one section per unit."""
    client = connect(model)
    sections = []
    for unit in nova_compute_units(client.status()):
        try:
            text = client.run(unit, f"tail -n {lines} {NOVA_COMPUTE_LOG}", EXEC_TIMEOUT)
        except JujuError as exc:
            text = f"(could not read it: {exc})\n"
        sections.append(f"==> {unit}:{NOVA_COMPUTE_LOG} (last {lines} lines) <==\n{text}")
    return "\n".join(sections) or f"model {client.name} has no nova-compute unit"
