"""Routers: their gateway on an external network and their interfaces on subnets (Newton's l3_db.py). No HTTP.

A new router is scheduled to a live L3 agent (none alive: to none, and its ports stay DOWN). Its gateway port has
no project (Neutron gives it `tenant_id: ""`); an interface port belongs to the subnet's project and takes the
subnet's gateway address.
"""

from __future__ import annotations

from lxdstack.cloud.network import errors
from lxdstack.cloud.network.models import OWNER_ROUTER_GATEWAY, OWNER_ROUTER_INTERFACE, Agent, Port, Router, new_id
from lxdstack.cloud.network.store import Neutron, PortRequest, Who


def hosting_agent(neutron: Neutron, router: Router) -> Agent | None:
    return next((a for a in neutron.agents.values() if router.id in a.router_ids), None)


def create_router(neutron: Neutron, name: str, project_id: str, *, admin_state_up: bool = True,
                  description: str = "") -> Router:
    now = neutron.clock.now()
    router = Router(id=new_id(), name=name, project_id=project_id, created_at=now, updated_at=now,
                    description=description, admin_state_up=admin_state_up)
    neutron.routers[router.id] = router
    agent = next((a for a in neutron.agents.values() if a.binary == "neutron-l3-agent" and a.alive
                  and a.admin_state_up), None)
    if agent is not None:
        agent.router_ids.append(router.id)
    return router


def _router_port(neutron: Neutron, router: Router, request: PortRequest) -> Port:
    agent = hosting_agent(neutron, router)
    request.host = agent.host if agent is not None else ""
    return neutron.create_port(request, active=agent is not None and agent.alive)


def set_gateway(neutron: Neutron, router: Router, info: dict | None, who: Who) -> None:
    """`external_gateway_info`: None or {} clears it; else a network that must be external."""
    if router.gateway_port_id is not None:
        gateway = neutron.ports.get(router.gateway_port_id)
        if gateway is not None and info and info.get("network_id") == gateway.network_id \
                and "external_fixed_ips" not in info:
            router.enable_snat = bool(info.get("enable_snat", router.enable_snat))
            return
        if gateway is not None:
            neutron.delete_port(gateway)
        router.gateway_port_id = None
    if not info:
        return
    network = neutron.network(str(info.get("network_id")), who)
    if not network.external:
        raise errors.bad_request("router", f"Network {network.id} is not an external network")
    fixed = info.get("external_fixed_ips")
    port = _router_port(neutron, router, PortRequest(
        network.id, "", fixed_ips=list(fixed) if fixed else None, device_id=router.id,
        device_owner=OWNER_ROUTER_GATEWAY))
    router.gateway_port_id = port.id
    router.enable_snat = bool(info.get("enable_snat", True))


def interfaces(neutron: Neutron, router: Router) -> list[Port]:
    return [p for p in neutron.ports.values() if p.device_id == router.id and p.device_owner == OWNER_ROUTER_INTERFACE]


def _info(router: Router, port: Port) -> dict:
    """l3_db._make_router_interface_info."""
    subnet_ids = [f.subnet_id for f in port.fixed_ips]
    return {"id": router.id, "tenant_id": port.project_id, "port_id": port.id, "network_id": port.network_id,
            "subnet_id": subnet_ids[0] if subnet_ids else None, "subnet_ids": subnet_ids}


def _check_interface_request(body: dict, removal: bool = False) -> tuple[str | None, str | None]:
    subnet_id, port_id = body.get("subnet_id"), body.get("port_id")
    if not subnet_id and not port_id:
        raise errors.bad_request("router", "Either subnet_id or port_id must be specified")
    if subnet_id and port_id and not removal:
        raise errors.bad_request("router", "Cannot specify both subnet-id and port-id")
    return subnet_id, port_id


def add_interface(neutron: Neutron, router: Router, body: dict, who: Who) -> dict:
    subnet_id, port_id = _check_interface_request(body)
    attached = {f.subnet_id for p in interfaces(neutron, router) for f in p.fixed_ips}
    if port_id:
        port = neutron.port(str(port_id), who)
        if port.device_id:
            raise errors.port_in_use(port.id, port.network_id, port.device_id)
        if not port.fixed_ips:
            raise errors.bad_request("router", "Router port must have at least one fixed IP")
        for fixed in port.fixed_ips:
            if fixed.subnet_id in attached:
                raise errors.bad_request("router", f"Router already has a port on subnet {fixed.subnet_id}")
        agent = hosting_agent(neutron, router)
        port.device_id, port.device_owner = router.id, OWNER_ROUTER_INTERFACE
        port.host = agent.host if agent is not None else ""
        port.active_from = neutron.clock.now() if agent is not None and agent.alive else None
        port.security_group_ids = []
        port.touch(neutron.clock.now())
        return _info(router, port)
    subnet = neutron.subnet(str(subnet_id), who)
    if subnet.gateway_ip is None:
        raise errors.bad_request("router", "Subnet for router interface must have a gateway IP")
    if subnet.id in attached:
        raise errors.bad_request("router", f"Router already has a port on subnet {subnet.id}")
    gateway = {"subnet_id": subnet.id, "ip_address": str(subnet.gateway_ip)}
    port = _router_port(neutron, router, PortRequest(subnet.network_id, subnet.project_id, fixed_ips=[gateway],
                                                     device_id=router.id, device_owner=OWNER_ROUTER_INTERFACE))
    router.touch(neutron.clock.now())
    return _info(router, port)


def remove_interface(neutron: Neutron, router: Router, body: dict, who: Who) -> dict:
    subnet_id, port_id = _check_interface_request(body, removal=True)
    if port_id:
        port = neutron.ports.get(str(port_id))
        if port is None or port.device_id != router.id or port.device_owner != OWNER_ROUTER_INTERFACE:
            raise errors.no_such_interface(router.id, str(port_id))
    else:
        subnet = neutron.subnet(str(subnet_id), who)
        port = next((p for p in interfaces(neutron, router) if any(f.subnet_id == subnet.id for f in p.fixed_ips)),
                    None)
        if port is None:
            raise errors.no_interface_on_subnet(router.id, subnet.id)
    info = _info(router, port)
    neutron.delete_port(port)
    router.touch(neutron.clock.now())
    return info


def delete_router(neutron: Neutron, router: Router) -> None:
    if interfaces(neutron, router):
        raise errors.router_in_use(router.id)
    if router.gateway_port_id is not None:
        neutron.ports.pop(router.gateway_port_id, None)
    for agent in neutron.agents.values():
        if router.id in agent.router_ids:
            agent.router_ids.remove(router.id)
    neutron.routers.pop(router.id)
