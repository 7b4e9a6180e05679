"""Nova servers (Newton's servers.py): create, list, show, rename, delete.

Policy as Newton's defaults: everything is admin-or-owner (a member sees and changes only its project's servers,
anything else is a 404), except listing all projects (`all_tenants`) and forcing a host, which are admin-only.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.compute import backend, networks, server_create, server_views, validation
from lxdstack.cloud.compute.api import Context, endpoint
from lxdstack.cloud.compute.common import paginate, require_admin
from lxdstack.cloud.compute.servers import Server
from lxdstack.cloud.core.errors import BadRequest
from lxdstack.cloud.core.http import json_body, json_response
from lxdstack.cloud.core.state import CloudState

# every status Nova's _STATE_MAP can show; 2.38 made any other status filter a 400
_STATUSES = {"ACTIVE", "BUILD", "REBUILD", "ERROR", "DELETED", "SOFT_DELETED", "SHUTOFF", "SUSPENDED", "PAUSED",
             "RESCUE", "RESIZE", "VERIFY_RESIZE", "REVERT_RESIZE", "MIGRATING", "REBOOT", "HARD_REBOOT",
             "PASSWORD", "SHELVED", "SHELVED_OFFLOADED", "UNKNOWN"}
_UPDATE_KEYS = ("name", "accessIPv4", "accessIPv6", "OS-DCF:diskConfig")


def _all_tenants(request: Request) -> bool:
    """common.is_all_tenants: present without a value means yes; otherwise a strict boolean."""
    if "all_tenants" not in request.query_params:
        return False
    value = request.query_params["all_tenants"].lower()
    if value in ("", "1", "t", "true", "on", "y", "yes"):
        return True
    if value in ("0", "f", "false", "off", "n", "no"):
        return False
    raise BadRequest(f"Invalid value '{request.query_params['all_tenants']}' for all_tenants")


def _matches(pattern: str, name: str) -> bool:
    """Nova filters names with the database's REGEXP; an invalid expression falls back to a substring."""
    try:
        return re.search(pattern, name) is not None
    except re.error:
        return pattern in name


def _filtered(request: Request, cloud: CloudState, ctx: Context, detail: bool) -> list[Server]:
    params = request.query_params
    project: str | None = ctx.project_id
    if _all_tenants(request):
        require_admin(ctx, f"os_compute_api:servers:{'detail' if detail else 'index'}:get_all_tenants")
        project = params.get("project_id") or params.get("tenant_id")
    status = params.get("status", "").upper() or None
    if status is not None and status not in _STATUSES:
        if ctx.since("2.38"):
            raise BadRequest("Invalid status value")
        return []
    now = cloud.clock.now()
    found = []
    for server in cloud.compute.listing(project):
        phase = server.phase(now)
        if "name" in params and not _matches(params["name"], server.name):
            continue
        if status is not None and phase.status != status:
            continue
        if "image" in params and params["image"].rstrip("/").rsplit("/", 1)[-1] != server.image_id:
            continue
        if "flavor" in params and params["flavor"].rstrip("/").rsplit("/", 1)[-1] != server.flavor.flavorid:
            continue
        if ctx.is_admin and "host" in params and params["host"] != phase.host:
            continue
        found.append(server)
    return found


async def _list(request: Request, cloud: CloudState, ctx: Context) -> Response:
    servers, links = paginate(request, ctx, _filtered(request, cloud, ctx, False), lambda s: s.uuid, "servers")
    body: dict[str, Any] = {"servers": [server_views.brief(s, ctx) for s in servers]}
    if links:
        body["servers_links"] = links
    return json_response(body)


async def _list_detail(request: Request, cloud: CloudState, ctx: Context) -> Response:
    servers, links = paginate(request, ctx, _filtered(request, cloud, ctx, True), lambda s: s.uuid,
                              "servers/detail")
    now = cloud.clock.now()
    body: dict[str, Any] = {"servers": [_detail(s, ctx, now, cloud) for s in servers]}
    if links:
        body["servers_links"] = links
    return json_response(body)


def server_of(request: Request, cloud: CloudState, ctx: Context) -> Server:
    return cloud.compute.server(request.path_params["server_id"], ctx.project_id, ctx.is_admin)


def _detail(server: Server, ctx: Context, now: datetime, cloud: CloudState) -> dict:
    return server_views.detail(server, ctx, now, cloud.compute.services, networks.addresses(cloud, server),
                               networks.security_groups(cloud, server))


async def _show(request: Request, cloud: CloudState, ctx: Context) -> Response:
    server = server_of(request, cloud, ctx)
    return json_response({"server": _detail(server, ctx, cloud.clock.now(), cloud)})


async def _create(request: Request, cloud: CloudState, ctx: Context) -> Response:
    spec, password, wants_reservation = server_create.parse(await json_body(request), cloud, ctx)
    server = cloud.compute.create_server(spec, ctx.project_id, ctx.user_id, ctx.request_id)
    if spec.networks is not None:
        networks.attach(cloud, server, spec.networks)
    if wants_reservation:
        return json_response({"reservation_id": server.reservation_id}, status=202)
    body = server_views.created(server, ctx, password or backend.admin_password())
    location = ctx.links("servers", server.uuid)[0]["href"]
    return json_response({"server": body}, status=202, headers={"Location": location})


async def _update(request: Request, cloud: CloudState, ctx: Context) -> Response:
    body = await json_body(request)
    validation.only(body, None, ("server",))
    changes = validation.member(body, "server")
    validation.only(changes, "server", (*_UPDATE_KEYS, "description") if ctx.since("2.19") else _UPDATE_KEYS)
    server = server_of(request, cloud, ctx)
    now = cloud.clock.now()
    if "name" in changes:
        cloud.compute.rename(server, validation.name(changes["name"]), now)
    if "description" in changes:
        server.description = changes["description"]
    for key, attribute in (("accessIPv4", "access_ipv4"), ("accessIPv6", "access_ipv6")):
        if key in changes:
            setattr(server, attribute, str(changes[key] or ""))
    return json_response({"server": _detail(server, ctx, now, cloud)})


async def _delete(request: Request, cloud: CloudState, ctx: Context) -> Response:
    server = server_of(request, cloud, ctx)
    cloud.compute.delete_server(server)
    networks.release(cloud, server)
    cloud.volumes.detach_all(server.uuid)  # the compute manager's shutdown detaches every volume
    return Response(status_code=204)


list_servers = endpoint(_list)
list_servers_detail = endpoint(_list_detail)
get_server = endpoint(_show)
create_server = endpoint(_create)
update_server = endpoint(_update)
delete_server = endpoint(_delete)
