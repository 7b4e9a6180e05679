"""Keystone v3 role grants on projects and domains, and the role assignment report (all admin-only in Newton)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.core.http import json_response, no_content, query_flag
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.identity import views
from lxdstack.cloud.identity.handlers import admin, listing, self_url, v3_url
from lxdstack.cloud.identity.models import Assignment


def _assignment(request: Request) -> Assignment:
    params = request.path_params
    return Assignment(
        role_id=params["role_id"],
        user_id=params["user_id"],
        project_id=params.get("project_id"),
        domain_id=params.get("domain_id"),
    )


async def grant(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:create_grant")
    cloud.identity.directory.grant(_assignment(request))
    return no_content()


async def check_grant(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:check_grant")
    cloud.identity.directory.check_grant(_assignment(request))
    return no_content()


async def revoke_grant(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:revoke_grant")
    cloud.identity.revoke_grant(_assignment(request))
    return no_content()


async def list_grants(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:list_grants")
    params = request.path_params
    directory = cloud.identity.directory
    directory.user(params["user_id"])
    if "project_id" in params:
        directory.project(params["project_id"])
    else:
        directory.domain(params["domain_id"])
    roles = directory.roles_on(params["user_id"], project_id=params.get("project_id"),
                               domain_id=params.get("domain_id"))
    return listing(request, "roles", roles, views.role)


async def list_role_assignments(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:list_role_assignments")
    q = request.query_params
    found = cloud.identity.directory.list_assignments(
        user_id=q.get("user.id"),
        role_id=q.get("role.id"),
        project_id=q.get("scope.project.id"),
        domain_id=q.get("scope.domain.id"),
    )
    include_names = query_flag(request, "include_names")
    v3 = v3_url(request)
    items = [views.assignment(a, cloud.identity, v3, include_names) for a in found]
    return json_response(views.collection("role_assignments", items, self_url(request)))
