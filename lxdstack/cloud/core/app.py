"""The embedded cloud's ASGI app: every service under its path prefix on one port, as DevStack lays them out.

Outermost is the request-id middleware, so that every response, even Starlette's last-resort 500, carries
`x-openstack-request-id` as the real services' oslo middleware adds it. Inside it, headers a service puts on every
answer of its own (Keystone's `Vary: X-Auth-Token`, errors and discovery included) are added by path prefix.
"""

from __future__ import annotations

import uuid
from types import ModuleType

from starlette.applications import Starlette
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lxdstack.cloud.compute import discovery as compute_discovery
from lxdstack.cloud.compute import routes as compute_routes
from lxdstack.cloud.control import routes as control_routes
from lxdstack.cloud.core.discovery import discovery_routes
from lxdstack.cloud.core.errors import CloudError, on_cloud_error, on_crash
from lxdstack.cloud.core.http_faults import HttpFaultMiddleware
from lxdstack.cloud.core.routing import Route, catch_all, service_routes
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.identity import discovery as identity_discovery
from lxdstack.cloud.identity import routes as identity_routes
from lxdstack.cloud.image import discovery as image_discovery
from lxdstack.cloud.image import routes as image_routes
from lxdstack.cloud.network import discovery as network_discovery
from lxdstack.cloud.network import routes as network_routes
from lxdstack.cloud.volume import discovery as volume_discovery
from lxdstack.cloud.volume import routes as volume_routes

# prefix → the service's discovery module (DOCUMENTS, PATHS)
DISCOVERY: dict[str, ModuleType] = {
    "identity": identity_discovery,
    "compute": compute_discovery,
    "image": image_discovery,
    "network": network_discovery,
    "volume": volume_discovery,
}
# prefix → headers on every answer under it: Newton Keystone's render_response (keystone/common/wsgi.py), which
# renders its errors and version documents too, always adds `Vary: X-Auth-Token`.
SERVICE_HEADERS: dict[str, list[tuple[bytes, bytes]]] = {
    "identity": [(b"vary", b"X-Auth-Token")],
}
# prefix → the service's other implemented routes
ROUTES: dict[str, list[Route]] = {
    "identity": identity_routes.ROUTES,
    "compute": compute_routes.ROUTES,
    "image": image_routes.ROUTES,
    "network": network_routes.ROUTES,
    "volume": volume_routes.ROUTES,
}


def _routes_by_prefix() -> dict[str, list[Route]]:
    documents = {prefix: module.DOCUMENTS for prefix, module in DISCOVERY.items()}
    return {
        prefix: discovery_routes(prefix, module.PATHS, documents) + ROUTES.get(prefix, [])
        for prefix, module in DISCOVERY.items()
    }


def implemented_routes() -> list[tuple[str, str]]:
    """(method, path) of every route the embedded cloud emulates, for documentation (control routes apart)."""
    return [
        (route.method, f"/{prefix}{route.path}")
        for prefix, routes in _routes_by_prefix().items()
        for route in routes
    ]


def control_route_list() -> list[tuple[str, str]]:
    """(method, path) of the control API, which no real cloud has."""
    return [(route.method, f"/{control_routes.PREFIX}{route.path}") for route in control_routes.ROUTES]


def build_app(cloud: CloudState) -> ASGIApp:
    """The ASGI app serving `cloud`."""
    routes = [r for prefix, table in _routes_by_prefix().items() for r in service_routes(f"/{prefix}", table)]
    routes += service_routes(f"/{control_routes.PREFIX}", control_routes.ROUTES)
    app = Starlette(
        routes=[*routes, catch_all(DISCOVERY)],
        exception_handlers={CloudError: on_cloud_error, Exception: on_crash},
    )
    app.state.cloud = cloud
    return RequestIdMiddleware(HttpFaultMiddleware(ServiceHeadersMiddleware(app), lambda: cloud.faults.http))


class RequestIdMiddleware:
    """Adds `x-openstack-request-id: req-<uuid4>` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = f"req-{uuid.uuid4()}".encode()
        # Services that record the id (Nova's instance actions) read it from the request's state.
        scope.setdefault("state", {})["request_id"] = request_id.decode()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"x-openstack-request-id", request_id)]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_id)


class ServiceHeadersMiddleware:
    """Adds `SERVICE_HEADERS` of the service a request addressed (by its first path segment) to the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        extra = SERVICE_HEADERS.get(scope["path"].split("/", 2)[1]) if scope["type"] == "http" else None
        if not extra:
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
