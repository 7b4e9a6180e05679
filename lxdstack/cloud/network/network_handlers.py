"""Neutron v2.0 networks and subnets: list, show, create, update, delete (Newton's base.py controller rules).

A non-admin sees its project's networks, shared ones and external ones; changing or deleting a network it only
sees answers 404 (base.py hides what policy refuses on a resource the caller does not own). Creating a subnet on
another project's network is 404 too (`_validate_network_tenant_ownership`).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.core.http import no_content
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.network import attributes, errors, ipam, views
from lxdstack.cloud.network.common import body_of, listed, shown, who_of


# -- networks -------------------------------------------------------------------------------------------------
async def list_networks(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    neutron = cloud.network
    items = [views.network(n, neutron, who.is_admin) for n in neutron.networks.values()
             if neutron.network_visible(n, who)]
    return listed(request, items, "networks")


async def get_network(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    network = cloud.network.network(request.path_params["network_id"], who)
    return shown(request, "network", views.network(network, cloud.network, who.is_admin))


def _provider(values: dict[str, Any]) -> dict[str, Any]:
    network_type = values.get("provider:network_type")
    if network_type is None:
        return {}
    if network_type not in ("flat", "vlan", "gre", "vxlan", "local"):
        raise errors.invalid_input(f"network_type value '{network_type}' not supported")
    physical = values.get("provider:physical_network")
    if network_type in ("flat", "vlan") and not physical:
        raise errors.invalid_input(f"physical_network required for {network_type} provider network")
    return {"network_type": network_type, "physical_network": physical,
            "segmentation_id": values.get("provider:segmentation_id")}


async def create_network(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    values = attributes.parse(await body_of(request), "network", attributes.NETWORK, True, who.project_id,
                              who.is_admin)
    network = cloud.network.create_network(
        values["name"], values["project_id"], shared=values["shared"], external=values["router:external"],
        admin_state_up=values["admin_state_up"], description=values["description"],
        port_security_enabled=values["port_security_enabled"], **_provider(values))
    return shown(request, "network", views.network(network, cloud.network, who.is_admin), 201)


async def update_network(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    body = await body_of(request)
    network = cloud.network.changeable(cloud.network.network(request.path_params["network_id"], who), who)
    values = attributes.parse(body, "network", attributes.NETWORK, False, who.project_id, who.is_admin)
    for key, attribute in (("name", "name"), ("description", "description"), ("admin_state_up", "admin_state_up"),
                           ("shared", "shared"), ("router:external", "external"),
                           ("port_security_enabled", "port_security_enabled")):
        if key in values:
            setattr(network, attribute, values[key])
    network.touch(cloud.clock.now())
    return shown(request, "network", views.network(network, cloud.network, who.is_admin))


async def delete_network(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    network = cloud.network.changeable(cloud.network.network(request.path_params["network_id"], who), who)
    cloud.network.delete_network(network)
    return no_content()


# -- subnets --------------------------------------------------------------------------------------------------
async def list_subnets(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    neutron = cloud.network
    items = [views.subnet(s, neutron) for s in neutron.subnets.values()
             if who.is_admin or s.project_id == who.project_id
             or neutron.network_visible(neutron.networks[s.network_id], who)]
    return listed(request, items, "subnets")


async def get_subnet(request: Request, cloud: CloudState) -> Response:
    subnet = cloud.network.subnet(request.path_params["subnet_id"], who_of(request, cloud))
    return shown(request, "subnet", views.subnet(subnet, cloud.network))


def _cidr(value: Any, ip_version: int) -> ipam.Net:
    try:
        cidr = ipaddress.ip_network(str(value), strict=False)
    except ValueError:
        raise errors.invalid_attribute("cidr", f"'{value}' is not a valid IP subnet") from None
    if str(cidr) != str(value):
        raise errors.invalid_attribute("cidr", f"'{value}' isn't a recognized IP subnet cidr, '{cidr}' is "
                                               "recommended")
    if cidr.version != ip_version:
        raise errors.invalid_input("Cidr and IP version are not compatible")
    return cidr


def _pools(value: list | None, cidr: ipam.Net, gateway: ipam.Address | None) -> list | None:
    if value is None:
        return None
    pools = []
    for pool in value:
        if not isinstance(pool, dict) or "start" not in pool or "end" not in pool:
            raise errors.invalid_attribute("allocation_pools", f"{pool} is not a valid allocation pool")
        start = ipam.parse_address(pool["start"], "allocation_pools")
        end = ipam.parse_address(pool["end"], "allocation_pools")
        if start not in cidr or end not in cidr or start > end:
            raise errors.bad_pool(f"{start}-{end}", str(cidr))
        if gateway is not None and start <= gateway <= end:
            raise errors.gateway_in_pool(str(gateway), f"{start}-{end}")
        pools.append((start, end))
    return pools


async def create_subnet(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    values = attributes.parse(await body_of(request), "subnet", attributes.SUBNET, True, who.project_id,
                              who.is_admin)
    network = cloud.network.network(values["network_id"], who)
    if not who.is_admin and network.project_id != who.project_id:
        raise errors.hidden()
    if values["ip_version"] not in (4, 6, "4", "6"):
        raise errors.invalid_attribute("ip_version", f"'{values['ip_version']}' is not in [4, 6]")
    if values["cidr"] is None:
        raise errors.bad_request("subnet", "a subnetpool must be specified in the absence of a cidr")
    cidr = _cidr(values["cidr"], int(values["ip_version"]))
    gateway_value = values["gateway_ip"]
    if gateway_value == "auto":
        gateway = next(iter(ipam.generate_pools(cidr, None)))[0]
    else:
        gateway = None if gateway_value is None else ipam.parse_address(gateway_value, "gateway_ip")
    subnet = cloud.network.create_subnet(
        network, values["name"], values["project_id"], cidr, gateway, _pools(values["allocation_pools"], cidr, gateway),
        enable_dhcp=values["enable_dhcp"], dns_nameservers=_nameservers(values["dns_nameservers"]),
        host_routes=_routes(values["host_routes"]), description=values["description"])
    return shown(request, "subnet", views.subnet(subnet, cloud.network), 201)


def _nameservers(value: list) -> list[str]:
    return [str(ipam.parse_address(server, "dns_nameservers")) for server in value]


def _routes(value: list) -> list[dict[str, str]]:
    routes = []
    for route in value:
        if not isinstance(route, dict) or set(route) != {"destination", "nexthop"}:
            raise errors.invalid_attribute("host_routes", f"Invalid data format for hostroute: '{route}'")
        routes.append({"destination": str(route["destination"]), "nexthop": str(route["nexthop"])})
    return routes


async def update_subnet(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    body = await body_of(request)
    subnet = cloud.network.changeable(cloud.network.subnet(request.path_params["subnet_id"], who), who)
    values = attributes.parse(body, "subnet", attributes.SUBNET, False, who.project_id, who.is_admin)
    for key in ("name", "description", "enable_dhcp"):
        if key in values:
            setattr(subnet, key, values[key])
    if "dns_nameservers" in values:
        subnet.dns_nameservers = _nameservers(values["dns_nameservers"])
    if "host_routes" in values:
        subnet.host_routes = _routes(values["host_routes"])
    if "gateway_ip" in values:
        gateway = values["gateway_ip"]
        subnet.gateway_ip = None if gateway is None else ipam.parse_address(gateway, "gateway_ip")
    if "allocation_pools" in values:
        subnet.pools = _pools(values["allocation_pools"], subnet.cidr, subnet.gateway_ip) or []
    if subnet.enable_dhcp:
        cloud.network.serve_dhcp(cloud.network.networks[subnet.network_id])
    subnet.touch(cloud.clock.now())
    return shown(request, "subnet", views.subnet(subnet, cloud.network))


async def delete_subnet(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    subnet = cloud.network.changeable(cloud.network.subnet(request.path_params["subnet_id"], who), who)
    cloud.network.delete_subnet(subnet)
    return no_content()
