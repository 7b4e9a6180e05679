"""The deployed networks, subnets and routers compared with the expectations file; each difference is one line
naming the object, the attribute, what was expected and what the cloud has."""

from __future__ import annotations

import ipaddress

from openstack.connection import Connection

from lxdstack.expectations import NetworkExpectation, RouterExpectation, SubnetExpectation
from lxdstack.steps import step

ROUTER_INTERFACE_OWNERS = ("network:router_interface", "network:router_interface_distributed",
                           "network:ha_router_replicated_interface")


def _pools(subnet) -> tuple[str, ...]:
    return tuple(f"{pool['start']}-{pool['end']}" for pool in subnet.allocation_pools or [])


def _subnet_problems(name: str, found, expected: SubnetExpectation) -> list[str]:
    actual = {"cidr": found.cidr, "dhcp": found.is_dhcp_enabled, "dns": tuple(found.dns_nameservers or ())}
    wanted: dict[str, object] = {"cidr": str(ipaddress.ip_network(expected.cidr)), "dhcp": expected.dhcp,
                                 "dns": expected.dns}
    if expected.gateway is not None:
        actual["gateway"], wanted["gateway"] = found.gateway_ip, expected.gateway
    if expected.pools:
        actual["pools"], wanted["pools"] = _pools(found), expected.pools
    return [f"subnet {name}: {key} is {actual[key]!r}, expected {value!r}"
            for key, value in wanted.items() if actual[key] != value]


@step("Compare network {name} with the expectations")
def network_problems(conn: Connection, name: str, expected: NetworkExpectation) -> list[str]:
    network = conn.network.find_network(name, ignore_missing=True)
    if network is None:
        return [f"network {name} does not exist"]
    problems = [f"network {name}: {key} is {actual}, expected {wanted}"
                for key, actual, wanted in (("router:external", network.is_router_external, expected.external),
                                            ("shared", network.is_shared, expected.shared)) if actual != wanted]
    subnets = {subnet.name: subnet for subnet in conn.network.subnets(network_id=network.id)}
    for subnet_name, subnet_expected in expected.subnets.items():
        found = subnets.get(subnet_name)
        if found is None:
            has = ", ".join(sorted(subnets)) or "none"
            problems.append(f"network {name} has no subnet {subnet_name} (it has: {has})")
            continue
        problems += _subnet_problems(subnet_name, found, subnet_expected)
    return problems


@step("Compare router {name} with the expectations")
def router_problems(conn: Connection, name: str, expected: RouterExpectation) -> list[str]:
    router = conn.network.find_router(name, ignore_missing=True)
    if router is None:
        return [f"router {name} does not exist"]
    problems = []
    gateway = (router.external_gateway_info or {}).get("network_id")
    if expected.gateway is not None:
        network = conn.network.find_network(expected.gateway, ignore_missing=True)
        if gateway is None:
            problems.append(f"router {name} has no external gateway, expected one on {expected.gateway}")
        elif network is None or gateway != network.id:
            problems.append(f"router {name}: gateway is on network {gateway}, expected {expected.gateway}")
    on = {fixed["subnet_id"] for port in conn.network.ports(device_id=router.id)
          if port.device_owner in ROUTER_INTERFACE_OWNERS for fixed in port.fixed_ips}
    names = {subnet.id: subnet.name for subnet in conn.network.subnets() if subnet.id in on}
    missing = [subnet for subnet in expected.interfaces if subnet not in names.values()]
    if missing:
        problems.append(f"router {name} has no interface on {', '.join(missing)} "
                        f"(it has: {', '.join(sorted(names.values())) or 'none'})")
    return problems
