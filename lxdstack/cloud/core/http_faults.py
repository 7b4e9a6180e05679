"""Faults at the HTTP layer, as a load balancer in front of a sick API service shows them to a client.

Three kinds, each on the requests whose method and path match a rule (scenario key `faults.http`, or set at run
time through the control API):

- a burst: the next `count` matching requests answer `status` (503, say), then the endpoint is healthy again;
- a persistent error: every matching request answers `status` (500, say);
- a hang: the request is accepted and never answered, until the client gives up and closes the connection.

The 503 body is haproxy's own page (the seed's cloud fronts every API with haproxy), so a client sees what it would
see there. The request-id middleware sits outside this one, so even an injected error carries a request id.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

# The longest a hung request holds its connection when the client never closes it.
HANG_LIMIT_SECONDS = 600.0

_HAPROXY_503 = (b"<html><body><h1>503 Service Unavailable</h1>\n"
                b"No server is available to handle this request.\n</body></html>\n")
# webob's text for a 500, as Keystone, Glance and Cinder render it.
_SERVER_ERROR = "The server has either erred or is incapable of performing the requested operation."


@dataclass
class HttpFault:
    """One sick endpoint. `path` is a regular expression searched in the request path; `count` None means every
    matching request (persistent), otherwise how many are left to fail; `served` counts the faults given."""

    path: str
    method: str = "*"
    status: int | None = None
    count: int | None = None
    hang: bool = False
    served: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.count is not None and self.served >= self.count:
            return False
        return self.method in ("*", method) and re.search(self.path, path) is not None


class HttpFaultMiddleware:
    """Answers matching requests with the fault instead of the service; `faults()` gives the rules in force."""

    def __init__(self, app: ASGIApp, faults) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            fault = next((f for f in self.faults() if f.matches(scope["method"], scope["path"])), None)
            if fault is not None:
                fault.served += 1
                if fault.hang:
                    await _hang(receive)
                    return
                await _answer(send, fault.status or 503)
                return
        await self.app(scope, receive, send)


async def _hang(receive: Receive) -> None:
    """Read nothing back to the client: wait until it disconnects (or the limit passes)."""

    async def until_disconnect() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(until_disconnect(), HANG_LIMIT_SECONDS)


async def _answer(send: Send, status: int) -> None:
    if status == 503:
        body, content_type = _HAPROXY_503, b"text/html"
    else:
        error = {"code": status, "title": "Internal Server Error" if status == 500 else "Server Error",
                 "message": _SERVER_ERROR}
        body, content_type = json.dumps({"error": error}).encode(), b"application/json"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
