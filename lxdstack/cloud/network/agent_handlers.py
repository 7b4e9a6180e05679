"""Neutron v2.0 agents (admin-only, as Newton's policy has them), the agent schedulers' views, and extensions.

A member listing agents gets an empty list (list results are filtered by the per-item `get_agent` rule) and
showing one answers 404; the scheduler sub-resources (`l3-routers`, `dhcp-networks`, `dhcp-agents`) are a 403
naming the rule.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.core.errors import NotFound
from lxdstack.cloud.core.http import json_response
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.network import attributes, errors, views
from lxdstack.cloud.network.common import admin_only, body_of, listed, shown, who_of
from lxdstack.cloud.network.extensions import EXTENSIONS, extension
from lxdstack.cloud.network.models import Agent
from lxdstack.cloud.network.store import Who

_AGENT = {"admin_state_up": attributes.Attr(post=False, convert=attributes.boolean),
          "description": attributes.Attr(post=False)}


def _agent(cloud: CloudState, who: Who, agent_id: str) -> Agent:
    agent = cloud.network.agents.get(agent_id)
    if agent is None:
        raise errors.agent_not_found(agent_id)
    if not who.is_admin:
        raise errors.hidden()
    return agent


async def list_agents(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    now = cloud.clock.now()
    items = [views.agent(a, now, cloud.network) for a in cloud.network.agents.values()] if who.is_admin else []
    return listed(request, items, "agents")


async def get_agent(request: Request, cloud: CloudState) -> Response:
    agent = _agent(cloud, who_of(request, cloud), request.path_params["agent_id"])
    return shown(request, "agent", views.agent(agent, cloud.clock.now(), cloud.network))


async def update_agent(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    body = await body_of(request)
    agent = _agent(cloud, who, request.path_params["agent_id"])
    values = attributes.parse(body, "agent", _AGENT, False, who.project_id, who.is_admin)
    if "admin_state_up" in values:
        agent.admin_state_up = values["admin_state_up"]
    if "description" in values:
        agent.description = values["description"]
    return shown(request, "agent", views.agent(agent, cloud.clock.now(), cloud.network))


async def list_l3_routers(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    admin_only(who, "get_l3-routers")
    agent = _agent(cloud, who, request.path_params["agent_id"])
    routers = [views.router(cloud.network.routers[r], cloud.network, True) for r in agent.router_ids]
    return json_response({"routers": routers})


async def list_dhcp_networks(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    admin_only(who, "get_dhcp-networks")
    agent = _agent(cloud, who, request.path_params["agent_id"])
    networks = [views.network(cloud.network.networks[n], cloud.network, True) for n in agent.network_ids]
    return json_response({"networks": networks})


async def list_dhcp_agents(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    admin_only(who, "get_dhcp-agents")
    network = cloud.network.network(request.path_params["network_id"], who)
    now = cloud.clock.now()
    agents = [views.agent(a, now, cloud.network) for a in cloud.network.agents.values() if network.id in a.network_ids]
    return json_response({"agents": agents})


async def list_extensions(request: Request, cloud: CloudState) -> Response:
    who_of(request, cloud)
    return json_response({"extensions": [extension(*e) for e in EXTENSIONS]})


async def get_extension(request: Request, cloud: CloudState) -> Response:
    who_of(request, cloud)
    alias = request.path_params["alias"]
    for entry in EXTENSIONS:
        if entry[0] == alias:
            return json_response({"extension": extension(*entry)})
    raise NotFound(f"Extension with alias {alias} does not exist")
