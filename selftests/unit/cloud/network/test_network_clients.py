"""Real clients against the emulated Neutron: the seed's own CLI steps, and openstacksdk's network proxy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openstack import exceptions

OPENSTACK_CLI = Path(sys.executable).parent / "openstack"


def run_cli(clouds_yaml: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env["OS_CLIENT_CONFIG_FILE"] = str(clouds_yaml)
    return subprocess.run([str(OPENSTACK_CLI), "--os-cloud", "embedded", *args], capture_output=True, text=True,
                          env=env, timeout=120, check=False)


def test_seed_cli_steps_port_then_server_on_it(start_cloud) -> None:
    """The seed's `port create --fixed-ip ip-address=192.168.20.50 win1`, then `server create --nic port-id=`."""
    clouds_yaml = start_cloud("newton-lxd").cloud.clouds_yaml
    created = run_cli(clouds_yaml, "port", "create", "--network", "internal", "--fixed-ip",
                      "ip-address=192.168.20.50", "win1", "-f", "json")
    assert created.returncode == 0, created.stderr
    port = json.loads(created.stdout)
    assert [f["ip_address"] for f in port["fixed_ips"]] == ["192.168.20.50"]
    again = run_cli(clouds_yaml, "port", "create", "--network", "internal", "--fixed-ip",
                    "ip-address=192.168.20.50", "win2")
    assert again.returncode != 0
    assert "ConflictException: 409" in again.stderr and "IP address 192.168.20.50 already allocated" in again.stderr
    booted = run_cli(clouds_yaml, "server", "create", "--image", "xenial", "--flavor", "m1.tiny", "--nic",
                     f"port-id={port['id']}", "--wait", "win1", "-f", "json")
    assert booted.returncode == 0, booted.stderr
    server = json.loads(booted.stdout)
    assert (server["status"], server["addresses"]) == ("ACTIVE", {"internal": ["192.168.20.50"]})
    shown = json.loads(run_cli(clouds_yaml, "port", "show", "win1", "-f", "json").stdout)
    assert (shown["status"], shown["device_id"], shown["device_owner"]) == ("ACTIVE", server["id"], "compute:nova")
    assert run_cli(clouds_yaml, "server", "delete", "--wait", "win1").returncode == 0
    kept = json.loads(run_cli(clouds_yaml, "port", "show", "win1", "-f", "json").stdout)
    assert (kept["status"], kept["device_id"]) == ("DOWN", "")


def test_cli_lists_the_seed_s_networks_router_and_agents(start_cloud) -> None:
    clouds_yaml = start_cloud("newton-lxd").cloud.clouds_yaml
    networks = json.loads(run_cli(clouds_yaml, "network", "list", "--external", "-f", "json").stdout)
    assert [net["Name"] for net in networks] == ["ext_net"]
    router = json.loads(run_cli(clouds_yaml, "router", "show", "provider-router", "-f", "json").stdout)
    assert router["external_gateway_info"]["external_fixed_ips"][0]["ip_address"] == "10.0.8.201"
    agents = json.loads(run_cli(clouds_yaml, "network", "agent", "list", "-f", "json").stdout)
    assert len(agents) == 5 and all(agent["Alive"] for agent in agents)


def test_sdk_finds_networks_and_refuses_a_taken_address(neutron, connect) -> None:
    n = neutron()
    conn = connect(n.cloud)
    internal = conn.network.find_network("internal")
    assert internal.is_router_external is False and conn.network.find_network("ext_net").is_router_external
    subnet = conn.network.find_subnet("internal_subnet")
    assert (subnet.cidr, subnet.gateway_ip, subnet.is_dhcp_enabled) == ("192.168.20.0/24", "192.168.20.1", True)
    port = conn.network.create_port(network_id=internal.id, fixed_ips=[{"ip_address": "192.168.20.80"}])
    try:
        with pytest.raises(exceptions.ConflictException, match="IP address 192.168.20.80 already allocated"):
            conn.network.create_port(network_id=internal.id, fixed_ips=[{"ip_address": "192.168.20.80"}])
        assert [p.id for p in conn.network.ports(fixed_ips="ip_address=192.168.20.80")] == [port.id]
    finally:
        conn.network.delete_port(port)
    assert [g.name for g in conn.network.security_groups()] == ["default"]
