"""Neutron's implemented routes, relative to `/network` (discovery documents are in `discovery.py`).

Anything not listed (floating IPs, subnet pools, quotas, RBAC, QoS, ...) answers 501 naming the route, after the
token check, so a gap never passes for an answer.
"""

from __future__ import annotations

from lxdstack.cloud.core.routing import Route
from lxdstack.cloud.network import agent_handlers as agents
from lxdstack.cloud.network import network_handlers as networks
from lxdstack.cloud.network import port_handlers as ports
from lxdstack.cloud.network import router_handlers as routers
from lxdstack.cloud.network import security_group_handlers as groups

V = "/v2.0"
_NET, _SUB, _PORT = V + "/networks/{network_id}", V + "/subnets/{subnet_id}", V + "/ports/{port_id}"
_ROUTER, _GROUP, _RULE = V + "/routers/{router_id}", V + "/security-groups/{group_id}", V + "/security-group-rules"
_AGENT = V + "/agents/{agent_id}"

ROUTES = [
    Route("GET", V + "/networks", networks.list_networks),
    Route("POST", V + "/networks", networks.create_network),
    Route("GET", _NET, networks.get_network),
    Route("PUT", _NET, networks.update_network),
    Route("DELETE", _NET, networks.delete_network),
    Route("GET", _NET + "/dhcp-agents", agents.list_dhcp_agents),
    Route("GET", V + "/subnets", networks.list_subnets),
    Route("POST", V + "/subnets", networks.create_subnet),
    Route("GET", _SUB, networks.get_subnet),
    Route("PUT", _SUB, networks.update_subnet),
    Route("DELETE", _SUB, networks.delete_subnet),
    Route("GET", V + "/ports", ports.list_ports),
    Route("POST", V + "/ports", ports.create_port),
    Route("GET", _PORT, ports.get_port),
    Route("PUT", _PORT, ports.update_port),
    Route("DELETE", _PORT, ports.delete_port),
    Route("GET", V + "/routers", routers.list_routers),
    Route("POST", V + "/routers", routers.create_router),
    Route("GET", _ROUTER, routers.get_router),
    Route("PUT", _ROUTER, routers.update_router),
    Route("DELETE", _ROUTER, routers.delete_router),
    Route("PUT", _ROUTER + "/add_router_interface", routers.add_router_interface),
    Route("PUT", _ROUTER + "/remove_router_interface", routers.remove_router_interface),
    Route("GET", _ROUTER + "/l3-agents", routers.list_l3_agents),
    Route("GET", V + "/security-groups", groups.list_security_groups),
    Route("POST", V + "/security-groups", groups.create_security_group),
    Route("GET", _GROUP, groups.get_security_group),
    Route("PUT", _GROUP, groups.update_security_group),
    Route("DELETE", _GROUP, groups.delete_security_group),
    Route("GET", _RULE, groups.list_security_group_rules),
    Route("POST", _RULE, groups.create_security_group_rule),
    Route("GET", _RULE + "/{rule_id}", groups.get_security_group_rule),
    Route("DELETE", _RULE + "/{rule_id}", groups.delete_security_group_rule),
    Route("GET", V + "/agents", agents.list_agents),
    Route("GET", _AGENT, agents.get_agent),
    Route("PUT", _AGENT, agents.update_agent),
    Route("GET", _AGENT + "/l3-routers", agents.list_l3_routers),
    Route("GET", _AGENT + "/dhcp-networks", agents.list_dhcp_networks),
    Route("GET", V + "/extensions", agents.list_extensions),
    Route("GET", V + "/extensions/{alias}", agents.get_extension),
]
