"""The one waiter for everything that is not an OpenStack resource (processes, HTTP services, LXD, Juju).

Deadline-based: it polls `condition` with a growing interval and raises `CloudTimeout` naming what it waited
for. A condition may raise to fail fast on a failure state; that error propagates at once, it is not retried.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from tenacity import RetryError, Retrying, retry_if_result, stop_after_delay, wait_exponential

from lxdstack.errors import CloudTimeout


def wait_until(condition: Callable[[], bool], timeout: float, what: str,
               interval: float = 0.05, max_interval: float = 2.0) -> None:
    """Return once `condition()` is true; `CloudTimeout` after `timeout` seconds."""
    started = time.monotonic()
    retrying = Retrying(retry=retry_if_result(lambda done: not done), stop=stop_after_delay(timeout),
                        wait=wait_exponential(multiplier=interval, max=max_interval))
    try:
        retrying(condition)
    except RetryError:
        raise CloudTimeout(f"timed out after {time.monotonic() - started:.1f} s waiting for {what}") from None
