"""Neutron v2.0 routers (the `router` and `ext-gw-mode` extensions): CRUD, gateway, interfaces, and the L3 agents
hosting a router (`l3_agent_scheduler`).

Routers are never shared: a member sees its project's own. Only admins may choose a gateway's addresses or switch
SNAT (`create_router:external_gateway_info:enable_snat` and `...:external_fixed_ips` are `rule:admin_only`).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.core.http import json_response, no_content
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.network import attributes, errors, routers, views
from lxdstack.cloud.network.common import admin_only, body_of, listed, shown, who_of
from lxdstack.cloud.network.models import Router
from lxdstack.cloud.network.store import Who


def _router(cloud: CloudState, who: Who, router_id: str) -> Router:
    router = cloud.network.routers.get(router_id)
    if router is None or not cloud.network.owns(router, who):
        raise errors.router_not_found(router_id)
    return router


def _gateway(values: dict, action: str, who: Who) -> dict | None:
    info = values.get("external_gateway_info")
    if info is None:
        return None
    if not isinstance(info, dict):
        raise errors.invalid_attribute("external_gateway_info", f"Invalid data format for gateway: '{info}'")
    if not who.is_admin:
        for key in ("enable_snat", "external_fixed_ips"):
            if key in info:
                raise errors.policy(f"rule:{action} and rule:{action}:external_gateway_info:{key}")
    if "enable_snat" in info:
        info = {**info, "enable_snat": attributes.boolean(info["enable_snat"])}
    return info


async def list_routers(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    neutron = cloud.network
    items = [views.router(r, neutron, who.is_admin) for r in neutron.routers.values() if neutron.owns(r, who)]
    return listed(request, items, "routers")


async def get_router(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    router = _router(cloud, who, request.path_params["router_id"])
    return shown(request, "router", views.router(router, cloud.network, who.is_admin))


async def create_router(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    values = attributes.parse(await body_of(request), "router", attributes.ROUTER, True, who.project_id,
                              who.is_admin)
    gateway = _gateway(values, "create_router", who)
    router = routers.create_router(cloud.network, values["name"], values["project_id"],
                                   admin_state_up=values["admin_state_up"], description=values["description"])
    try:
        routers.set_gateway(cloud.network, router, gateway, who)
    except Exception:
        routers.delete_router(cloud.network, router)
        raise
    return shown(request, "router", views.router(router, cloud.network, who.is_admin), 201)


async def update_router(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    body = await body_of(request)
    router = _router(cloud, who, request.path_params["router_id"])
    values = attributes.parse(body, "router", attributes.ROUTER, False, who.project_id, who.is_admin)
    for key in ("name", "description", "admin_state_up"):
        if key in values:
            setattr(router, key, values[key])
    if "external_gateway_info" in values:
        routers.set_gateway(cloud.network, router, _gateway(values, "update_router", who), who)
    router.touch(cloud.clock.now())
    return shown(request, "router", views.router(router, cloud.network, who.is_admin))


async def delete_router(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    routers.delete_router(cloud.network, _router(cloud, who, request.path_params["router_id"]))
    return no_content()


async def _interface_body(request: Request) -> dict:
    body = await body_of(request)
    if not isinstance(body, dict):
        raise errors.body_required()
    return body


async def add_router_interface(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    body = await _interface_body(request)
    router = _router(cloud, who, request.path_params["router_id"])
    return json_response(routers.add_interface(cloud.network, router, body, who))


async def remove_router_interface(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    body = await _interface_body(request)
    router = _router(cloud, who, request.path_params["router_id"])
    return json_response(routers.remove_interface(cloud.network, router, body, who))


async def list_l3_agents(request: Request, cloud: CloudState) -> Response:
    """`GET /routers/{id}/l3-agents` (admin): the agents hosting the router, each with its `ha_state`."""
    who = who_of(request, cloud)
    admin_only(who, "get_l3-agents")
    router = _router(cloud, who, request.path_params["router_id"])
    now = cloud.clock.now()
    agents = [{**views.agent(a, now, cloud.network), "ha_state": None} for a in cloud.network.agents.values()
              if router.id in a.router_ids]
    return json_response({"agents": agents})
