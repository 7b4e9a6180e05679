"""The one waiter for the cloud's resources: deadline-based, fails fast on failure states with the cloud's fault.

`fetch` returns the resource's current state as the SDK sees it, or None once it is gone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from openstack import exceptions

from lxdstack.errors import CloudTimeout, ResourceFailed, ResourceVanished
from lxdstack.timeouts import Timeouts
from lxdstack.waiters import poll_until

Fetch = Callable[[], Any]


def fetch_or_none(get: Callable[[str], Any], resource_id: str) -> Any:
    """`get(resource_id)` as the cloud shows the resource now, or None once it answers 404."""
    try:
        return get(resource_id)
    except exceptions.NotFoundException:
        return None


def _fault(resource: Any) -> tuple[str, dict]:
    fault = getattr(resource, "fault", None) or {}
    if not isinstance(fault, dict):
        return str(fault), {}
    return fault.get("message", ""), fault


def wait_for_status(fetch: Fetch, what: str, ready: str, timeout: float, failures: tuple[str, ...] = ("ERROR",),
                    interval: float = 0.25, max_interval: float = 5.0,
                    explain: Callable[[Any], str] | None = None) -> Any:
    """Poll until the resource's status is `ready`; `ResourceFailed` at once on a failure status (with the
    cloud's fault, or what `explain(resource)` finds where the cloud keeps the reason elsewhere, as Cinder does),
    `ResourceVanished` if it is gone, `CloudTimeout` naming the last status at the deadline."""
    started = time.monotonic()
    last: dict[str, Any] = {}

    def settled() -> bool:
        resource = fetch()
        if resource is None:
            raise ResourceVanished(f"{what} disappeared while waiting for it to become {ready}")
        status = str(resource.status).upper()
        last.update(status=status, resource=resource)
        if status in failures:
            message, fault = (explain(resource), {}) if explain else _fault(resource)
            raise ResourceFailed(what, status, message, fault)
        return status == ready.upper()

    if not poll_until(settled, timeout, interval, max_interval):
        raise CloudTimeout(f"timed out after {time.monotonic() - started:.0f} s waiting for {what} to become "
                           f"{ready} (status {last.get('status', 'unknown')})")
    return last["resource"]


def wait_for_gone(fetch: Fetch, what: str, timeout: float, interval: float = 0.25, max_interval: float = 5.0) -> None:
    """Poll until `fetch()` returns None; `CloudTimeout` naming the last status at the deadline."""
    started = time.monotonic()
    last: dict[str, str] = {}

    def gone() -> bool:
        resource = fetch()
        if resource is not None:
            last["status"] = str(getattr(resource, "status", "present"))
        return resource is None

    if not poll_until(gone, timeout, interval, max_interval):
        raise CloudTimeout(f"timed out after {time.monotonic() - started:.0f} s waiting for {what} to be deleted "
                           f"(status {last.get('status', 'unknown')})")


def delete_until_gone(delete: Callable[[], Any], fetch: Fetch, what: str, timeout: float, timeouts: Timeouts) -> None:
    """Ask for the deletion (idempotent: `delete` ignores a resource already gone), then wait until `fetch()` finds
    nothing."""
    delete()
    wait_for_gone(fetch, what, timeout=timeout, interval=timeouts.poll_interval,
                  max_interval=timeouts.poll_interval_max)
