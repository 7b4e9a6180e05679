"""Retry only named transient errors, with a deadline. An assertion, a 4xx or a 500 is never retried.

Transient means: 502/503/504 (a load balancer with no healthy backend, an API unit restarting), a connection
reset mid-request, or one request that got no answer within its own timeout. Only idempotent calls are retried as
they are; a create is retried through `create_once`, which first looks the resource up by its unique name, so a
retry never makes a duplicate that nothing cleans up. Every retry is logged (`lxdstack.retry`) and shown as a step
in the Allure report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import allure
from keystoneauth1 import exceptions as ksa_exceptions
from openstack import exceptions as sdk_exceptions
from tenacity import RetryCallState, Retrying, retry_if_exception, retry_if_result, stop_after_delay, wait_exponential

from lxdstack.errors import CloudTimeout

T = TypeVar("T")
TRANSIENT_STATUS = frozenset({502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
LOG = logging.getLogger("lxdstack.retry")


class RequestTimedOut(CloudTimeout):
    """One HTTP request got no answer within its timeout (and its retries, if it was idempotent)."""


def _status(exc: BaseException) -> int | None:
    if isinstance(exc, sdk_exceptions.HttpException):
        return exc.status_code
    if isinstance(exc, ksa_exceptions.HttpError):
        return exc.http_status
    return None


def is_transient(exc: BaseException) -> bool:
    """502/503/504, a connection reset, or a request timeout. A refused connection is not: nothing listens."""
    if _status(exc) in TRANSIENT_STATUS or isinstance(exc, (ksa_exceptions.ConnectTimeout, RequestTimedOut)):
        return True
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ConnectionResetError) or "Connection reset" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _is_transient_response(response: object) -> bool:
    return getattr(response, "status_code", None) in TRANSIENT_STATUS


def _note(what: str) -> Callable[[RetryCallState], None]:
    def before_sleep(state: RetryCallState) -> None:
        outcome = state.outcome
        cause = (f"{type(outcome.exception()).__name__}: {outcome.exception()}" if outcome.failed
                 else f"HTTP {outcome.result().status_code}")
        text = (f"retry {state.attempt_number + 1} of {what} in {state.upcoming_sleep:.1f} s "
                f"after a transient error ({cause})")
        LOG.warning(text)
        with allure.step(text):
            pass

    return before_sleep


def _policy(deadline: float, what: str, **options) -> Retrying:
    """The one retry policy: transient errors only, a growing pause (0.2 s doubling, at most 5 s), a deadline,
    and every retry noted."""
    return Retrying(retry=options.pop("retry", retry_if_exception(is_transient)), stop=stop_after_delay(deadline),
                    wait=wait_exponential(multiplier=0.2, max=5), before_sleep=_note(what), **options)


def call_with_retry(func: Callable[[], T], deadline: float, what: str = "the call") -> T:
    """Call `func` (idempotent), retrying transient errors until `deadline` seconds have passed; re-raise the last
    error."""
    return _policy(deadline, what, reraise=True)(func)


def create_once(create: Callable[[], T], find: Callable[[], T | None], what: str, deadline: float) -> T:
    """Create `what` (named uniquely for the run); after a transient failure, return what `find` finds by that
    name, as the create may have happened, and only create again if nothing is there."""

    def attempt() -> T:
        try:
            return create()
        except Exception as exc:
            if not is_transient(exc):
                raise
            found = find()
            if found is not None:
                LOG.warning("%s exists after a transient error on its create: using it", what)
                return found
            raise

    return call_with_retry(attempt, deadline, f"create {what}")


def retrying_requests(send: Callable[..., T], request_timeout: float, deadline: float) -> Callable[..., T]:
    """Wrap keystoneauth's `Session.request` (`send(url, method, **kwargs)`): idempotent methods are retried on
    transient errors and transient statuses until `deadline`; a request that never got an answer ends as
    `RequestTimedOut` naming it. The last transient response is returned as is (openstacksdk then raises it)."""

    def timed_out(method: str, url: str, error: BaseException, attempts: int) -> RequestTimedOut:
        tried = f" ({attempts} attempts within {deadline:.0f} s)" if attempts > 1 else ""
        return RequestTimedOut(f"timed out after {request_timeout:.0f} s waiting for the cloud to answer "
                               f"{method} {url}{tried}: {error}")

    def request(url: str, method: str, **kwargs):
        method = method.upper()
        where = _describe(url, kwargs)
        if method not in IDEMPOTENT_METHODS:
            try:
                return send(url, method, **kwargs)
            except ksa_exceptions.ConnectTimeout as error:
                raise timed_out(method, where, error, 1) from None
        retrying = _policy(deadline, f"{method} {where}",
                           retry=retry_if_exception(is_transient) | retry_if_result(_is_transient_response),
                           retry_error_callback=_last_outcome)
        try:
            return retrying(send, url, method, **kwargs)
        except ksa_exceptions.ConnectTimeout as error:
            raise timed_out(method, where, error, retrying.statistics.get("attempt_number", 1)) from None

    return request


def _last_outcome(state: RetryCallState):
    """At the deadline: the last response as it was, or the last error raised."""
    return state.outcome.result()


def _describe(url: str, kwargs: dict) -> str:
    """The URL as far as it is known before the request: service type and path for openstacksdk's relative ones."""
    if "://" in url:
        return url
    service = (kwargs.get("endpoint_filter") or {}).get("service_type")
    return f"{service or 'cloud'}:{url}"
