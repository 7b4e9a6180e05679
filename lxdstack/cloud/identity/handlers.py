"""Keystone v3 handlers for users, projects, domains and roles: parse, check policy, call the backend, serialise.

Policy follows Newton's policy.json: management and listing need `admin_required`; a user may read itself and list
its own projects; a project-scoped caller may read its project, a domain-scoped one its domain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.core.auth import Caller, caller, forbidden, require_admin
from lxdstack.cloud.core.http import base_url, json_body, json_response, no_content, query_bool
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.identity import errors, views

T = TypeVar("T")


def v3_url(request: Request) -> str:
    return f"{base_url(request)}/identity/v3"


def self_url(request: Request) -> str:
    """A collection's own link: the URL the client asked for, query included."""
    return str(request.url)


def listing(request: Request, key: str, items: Iterable[T], render: Callable[[T, str], dict]) -> Response:
    """A Keystone collection response: `{key: [...], "links": {...}}`, each item rendered with its links."""
    v3 = v3_url(request)
    return json_response(views.collection(key, [render(item, v3) for item in items], self_url(request)))


def admin(request: Request, cloud: CloudState, action: str) -> Caller:
    """The caller, if it may perform the admin-only `action`."""
    who = caller(request, cloud)
    require_admin(who, action)
    return who


async def entity(request: Request, key: str) -> dict:
    """The `{"user": {...}}`-style object of a create or update request."""
    body = await json_body(request)
    if not isinstance(body.get(key), dict):
        raise errors.validation(key, "request body")
    return body[key]


# -- users ---------------------------------------------------------------------------------------------------
async def list_users(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:list_users")
    q = request.query_params
    users = cloud.identity.directory.list_users(
        name=q.get("name"), domain_id=q.get("domain_id"), enabled=query_bool(request, "enabled")
    )
    return listing(request, "users", users, views.user)


async def create_user(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:create_user")
    user = cloud.identity.directory.create_user(await entity(request, "user"))
    return json_response({"user": views.user(user, v3_url(request))}, status=201)


async def get_user(request: Request, cloud: CloudState) -> Response:
    user_id = request.path_params["user_id"]
    who = caller(request, cloud)
    if not who.is_admin and who.user_id != user_id:
        raise forbidden("identity:get_user")
    return json_response({"user": views.user(cloud.identity.directory.user(user_id), v3_url(request))})


async def update_user(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:update_user")
    user = cloud.identity.update_user(request.path_params["user_id"], await entity(request, "user"))
    return json_response({"user": views.user(user, v3_url(request))})


async def delete_user(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:delete_user")
    cloud.identity.delete_user(request.path_params["user_id"])
    return no_content()


async def list_user_projects(request: Request, cloud: CloudState) -> Response:
    user_id = request.path_params["user_id"]
    who = caller(request, cloud)
    if not who.is_admin and who.user_id != user_id:
        raise forbidden("identity:list_user_projects")
    directory = cloud.identity.directory
    directory.user(user_id)
    projects = directory.projects_of(user_id)
    return listing(request, "projects", projects, views.project)


# -- projects ------------------------------------------------------------------------------------------------
async def list_projects(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:list_projects")
    q = request.query_params
    projects = cloud.identity.directory.list_projects(
        name=q.get("name"), domain_id=q.get("domain_id"), enabled=query_bool(request, "enabled"),
        parent_id=q.get("parent_id"),
    )
    return listing(request, "projects", projects, views.project)


async def create_project(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:create_project")
    project = cloud.identity.directory.create_project(await entity(request, "project"))
    return json_response({"project": views.project(project, v3_url(request))}, status=201)


async def get_project(request: Request, cloud: CloudState) -> Response:
    project_id = request.path_params["project_id"]
    who = caller(request, cloud)
    if not who.is_admin and who.token.project_id != project_id:
        raise forbidden("identity:get_project")
    return json_response({"project": views.project(cloud.identity.directory.project(project_id), v3_url(request))})


async def update_project(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:update_project")
    project = cloud.identity.update_project(request.path_params["project_id"], await entity(request, "project"))
    return json_response({"project": views.project(project, v3_url(request))})


async def delete_project(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:delete_project")
    cloud.identity.delete_project(request.path_params["project_id"])
    return no_content()


# -- domains and roles ---------------------------------------------------------------------------------------
async def list_domains(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:list_domains")
    name = request.query_params.get("name")
    domains = [d for d in cloud.identity.directory.domains.values() if name in (None, d.name)]
    return listing(request, "domains", domains, views.domain)


async def get_domain(request: Request, cloud: CloudState) -> Response:
    domain_id = request.path_params["domain_id"]
    who = caller(request, cloud)
    directory = cloud.identity.directory
    scope_domain = who.token.domain_id or (
        directory.projects[who.token.project_id].domain_id if who.token.project_id else None
    )
    if not who.is_admin and scope_domain != domain_id:
        raise forbidden("identity:get_domain")
    return json_response({"domain": views.domain(directory.domain(domain_id), v3_url(request))})


async def list_roles(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:list_roles")
    name = request.query_params.get("name")
    roles = [r for r in cloud.identity.directory.roles.values() if name in (None, r.name)]
    return listing(request, "roles", roles, views.role)


async def get_role(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:get_role")
    role = cloud.identity.directory.role(request.path_params["role_id"])
    return json_response({"role": views.role(role, v3_url(request))})
