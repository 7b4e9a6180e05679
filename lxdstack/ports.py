"""Neutron ports with reserved fixed IPs (the seed's "Fixed IP addresses with OpenStack Neutron")."""

from __future__ import annotations

import ipaddress
import random

from openstack.connection import Connection
from openstack.network.v2.port import Port

from lxdstack.resources import delete_until_gone, fetch_or_none, wait_for_status
from lxdstack.steps import step
from lxdstack.timeouts import Timeouts


def get_port(conn: Connection, port_id: str) -> Port | None:
    return fetch_or_none(conn.network.get_port, port_id)


def free_address(conn: Connection, subnet) -> str:
    """An address of the subnet's allocation pools that no port holds, picked at random (parallel runs reserve
    different ones; the pool's low end is what Neutron hands out first)."""
    taken = {fixed["ip_address"] for port in conn.network.ports(network_id=subnet.network_id)
             for fixed in port.fixed_ips if fixed.get("subnet_id") == subnet.id}
    taken.add(subnet.gateway_ip)
    free = [str(address) for pool in subnet.allocation_pools
            for address in ipaddress.summarize_address_range(ipaddress.ip_address(pool["start"]),
                                                             ipaddress.ip_address(pool["end"]))
            for address in address if str(address) not in taken]
    if not free:
        raise AssertionError(f"subnet {subnet.name} has no free address left in its allocation pools")
    return random.choice(free)


def address_outside(subnet) -> str:
    """An address that is in no way part of the subnet (the next network of the same size)."""
    network = ipaddress.ip_network(subnet.cidr)
    return str(network.broadcast_address + 2)


@step("Create port {name} with fixed IP {address}")
def create_port(conn: Connection, name: str, network_id: str, subnet_id: str, address: str) -> Port:
    return conn.network.create_port(name=name, network_id=network_id,
                                    fixed_ips=[{"subnet_id": subnet_id, "ip_address": address}])


@step("Wait for port {name} to become {status}")
def wait_port(conn: Connection, port_id: str, name: str, status: str, timeouts: Timeouts) -> Port:
    return wait_for_status(lambda: get_port(conn, port_id), f"port {name}", status, timeout=timeouts.port_active,
                           interval=timeouts.poll_interval, max_interval=timeouts.poll_interval_max)


@step("Delete port {name}")
def delete_and_wait(conn: Connection, port_id: str, name: str, timeouts: Timeouts) -> None:
    delete_until_gone(lambda: conn.network.delete_port(port_id, ignore_missing=True),
                      lambda: get_port(conn, port_id), f"port {name}", timeouts.api_call, timeouts)
