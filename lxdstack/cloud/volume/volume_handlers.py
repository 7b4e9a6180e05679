"""Cinder volumes (api/v3/volumes.py over api/v2/volumes.py): create, list, list detail, show, update, delete.

Policy as Newton's policy.json: everything is admin-or-owner, so a volume of another project is a 404 to a
member; listing every project's volumes (`all_tenants`) is for admins, and a member's `all_tenants` is dropped
silently with the other filters members may not use.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.core.http import json_body, json_response
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.volume import errors, validation, views
from lxdstack.cloud.volume.api import Context, ControllerResponse, endpoint
from lxdstack.cloud.volume.models import Volume


def _matches(v: Volume, filters: dict[str, Any], status: str) -> bool:
    checks = {"name": v.name, "status": status, "availability_zone": v.zone, "project_id": v.project_id,
              "user_id": v.user_id, "size": str(v.size)}
    for key, wanted in filters.items():
        if key == "metadata":
            if not isinstance(wanted, dict) or any(v.metadata.get(k) != str(x) for k, x in wanted.items()):
                return False
        elif key == "bootable":
            if str(wanted).lower() in ("true", "t", "yes", "y", "1", "on"):
                return False  # no volume is bootable: none comes from an image
        elif key in checks and checks[key] != wanted:
            return False
    return True


def _listed(request: Request, cloud: CloudState, ctx: Context, collection: str) -> dict:
    query = request.query_params
    validation.paging(query)  # Cinder reads the paging parameters before the filters
    filters = validation.filters(query, ctx.is_admin)
    found: list[Volume] = []
    if filters is not None:
        everyone = ctx.is_admin and validation.boolean(filters.pop("all_tenants", False), "all_tenants")
        if not everyone:
            filters.pop("project_id", None)
        now = cloud.clock.now()
        found = [v for v in cloud.volumes.listing(None if everyone else ctx.project_id)
                 if _matches(v, filters, v.status(now))]
    page, limit = validation.paged(found, query, lambda v: v.id)
    body: dict = {"volumes": page}
    if page and len(page) == limit:
        params = [(k, v) for k, v in query.multi_items() if k != "marker"] + [("marker", page[-1].id)]
        body["volumes_links"] = [{"rel": "next", "href": f"{ctx.collection(collection)}?{urlencode(params)}"}]
    return body


async def _list(request: Request, cloud: CloudState, ctx: Context) -> Response:
    body = _listed(request, cloud, ctx, "volumes")
    body["volumes"] = [views.volume_summary(v, ctx) for v in body["volumes"]]
    return json_response(body)


async def _list_detail(request: Request, cloud: CloudState, ctx: Context) -> Response:
    body = _listed(request, cloud, ctx, "volumes/detail")
    now = cloud.clock.now()
    body["volumes"] = [views.volume(v, ctx, now, cloud.volumes) for v in body["volumes"]]
    return json_response(body)


def volume_of(request: Request, cloud: CloudState, ctx: Context) -> Volume:
    return cloud.volumes.volume(request.path_params["volume_id"], ctx.project_id, ctx.is_admin)


async def _show(request: Request, cloud: CloudState, ctx: Context) -> Response:
    volume = volume_of(request, cloud, ctx)
    return json_response({"volume": views.volume(volume, ctx, cloud.clock.now(), cloud.volumes)})


async def _create(request: Request, cloud: CloudState, ctx: Context) -> Response:
    spec = validation.create(await json_body(request), cloud.volumes.types, ctx)
    volume = cloud.volumes.create(spec, ctx.project_id, ctx.user_id, ctx.request_id)
    body = views.volume(volume, ctx, cloud.clock.now(), cloud.volumes, created=True, extended=False)
    return json_response({"volume": body}, status=202)


async def _update(request: Request, cloud: CloudState, ctx: Context) -> Response:
    changes = validation.update(await json_body(request))
    volume = volume_of(request, cloud, ctx)
    cloud.volumes.update(volume, changes)
    # the controller's own detail view: the extensions' attributes extend show and detail only
    return json_response({"volume": views.volume(volume, ctx, cloud.clock.now(), cloud.volumes, extended=False)})


async def _delete(request: Request, cloud: CloudState, ctx: Context) -> Response:
    if request.query_params.get("cascade") not in (None, "false", "False", "0"):
        raise errors.gap("deleting a volume with its snapshots (cascade)")
    cloud.volumes.delete(volume_of(request, cloud, ctx))
    return ControllerResponse(202)


list_volumes = endpoint(_list)
list_volumes_detail = endpoint(_list_detail)
get_volume = endpoint(_show)
create_volume = endpoint(_create)
update_volume = endpoint(_update)
delete_volume = endpoint(_delete)
