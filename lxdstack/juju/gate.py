"""The health gate: wait, with a deadline, until a Juju model is settled and healthy; fail fast when it is broken.

The preflight of a `--juju-model` target runs it before anything talks to OpenStack (a unit in error then blocks
every test with its status, instead of a cascade of unrelated failures), and bring-up runs it after `juju deploy`.
A model counts as settled when `juju status` says healthy twice in a row: between two hooks a unit is briefly idle
and active while more work is queued.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from lxdstack.juju.client import connect
from lxdstack.juju.errors import ModelNotSettled, ModelUnhealthy
from lxdstack.juju.expectations import ApplicationAllowance, JujuExpectation
from lxdstack.juju.health import Verdict, assess
from lxdstack.steps import step
from lxdstack.waiters import poll_until

Allow = JujuExpectation | Mapping[str, Iterable[str]] | None


def allowance(allow: Allow) -> JujuExpectation | None:
    """`allow` as the expectations' model: the `juju:` section itself, or {application: [workload statuses]}."""
    if allow is None or isinstance(allow, JujuExpectation):
        return allow
    return JujuExpectation(applications={app: ApplicationAllowance(workload=tuple(statuses))
                                         for app, statuses in allow.items()})


@step("Wait for Juju model {model} to settle")
def wait_settled(model: str | None, deadline: float, allow: Allow = None, successes: int = 2,
                 interval: float = 0.25, max_interval: float = 5.0) -> Any:
    """Return the model's status once it is healthy `successes` times in a row, waiting at most `deadline`
    seconds; `ModelUnhealthy` at once when something is in error or lost, `ModelNotSettled` at the deadline.

    `allow` says which applications may be healthy in another workload status than active (see
    `lxdstack.juju.expectations`). `model` None is the controller's current model.
    """
    client = connect(model)
    name = model or "(the current model)"
    rules = allowance(allow)
    seen: dict[str, Any] = {"healthy": 0}

    def settled() -> bool:
        status = client.status()
        verdict = assess(status, rules)
        seen.update(status=status, verdict=verdict)
        if verdict.fatal:
            raise ModelUnhealthy(name, [f.line() for f in verdict.fatal], [f.line() for f in verdict.findings])
        seen["healthy"] = seen["healthy"] + 1 if verdict.healthy else 0
        return seen["healthy"] >= successes

    if not poll_until(settled, deadline, interval=interval, max_interval=max_interval):
        last: Verdict | None = seen.get("verdict")
        findings = [f.line() for f in last.findings] if last else ["`juju status` never answered"]
        raise ModelNotSettled(name, deadline, findings or ["healthy, but not twice in a row"])
    return seen["status"]
