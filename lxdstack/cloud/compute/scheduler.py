"""Where a build goes and how it ends: Nova Newton's scheduler, conductor retries and compute manager, in one pass.

The outcome of a build is decided when the server is created (the API then shows BUILD until the cloud's clock
says the boot took long enough). Rules, from nova @ newton-eol (facts §1.5, real-nova-on-lxd.md):

* A forced host (`availability_zone` `ZONE:HOST`) bypasses every filter, disabled or not
  (HostManager.get_filtered_hosts); an unknown one leaves no host (NoValidHost). populate_retry gives a forced
  host, or `scheduler_max_attempts` = 1, no retry information, so a failing driver is not rescheduled: the
  compute manager records the driver's own text as the fault (`fault_message=e.kwargs['reason']`).
* Otherwise the filters keep enabled, up hosts of the requested zone not tried before (RetryFilter); the RAM
  weigher prefers the most free memory; ties keep the compute nodes' database order (the scenario's host
  order here), as the weigher's stable sort does with scheduler_host_subset_size 1. A failing driver reschedules:
  when `max_attempts` hosts have failed, the conductor raises MaxRetriesExceeded with the last reason; when no
  untried host is left, the scheduler raises NoValidHost.
* ImageUnacceptable aborts the build on the first host (BuildAbortException), never rescheduled.
* A host whose nova-compute is down (forced down) never picks the build up: the server stays in BUILD.

Fault texts are truncated to 255 characters as Nova stores them; `details` is the traceback (code 500).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lxdstack.cloud.compute import novalxd
from lxdstack.cloud.compute.hosts import Services
from lxdstack.cloud.scenario import Host

FAULT_MESSAGE_LIMIT = 255
NO_VALID_HOST = "No valid host was found. There are not enough hosts available."
_MANAGER = "nova/compute/manager.py"
_CONDUCTOR = "nova/conductor/manager.py"


@dataclass(frozen=True)
class Attempt:
    """One compute host's `_do_build_and_run_instance`; `failure` None when the container started."""

    host: str
    failure: novalxd.SpawnFailure | None = None


@dataclass(frozen=True)
class Fault:
    code: int
    message: str
    details: str


@dataclass(frozen=True)
class Outcome:
    """ACTIVE on `host`, or ERROR with `fault`, or (`stuck`) BUILD for ever; `attempts` in order."""

    attempts: tuple[Attempt, ...] = ()
    host: str | None = None
    fault: Fault | None = None
    stuck: bool = False


@dataclass(frozen=True)
class BuildRequest:
    instance_uuid: str
    image_id: str
    disk_format: str | None
    ephemeral_gb: int
    zone: str | None = None
    forced_host: str | None = None


def truncate(message: str) -> str:
    """utils.safe_truncate(message, 255): at most 255 bytes of UTF-8, never half a character."""
    return message.encode("utf-8")[:FAULT_MESSAGE_LIMIT].decode("utf-8", errors="ignore")


def _fault(message: str, exception: str, frames: list[tuple[str, str]]) -> Fault:
    lines = ["Traceback (most recent call last):"]
    lines += [f'  File "{path}", in {function}' for path, function in frames]
    lines.append(f"{exception}: {message}")
    return Fault(500, truncate(message), "\n".join(lines) + "\n")


def _compute_fault(uuid: str, failure: novalxd.SpawnFailure) -> Fault:
    """The fault the compute manager records when it does not reschedule."""
    frames = [(_MANAGER, "_do_build_and_run_instance"), (_MANAGER, "_build_and_run_instance")]
    if failure.abort:
        return _fault(f"Build of instance {uuid} aborted: {failure.reason}", "BuildAbortException", frames)
    fault = _fault(f"Build of instance {uuid} was re-scheduled: {failure.reason}", "RescheduledException", frames)
    # Without retry information Nova keeps the driver's text as the message, the traceback as the details.
    return Fault(fault.code, truncate(failure.reason), fault.details)


def _conductor_fault(message: str, exception: str) -> Fault:
    return _fault(message, exception, [(_CONDUCTOR, "build_instances"), (_CONDUCTOR, "_schedule_instances")])


def build(request: BuildRequest, services: Services, free_ram: Callable[[str], int],
          boot_errors: Mapping[str, str], max_attempts: int) -> Outcome:
    """Schedule, spawn and reschedule `request` until it runs somewhere or fails."""

    def spawn(host: Host) -> Attempt:
        failure = novalxd.spawn(host, request.image_id, request.disk_format, request.ephemeral_gb,
                                boot_errors.get(host.name))
        return Attempt(host.name, failure)

    if request.forced_host is not None:
        service = services.compute(request.forced_host)
        if service is None:
            return Outcome(fault=_conductor_fault(NO_VALID_HOST, "NoValidHost"))
        if not service.up:
            return Outcome(stuck=True)
        attempt = spawn(services.hosts[request.forced_host])
        if attempt.failure is None:
            return Outcome((attempt,), host=attempt.host)
        return Outcome((attempt,), fault=_compute_fault(request.instance_uuid, attempt.failure))

    attempts: list[Attempt] = []
    while True:
        tried = {a.host for a in attempts}
        candidates = [h for h in services.schedulable(request.zone) if h.name not in tried]
        if not candidates:
            return Outcome(tuple(attempts), fault=_conductor_fault(NO_VALID_HOST, "NoValidHost"))
        host = sorted(candidates, key=lambda h: -free_ram(h.name))[0]  # stable: ties keep compute-node order
        attempt = spawn(host)
        attempts.append(attempt)
        if attempt.failure is None:
            return Outcome(tuple(attempts), host=attempt.host)
        if attempt.failure.abort or max_attempts == 1:
            return Outcome(tuple(attempts), fault=_compute_fault(request.instance_uuid, attempt.failure))
        if len(attempts) >= max_attempts:
            reason = (f"Exceeded max scheduling attempts {max_attempts} for instance {request.instance_uuid}. "
                      f"Last exception: {attempt.failure.reason}")
            return Outcome(tuple(attempts), fault=_conductor_fault(
                f"Exceeded maximum number of retries. {reason}", "MaxRetriesExceeded"))
