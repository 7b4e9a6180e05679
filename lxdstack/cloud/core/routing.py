"""Route tables: each service lists (method, path, handler); this turns them into Starlette routes.

Starlette answers a known path with an unknown method with 405, and redirects on a missing trailing slash. Neither
is what the emulated services do, and a gap in the emulation must never look like a real answer, so every path
accepts every method here and whatever the table does not name ends in `not_implemented` (401 without a valid
token, as the real service's auth middleware would answer first; else 501 naming the route).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route as StarletteRoute

from lxdstack.cloud.core.auth import caller
from lxdstack.cloud.core.errors import NotFound, NotImplementedRoute, service_of
from lxdstack.cloud.core.state import CloudState

Handler = Callable[[Request, CloudState], Awaitable[Response]]

ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


@dataclass(frozen=True)
class Route:
    """One implemented call: `path` is relative to the service's prefix (`""` is the prefix itself)."""

    method: str
    path: str
    handler: Handler


def cloud_of(request: Request) -> CloudState:
    return request.app.state.cloud


async def not_implemented(request: Request) -> Response:
    """What any route the embedded cloud does not emulate answers (after the auth check all services do)."""
    caller(request, cloud_of(request))
    raise NotImplementedRoute(f"The embedded cloud does not implement {request.method} {request.url.path}")


def service_routes(prefix: str, routes: Iterable[Route]) -> list[StarletteRoute]:
    """Starlette routes for one service mounted at `prefix` (`/identity`)."""
    by_path: dict[str, dict[str, Handler]] = {}
    for route in routes:
        by_path.setdefault(prefix + route.path, {})[route.method] = route.handler
    return [StarletteRoute(path, _dispatch(table), methods=ALL_METHODS) for path, table in by_path.items()]


def _dispatch(table: dict[str, Handler]) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        handler = table.get(request.method)
        if handler is None and request.method == "HEAD":
            handler = table.get("GET")  # the server drops the body, as the real services' WSGI stacks do
        if handler is None:
            return await not_implemented(request)
        return await handler(request, cloud_of(request))

    return endpoint


def catch_all(prefixes: Iterable[str]) -> StarletteRoute:
    """The last route: 501 (or 401) under a known service prefix, 404 anywhere else."""
    known = sorted(prefixes)

    async def endpoint(request: Request) -> Response:
        if service_of(request) in known:
            return await not_implemented(request)
        services = ", ".join(f"/{prefix}" for prefix in known)
        raise NotFound(f"The embedded cloud serves nothing at {request.url.path}; its services are under {services}")

    return StarletteRoute("/{path:path}", endpoint, methods=ALL_METHODS)
