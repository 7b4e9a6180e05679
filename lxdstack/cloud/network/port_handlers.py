"""Neutron v2.0 ports: list, show, create, update, delete.

A member sees its own ports and the ports on its networks (`admin_owner_or_network_owner`); choosing addresses or
a MAC needs the network's owner or an admin (`create_port:fixed_ips`, `create_port:mac_address`). A port's status
is computed when shown: see models.Port.status. Router and DHCP ports are deleted through their owners, never here.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.core.http import no_content
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.network import attributes, errors, views
from lxdstack.cloud.network.common import body_of, listed, shown, who_of
from lxdstack.cloud.network.models import OWNER_ROUTER_GATEWAY, OWNER_ROUTER_INTERFACE, Port
from lxdstack.cloud.network.store import PortRequest, Who


def _view(cloud: CloudState, port: Port, who: Who) -> dict:
    return views.port(port, cloud.clock.now(), cloud.faults.ports_stay_down, who.is_admin)


async def list_ports(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    neutron = cloud.network
    items = [_view(cloud, p, who) for p in neutron.ports.values()
             if who.is_admin or who.project_id in (p.project_id, neutron.networks[p.network_id].project_id)]
    return listed(request, items, "ports")


async def get_port(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    return shown(request, "port", _view(cloud, cloud.network.port(request.path_params["port_id"], who), who))


def _fixed_ips(value: Any) -> list[dict] | None:
    if value is None:
        return None
    for item in value:
        if not isinstance(item, dict) or not set(item) <= {"subnet_id", "ip_address"}:
            raise errors.invalid_attribute("fixed_ips", f"Invalid data format for fixed IP: '{item}'")
    return list(value)


def _groups(cloud: CloudState, who: Who, value: Any, project_id: str) -> list[str] | None:
    if value is None:
        return None
    for group_id in value:
        group = cloud.network.groups.get(str(group_id))
        if group is None or not (who.is_admin or group.project_id == project_id):
            raise errors.security_group_not_found(str(group_id))
    return [str(g) for g in value]


async def create_port(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    body = await body_of(request)
    neutron = cloud.network

    def owns_network(values: dict) -> bool:
        network = neutron.networks.get(values["network_id"])
        return network is not None and network.project_id == who.project_id

    values = attributes.parse(body, "port", attributes.PORT, True, who.project_id, who.is_admin, owns_network)
    network = neutron.network(values["network_id"], who)
    port = neutron.create_port(PortRequest(
        network.id, values["project_id"], name=values["name"], fixed_ips=_fixed_ips(values["fixed_ips"]),
        device_id=values["device_id"], device_owner=values["device_owner"], mac_address=values["mac_address"],
        admin_state_up=values["admin_state_up"],
        security_group_ids=_groups(cloud, who, values["security_groups"], values["project_id"]),
        host=values["binding:host_id"] or "", description=values["description"],
        port_security_enabled=values["port_security_enabled"]))
    return shown(request, "port", _view(cloud, port, who), 201)


async def update_port(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    body = await body_of(request)
    neutron = cloud.network
    port = neutron.changeable(neutron.port(request.path_params["port_id"], who), who)
    network_owner = neutron.networks[port.network_id].project_id
    values = attributes.parse(body, "port", attributes.PORT, False, who.project_id, who.is_admin,
                              lambda _: network_owner == who.project_id)
    for key, attribute in (("name", "name"), ("description", "description"), ("admin_state_up", "admin_state_up"),
                           ("device_id", "device_id"), ("device_owner", "device_owner"),
                           ("binding:host_id", "host"), ("port_security_enabled", "port_security_enabled")):
        if key in values:
            setattr(port, attribute, values[key] if values[key] is not None else "")
    if "fixed_ips" in values:
        neutron.set_fixed_ips(port, _fixed_ips(values["fixed_ips"]) or [])
    if "security_groups" in values:
        port.security_group_ids = _groups(cloud, who, values["security_groups"], port.project_id) or []
    port.touch(cloud.clock.now())
    return shown(request, "port", _view(cloud, port, who))


async def delete_port(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    port = cloud.network.changeable(cloud.network.port(request.path_params["port_id"], who), who)
    if port.device_owner in (OWNER_ROUTER_INTERFACE, OWNER_ROUTER_GATEWAY) and port.device_id in cloud.network.routers:
        raise errors.service_port(port.id, port.device_owner)
    cloud.network.delete_port(port)
    return no_content()
