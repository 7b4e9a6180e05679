"""The LXD REST API of one compute host, the part pylxd (and nova-lxd) read: server, storage pools, profiles.

Served on the host's own unix socket, like `/var/lib/lxd/unix.socket`, where LXD trusts every caller: no token
here. Answers use LXD's envelopes: `sync` with the payload in `metadata`, or `error` with `error_code` equal to
the HTTP status. Any other path under `/1.0`, or a method other than GET, answers 501 `not implemented` (LXD's
own answer for a method an endpoint lacks), so a gap never passes for an answer; outside `/1.0` it is 404.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.lxd import documents
from lxdstack.cloud.scenario import Host

ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class LxdError(Exception):
    """An LXD error response: `code` is both the HTTP status and `error_code`."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def sync(metadata: Any) -> Response:
    return JSONResponse({"type": "sync", "status": "Success", "status_code": 200, "operation": "", "error_code": 0,
                         "error": "", "metadata": metadata})


def error(code: int, message: str) -> Response:
    return JSONResponse({"type": "error", "status": "", "status_code": 0, "operation": "", "error_code": code,
                         "error": message, "metadata": None}, status_code=code)


def _host(request: Request) -> Host:
    cloud: CloudState = request.app.state.cloud
    name = request.app.state.host_name
    return next(host for host in cloud.scenario.compute.hosts if host.name == name)


def _recursive(request: Request) -> bool:
    return request.query_params.get("recursion", "0") not in ("", "0")


def _listing(request: Request, kind: str, objects: list[dict[str, Any]]) -> Response:
    """A collection: URLs (`/1.0/<kind>/<name>`), or the objects themselves with `?recursion=1`."""
    if _recursive(request):
        return sync(objects)
    return sync([f"/1.0/{kind}/{obj['name']}" for obj in objects])


async def root(request: Request) -> Response:
    return sync(["/1.0"])


async def server(request: Request) -> Response:
    return sync(documents.server(_host(request)))


async def storage_pools(request: Request) -> Response:
    host = _host(request)
    return _listing(request, "storage-pools", [documents.storage_pool(host, pool) for pool in host.pools()])


async def storage_pool(request: Request) -> Response:
    host = _host(request)
    name = request.path_params["name"]
    pool = next((p for p in host.pools() if p.name == name), None)
    if pool is None:
        raise LxdError(404, "Storage pool not found")
    return sync(documents.storage_pool(host, pool))


async def profiles(request: Request) -> Response:
    return _listing(request, "profiles", [documents.default_profile(_host(request))])


async def profile(request: Request) -> Response:
    if request.path_params["name"] != "default":
        raise LxdError(404, "Profile not found")
    return sync(documents.default_profile(_host(request)))


def _instances(kind: str) -> Callable[[Request], Awaitable[Response]]:
    # No containers yet: instances nova-lxd would create are not mirrored here.
    async def endpoint(request: Request) -> Response:
        return _listing(request, kind, [])

    return endpoint


async def instance(request: Request) -> Response:
    raise LxdError(404, "Instance not found")  # true to the empty listing above


# path -> GET handler; every other method on these paths is 501
GETS: dict[str, Callable[[Request], Awaitable[Response]]] = {
    "/": root,
    "/1.0": server,
    "/1.0/storage-pools": storage_pools,
    "/1.0/storage-pools/{name}": storage_pool,
    "/1.0/profiles": profiles,
    "/1.0/profiles/{name}": profile,
    "/1.0/containers": _instances("containers"),
    "/1.0/instances": _instances("instances"),
    "/1.0/containers/{name}": instance,
    "/1.0/instances/{name}": instance,
}


def _endpoint(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            raise LxdError(501, "not implemented")
        project = request.query_params.get("project", "default")
        if project != "default":
            raise LxdError(404, "Project not found")
        return await handler(request)

    return endpoint


async def _elsewhere(request: Request) -> Response:
    if request.url.path.startswith("/1.0/"):
        raise LxdError(501, "not implemented")
    raise LxdError(404, "not found")


async def _on_lxd_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LxdError)
    return error(exc.code, exc.message)


async def _on_crash(request: Request, exc: Exception) -> Response:
    return error(500, f"The embedded cloud failed: {type(exc).__name__}: {exc}")


def build_lxd_app(cloud: CloudState, host_name: str) -> ASGIApp:
    """The LXD API of `host_name`, one of the scenario's compute hosts, reading `cloud`."""
    routes = [Route(path, _endpoint(handler), methods=ALL_METHODS) for path, handler in GETS.items()]
    app = Starlette(routes=[*routes, Route("/{path:path}", _elsewhere, methods=ALL_METHODS)],
                    exception_handlers={LxdError: _on_lxd_error, Exception: _on_crash})
    app.state.cloud = cloud
    app.state.host_name = host_name
    return app
