"""What the suite adds to every openstacksdk connection's HTTP: a timeout per request, retries of idempotent calls
on transient errors (lxdstack.retry), and a record of each exchange for the report (lxdstack.exchanges)."""

from __future__ import annotations

import time
from collections.abc import Callable

from openstack.connection import Connection

from lxdstack.exchanges import ExchangeLog, now
from lxdstack.retry import retrying_requests
from lxdstack.timeouts import Timeouts


def instrument(conn: Connection, timeouts: Timeouts, exchanges: ExchangeLog | None = None) -> Connection:
    """Instrument `conn`'s keystoneauth session in place (every proxy and the auth plugin go through it)."""
    session = conn.session
    session.timeout = timeouts.api_call
    send = session.request
    if exchanges is not None:
        send = _recording(send, exchanges)
    session.request = retrying_requests(send, timeouts.api_call, timeouts.retry_deadline)
    return conn


def _recording(send: Callable, exchanges: ExchangeLog) -> Callable:
    def request(url: str, method: str, **kwargs):
        started, clock = now(), time.monotonic()
        body = kwargs.get("json", kwargs.get("data"))
        try:
            response = send(url, method, **kwargs)
        except Exception as error:
            exchanges.record(method, url, started, time.monotonic() - clock, request_body=body, error=error)
            raise
        exchanges.record(method, getattr(response, "url", url), started, time.monotonic() - clock,
                         request_body=body, response=response)
        return response

    return request
