"""Retry only named transient errors, with a deadline. An assertion or a 4xx is never retried."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from keystoneauth1 import exceptions as ksa_exceptions
from openstack import exceptions as sdk_exceptions
from tenacity import Retrying, retry_if_exception, stop_after_delay, wait_exponential

T = TypeVar("T")
TRANSIENT_STATUS = frozenset({502, 503, 504})


def _status(exc: BaseException) -> int | None:
    if isinstance(exc, sdk_exceptions.HttpException):
        return exc.status_code
    if isinstance(exc, ksa_exceptions.HttpError):
        return exc.http_status
    return None


def is_transient(exc: BaseException) -> bool:
    """502/503/504, or a connection reset mid-request. A refused connection is not: nothing listens."""
    if _status(exc) in TRANSIENT_STATUS:
        return True
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ConnectionResetError) or "Connection reset" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def call_with_retry(func: Callable[[], T], deadline: float) -> T:
    """Call `func`, retrying transient errors until `deadline` seconds have passed; re-raise the last error."""
    retrying = Retrying(retry=retry_if_exception(is_transient), stop=stop_after_delay(deadline),
                        wait=wait_exponential(multiplier=0.2, max=5), reraise=True)
    return retrying(func)
