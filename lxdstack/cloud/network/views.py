"""JSON shapes of Neutron Newton's resources (ML2 with Open vSwitch and the extensions in extensions.py).

Every resource shows `tenant_id` and `project_id` (Newton's project-id extension), `description`, `created_at`,
`updated_at` (whole seconds and a Z) and `revision_number`. Attributes the default policy keeps for admins
(`provider:*`, `binding:host_id`/`vif_type`/`vif_details`/`profile`, a router's `distributed` and `ha`) are left out
for everyone else. Agents' times are printed as Python prints a datetime (`2016-10-18 09:47:13`), as Neutron does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lxdstack.cloud.network import routers
from lxdstack.cloud.network.models import Agent, Network, Port, Router, Rule, SecurityGroup, Standard, Subnet
from lxdstack.cloud.network.store import Neutron


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def agent_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _standard(r: Standard) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "tenant_id": r.project_id, "project_id": r.project_id,
            "description": r.description, "created_at": stamp(r.created_at), "updated_at": stamp(r.updated_at),
            "revision_number": r.revision_number}


def network(n: Network, neutron: Neutron, is_admin: bool) -> dict[str, Any]:
    served = any(n.id in a.network_ids for a in neutron.agents.values())
    body = {**_standard(n), "admin_state_up": n.admin_state_up, "status": "ACTIVE", "subnets": list(n.subnet_ids),
            "shared": n.shared, "router:external": n.external, "mtu": n.mtu,
            "port_security_enabled": n.port_security_enabled, "availability_zone_hints": [],
            "availability_zones": ["nova"] if served else [], "ipv4_address_scope": None,
            "ipv6_address_scope": None, "tags": []}
    if n.external:
        # auto-allocated-topology, one of Newton's default service plugins, marks external networks
        body["is_default"] = False
    if is_admin:
        body.update({"provider:network_type": n.network_type, "provider:physical_network": n.physical_network,
                     "provider:segmentation_id": n.segmentation_id})
    return body


def subnet(s: Subnet, neutron: Neutron) -> dict[str, Any]:
    return {**_standard(s), "network_id": s.network_id, "ip_version": s.ip_version, "cidr": str(s.cidr),
            "gateway_ip": None if s.gateway_ip is None else str(s.gateway_ip),
            "allocation_pools": [{"start": str(a), "end": str(b)} for a, b in s.pools],
            "enable_dhcp": s.enable_dhcp, "dns_nameservers": list(s.dns_nameservers),
            "host_routes": [dict(r) for r in s.host_routes], "ipv6_ra_mode": None, "ipv6_address_mode": None,
            "subnetpool_id": None, "service_types": [], "tags": []}  # `shared` is not visible on subnets


def port(p: Port, now: datetime, stay_down: bool, is_admin: bool) -> dict[str, Any]:
    body = {**_standard(p), "network_id": p.network_id, "mac_address": p.mac_address,
            "admin_state_up": p.admin_state_up, "status": p.status(now, stay_down),
            "fixed_ips": [{"subnet_id": f.subnet_id, "ip_address": f.ip_address} for f in p.fixed_ips],
            "device_id": p.device_id, "device_owner": p.device_owner, "security_groups": list(p.security_group_ids),
            "port_security_enabled": p.port_security_enabled, "allowed_address_pairs": [], "extra_dhcp_opts": [],
            "binding:vnic_type": "normal", "tags": []}
    if is_admin:
        bound = bool(p.host)
        body.update({"binding:host_id": p.host, "binding:profile": {},
                     "binding:vif_type": "ovs" if bound else "unbound",
                     "binding:vif_details": {"port_filter": True, "ovs_hybrid_plug": True} if bound else {}})
    return body


def router(r: Router, neutron: Neutron, is_admin: bool) -> dict[str, Any]:
    gateway = None
    gw_port = neutron.ports.get(r.gateway_port_id or "")
    if gw_port is not None:
        gateway = {"network_id": gw_port.network_id, "enable_snat": r.enable_snat,
                   "external_fixed_ips": [{"subnet_id": f.subnet_id, "ip_address": f.ip_address}
                                          for f in gw_port.fixed_ips]}
    hosted = any(r.id in a.router_ids for a in neutron.agents.values())
    body = {**_standard(r), "admin_state_up": r.admin_state_up, "status": "ACTIVE",
            "external_gateway_info": gateway, "routes": [dict(x) for x in r.routes], "availability_zone_hints": [],
            "availability_zones": ["nova"] if hosted else [], "flavor_id": None, "tags": []}
    if is_admin:
        body.update({"distributed": False, "ha": False})
    return body


def rule(r: Rule) -> dict[str, Any]:
    created = stamp(r.created_at) if r.created_at else None
    return {"id": r.id, "security_group_id": r.security_group_id, "tenant_id": r.project_id,
            "project_id": r.project_id, "direction": r.direction, "ethertype": r.ethertype, "protocol": r.protocol,
            "port_range_min": r.port_range_min, "port_range_max": r.port_range_max,
            "remote_ip_prefix": r.remote_ip_prefix, "remote_group_id": r.remote_group_id,
            "description": r.description, "created_at": created, "updated_at": created, "revision_number": 1}


def security_group(g: SecurityGroup) -> dict[str, Any]:
    return {**_standard(g), "security_group_rules": [rule(r) for r in g.rules], "tags": []}


def agent(a: Agent, now: datetime, neutron: Neutron) -> dict[str, Any]:
    return {"id": a.id, "agent_type": a.agent_type, "binary": a.binary, "topic": a.topic, "host": a.host,
            "admin_state_up": a.admin_state_up, "created_at": agent_time(a.started_at),
            "started_at": agent_time(a.started_at), "heartbeat_timestamp": agent_time(a.heartbeat(now)),
            "alive": a.alive, "configurations": _reported(a, neutron), "description": a.description,
            "availability_zone": a.availability_zone, "resource_versions": dict(a.resource_versions)}


def _reported(a: Agent, neutron: Neutron) -> dict[str, Any]:
    """The agent's static configuration and the counts Newton's agents add to each report: the L3 agent's
    (l3/agent.py `_report_state`), the DHCP agent's cache (dhcp/agent.py `NetworkCache.get_state`, which holds
    only the networks it enabled, those with a DHCP subnet) and the Open vSwitch agent's devices."""
    counts: dict[str, Any] = {}
    if a.binary == "neutron-l3-agent":
        hosted = [neutron.routers[r] for r in a.router_ids if r in neutron.routers]
        counts = {"routers": len(hosted), "ex_gw_ports": sum(r.gateway_port_id is not None for r in hosted),
                  "interfaces": sum(len(routers.interfaces(neutron, r)) for r in hosted), "floating_ips": 0}
    elif a.binary == "neutron-dhcp-agent":
        enabled = [neutron.networks[n] for n in a.network_ids
                   if n in neutron.networks and neutron.dhcp_enabled(neutron.networks[n])]
        counts = {"networks": len(enabled), "subnets": sum(len(n.subnet_ids) for n in enabled),
                  "ports": sum(p.network_id == n.id for n in enabled for p in neutron.ports.values())}
    elif a.binary == "neutron-openvswitch-agent":
        # ovs_neutron_agent.py `_report_state`: the ports plugged into br-int on its host
        counts = {"devices": sum(p.host == a.host for p in neutron.ports.values()), "in_distributed_mode": False}
    return {**a.configurations, **counts}
