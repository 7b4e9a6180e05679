"""Is a Juju model healthy, still settling, or broken? A verdict on one `juju status`, nothing else.

Healthy: every application active, every unit's agent idle and its workload active (or as the expectations'
`juju:` section allows for its application), every machine started. Broken — waiting will not help, so the gate
fails at once: a unit, machine or application in `error`, a unit agent `lost`, a machine agent `down`, a machine
that failed to provision. Anything else (allocating, executing, maintenance, waiting, and also blocked, which an
operator may be fixing) is not healthy yet: the gate waits for it until its deadline. Works on the status of
jubilant and of jubilant-backports alike (same attribute names).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lxdstack.juju.expectations import ApplicationAllowance, JujuExpectation

FATAL_WORKLOAD = frozenset({"error"})
FATAL_UNIT_AGENT = frozenset({"lost", "error", "failed"})      # "failed": a status-error entry, as jubilant marks it
FATAL_MACHINE_AGENT = frozenset({"down", "error", "failed"})
FATAL_INSTANCE = frozenset({"error", "provisioning error"})


@dataclass(frozen=True)
class Finding:
    """One thing that is not healthy, as a person reads it in `juju status`."""

    subject: str        # nova-compute/0, machine 2, application ntp
    detail: str         # workload error (hook failed: …); agent idle; machine 0 (started, juju-7f3a21-0)
    fatal: bool

    def line(self) -> str:
        return f"{self.subject}: {self.detail}"


@dataclass(frozen=True)
class Verdict:
    findings: tuple[Finding, ...]
    applications: int
    units: int

    @property
    def healthy(self) -> bool:
        return not self.findings

    @property
    def fatal(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.fatal]

    def summary(self) -> str:
        return f"{self.applications} applications, {self.units} units active and idle"


def _said(info: Any) -> str:
    """`error (hook failed: "config-changed")` or `idle`: a status and its message."""
    return f"{info.current or 'unknown'} ({info.message})" if info.message else (info.current or "unknown")


def _all_machines(machines: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    for number, machine in machines.items():
        yield number, machine
        yield from _all_machines(machine.containers)


def _machine_state(machine: Any) -> str:
    parts = [machine.juju_status.current or "unknown", machine.hostname]
    return ", ".join(part for part in parts if part)


def _machine_findings(machines: Mapping[str, Any]) -> list[Finding]:
    findings = []
    for number, machine in _all_machines(machines):
        agent, instance = machine.juju_status, machine.machine_status
        if agent.current == "started" and instance.current not in FATAL_INSTANCE:
            continue
        fatal = agent.current in FATAL_MACHINE_AGENT or instance.current in FATAL_INSTANCE
        findings.append(Finding(f"machine {number}", f"agent {_said(agent)}; instance {_said(instance)}", fatal))
    return findings


def _unit_finding(name: str, unit: Any, allowance: ApplicationAllowance,
                  machines: Mapping[str, str]) -> Finding | None:
    workload, agent = unit.workload_status, unit.juju_status
    if agent.current == "idle" and allowance.accepts(workload.current, workload.message):
        return None
    fatal = workload.current in FATAL_WORKLOAD or agent.current in FATAL_UNIT_AGENT
    machine = f"machine {unit.machine} ({machines.get(unit.machine, 'unknown')})" if unit.machine else "machine -"
    return Finding(name, f"workload {_said(workload)}; agent {_said(agent)}; {machine}", fatal)


def assess(status: Any, allow: JujuExpectation | None = None) -> Verdict:
    """The verdict on one status (jubilant's or jubilant-backports' `Status`)."""
    allow = allow or JujuExpectation()
    machine_states = {number: _machine_state(machine) for number, machine in _all_machines(status.machines)}
    findings: list[Finding] = []
    units = 0
    for app_name in sorted(status.apps):
        allowance = allow.allowance(app_name)
        app_units = status.get_units(app_name)
        units += len(app_units)
        found = [f for name, unit in sorted(app_units.items())
                 if (f := _unit_finding(name, unit, allowance, machine_states)) is not None]
        app_status = status.apps[app_name].app_status
        if not found and not allowance.accepts(app_status.current, app_status.message):
            # An application can be unhealthy without a unit saying so: a subordinate with no principal, or a
            # charm whose application status is set apart from its units'.
            found.append(Finding(f"application {app_name}", f"status {_said(app_status)}",
                                 app_status.current in FATAL_WORKLOAD))
        findings += found
    findings += _machine_findings(status.machines)
    return Verdict(findings=tuple(findings), applications=len(status.apps), units=units)
