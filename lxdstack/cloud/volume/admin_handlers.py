"""Cinder's os-services, volume types, os-quota-sets and limits (Newton's contrib/services.py, v2/types.py,
contrib/quotas.py, v2/limits.py with contrib/used_limits.py).

Services are admin-only (`volume_extension:services:index` is admin_api). Quotas are readable by anyone for their
own project and by admins for any (authorize_project_context; the hierarchy checks are for nested quotas, which
the seed does not use); an unknown project simply has the defaults. Limits are the caller's project's.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.core.http import json_response
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.volume import errors, validation, views
from lxdstack.cloud.volume.api import Context, endpoint


async def _services(request: Request, cloud: CloudState, ctx: Context) -> Response:
    if not ctx.is_admin:
        raise errors.policy("volume_extension:services:index")
    query = request.query_params
    found = cloud.volumes.services.listing(query.get("host"), query.get("binary", query.get("service")))
    now = cloud.clock.now()
    return json_response({"services": [views.service(s, ctx, now) for s in found]})


async def _types(request: Request, cloud: CloudState, ctx: Context) -> Response:
    public_only = True
    if ctx.is_admin and "is_public" in request.query_params:
        value = request.query_params["is_public"]
        if value.lower() == "none":
            public_only = False
        elif not validation.boolean(value, "is_public"):
            return json_response({"volume_types": []})  # private types only, and the scenario has none
    listed = cloud.volumes.types.listing(public_only)
    return json_response({"volume_types": [views.volume_type(t) for t in listed]})


async def _show_type(request: Request, cloud: CloudState, ctx: Context) -> Response:
    found = cloud.volumes.types.get(request.path_params["type_id"])
    return json_response({"volume_type": views.volume_type(found)})


async def _quotas(request: Request, cloud: CloudState, ctx: Context) -> Response:
    project = request.path_params["target_id"]
    if not ctx.is_admin and project != ctx.project_id:
        raise errors.access_denied()
    wants_usage = validation.boolean(request.query_params.get("usage", False), "usage")
    usage = cloud.volumes.usage(project) if wants_usage else None
    return json_response(views.quota_set(project, cloud.volumes, usage))


async def _quota_defaults(request: Request, cloud: CloudState, ctx: Context) -> Response:
    return json_response(views.quota_set(request.path_params["target_id"], cloud.volumes, None))


async def _limits(request: Request, cloud: CloudState, ctx: Context) -> Response:
    return json_response(views.limits(cloud.volumes, cloud.volumes.usage(ctx.project_id)))


list_services = endpoint(_services)
list_types = endpoint(_types)
get_type = endpoint(_show_type)
get_quotas = endpoint(_quotas)
get_quota_defaults = endpoint(_quota_defaults)
get_limits = endpoint(_limits)
