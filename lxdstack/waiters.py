"""The one polling loop, and the waiter for everything that is not an OpenStack resource (processes, HTTP
services, LXD, Juju). `lxdstack.resources` builds the cloud-resource waiter on the same loop.

Deadline-based. The interval grows with the time already waited (a tenth of it, between `interval` and
`max_interval`), so a short wait is noticed within a fraction of a second and a long one costs few requests,
never overshooting by much more than 10 %. A condition may raise to fail fast on a failure state; that error
propagates at once, it is not retried.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from tenacity import RetryCallState, RetryError, Retrying, retry_if_result, stop_after_delay

from lxdstack.errors import CloudTimeout


def _proportional(interval: float, max_interval: float) -> Callable[[RetryCallState], float]:
    def wait(state: RetryCallState) -> float:
        return min(max_interval, max(interval, 0.1 * (state.seconds_since_start or 0.0)))
    return wait


def poll_until(condition: Callable[[], bool], timeout: float, interval: float = 0.05,
               max_interval: float = 5.0) -> bool:
    """True once `condition()` is true; False when `timeout` seconds pass first."""
    retrying = Retrying(retry=retry_if_result(lambda done: not done), stop=stop_after_delay(timeout),
                        wait=_proportional(interval, max_interval))
    try:
        retrying(condition)
    except RetryError:
        return False
    return True


def wait_until(condition: Callable[[], bool], timeout: float, what: str,
               interval: float = 0.05, max_interval: float = 2.0) -> None:
    """Return once `condition()` is true; `CloudTimeout` after `timeout` seconds."""
    started = time.monotonic()
    if not poll_until(condition, timeout, interval, max_interval):
        raise CloudTimeout(f"timed out after {time.monotonic() - started:.1f} s waiting for {what}")
