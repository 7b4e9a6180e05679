"""The LXD REST API of one host, the part pylxd, nova-lxd and the platform checks read: server, storage pools
and their volumes, profiles, networks, instances (hosts.py says what each host has).

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

from lxdstack.cloud.lxd.hosts import LxdDocuments

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


def _lxd(request: Request) -> LxdDocuments:
    return request.app.state.lxd


def _recursive(request: Request) -> bool:
    return request.query_params.get("recursion", "0") not in ("", "0")


def _listing(request: Request, kind: str, objects: list[dict[str, Any]]) -> Response:
    """A collection: URLs (`/1.0/<kind>/<name>`), or the objects themselves with `?recursion=1`."""
    if _recursive(request):
        return sync(objects)
    return sync([f"/1.0/{kind}/{obj['name']}" for obj in objects])


def _named(objects: list[dict[str, Any]], name: str, missing: str) -> Response:
    found = next((obj for obj in objects if obj["name"] == name), None)
    if found is None:
        raise LxdError(404, missing)
    return sync(found)


def _networks(request: Request) -> list[dict[str, Any]]:
    networks = _lxd(request).networks()
    if networks is None:  # a compute host's LXD: networks are not emulated there
        raise LxdError(501, "not implemented")
    return networks


async def root(request: Request) -> Response:
    return sync(["/1.0"])


async def server(request: Request) -> Response:
    return sync(_lxd(request).server())


async def storage_pools(request: Request) -> Response:
    return _listing(request, "storage-pools", _lxd(request).storage_pools())


async def storage_pool(request: Request) -> Response:
    return _named(_lxd(request).storage_pools(), request.path_params["name"], "Storage pool not found")


async def profiles(request: Request) -> Response:
    return _listing(request, "profiles", _lxd(request).profiles())


async def profile(request: Request) -> Response:
    return _named(_lxd(request).profiles(), request.path_params["name"], "Profile not found")


async def networks(request: Request) -> Response:
    return _listing(request, "networks", _networks(request))


async def network(request: Request) -> Response:
    return _named(_networks(request), request.path_params["name"], "Network not found")


VOLUME_TYPES = ("container", "virtual-machine", "image", "custom")


def _volumes(request: Request, kind: str | None = None) -> tuple[str, list[dict[str, Any]]]:
    """The volumes of the pool in the path (of one type if given): 404 for a pool LXD does not have."""
    pool = request.path_params["name"]
    if not any(found["name"] == pool for found in _lxd(request).storage_pools()):
        raise LxdError(404, "Storage pool not found")
    volumes = _lxd(request).volumes(pool)
    if volumes is None:  # the platform's LXD: its machines' volumes are not emulated
        raise LxdError(501, "not implemented")
    if kind is not None and kind not in VOLUME_TYPES:
        raise LxdError(400, f"Invalid storage volume type {kind!r}")
    return pool, [volume for volume in volumes if kind in (None, volume["type"])]


def _volume_listing(request: Request, pool: str, volumes: list[dict[str, Any]]) -> Response:
    if _recursive(request):
        return sync(volumes)
    return sync([f"/1.0/storage-pools/{pool}/volumes/{volume['type']}/{volume['name']}" for volume in volumes])


async def storage_volumes(request: Request) -> Response:
    return _volume_listing(request, *_volumes(request))


async def storage_volumes_of_type(request: Request) -> Response:
    return _volume_listing(request, *_volumes(request, request.path_params["kind"]))


async def storage_volume(request: Request) -> Response:
    _, volumes = _volumes(request, request.path_params["kind"])
    return _named(volumes, request.path_params["volume"], "Storage volume not found")


def _instances(kind: str) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return _listing(request, kind, _lxd(request).instances())

    return endpoint


async def instance(request: Request) -> Response:
    return _named(_lxd(request).instances(), request.path_params["name"], "Instance not found")


async def instance_state(request: Request) -> Response:
    found = _lxd(request).state(request.path_params["name"])
    if found is None:
        _named(_lxd(request).instances(), request.path_params["name"], "Instance not found")  # 404 if no such one
        raise LxdError(501, "not implemented")
    return sync(found)


# path -> GET handler; every other method on these paths is 501
GETS: dict[str, Callable[[Request], Awaitable[Response]]] = {
    "/": root,
    "/1.0": server,
    "/1.0/storage-pools": storage_pools,
    "/1.0/storage-pools/{name}": storage_pool,
    "/1.0/storage-pools/{name}/volumes": storage_volumes,
    "/1.0/storage-pools/{name}/volumes/{kind}": storage_volumes_of_type,
    "/1.0/storage-pools/{name}/volumes/{kind}/{volume}": storage_volume,
    "/1.0/profiles": profiles,
    "/1.0/profiles/{name}": profile,
    "/1.0/networks": networks,
    "/1.0/networks/{name}": network,
    "/1.0/containers": _instances("containers"),
    "/1.0/instances": _instances("instances"),
    "/1.0/containers/{name}": instance,
    "/1.0/instances/{name}": instance,
    "/1.0/containers/{name}/state": instance_state,
    "/1.0/instances/{name}/state": instance_state,
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


def build_lxd_app(lxd: LxdDocuments) -> ASGIApp:
    """The LXD API answering from `lxd`: a compute host's (hosts.ComputeHostLxd) or the platform's."""
    routes = [Route(path, _endpoint(handler), methods=ALL_METHODS) for path, handler in GETS.items()]
    app = Starlette(routes=[*routes, Route("/{path:path}", _elsewhere, methods=ALL_METHODS)],
                    exception_handlers={LxdError: _on_lxd_error, Exception: _on_crash})
    app.state.lxd = lxd
    return app
