"""The `network:` scenario section and the address rules, in process (no HTTP)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.network import ipam
from lxdstack.cloud.scenario import ScenarioError, load_scenario


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "scenario.yaml"
    path.write_text(f"name: s\ndescription: d\nbase: newton-lxd\n{text}")
    return str(path)


def test_the_default_is_the_seed_s_networks() -> None:
    network = load_scenario("newton-lxd").network
    assert [n.name for n in network.networks] == ["ext_net", "internal"]
    assert [(r.name, r.gateway, r.interfaces) for r in network.routers] == [("provider-router", "ext_net",
                                                                             ["internal_subnet"])]
    assert network.agent_keys(["juju-7f3a21-0"])[-1] == "neutron-openvswitch-agent@juju-7f3a21-0"


def test_an_agent_the_scenario_does_not_have_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "network:\n  agents:\n    neutron-l3-agent@nowhere: {alive: false}\n")
    with pytest.raises(ScenarioError, match="network.agents names agents the scenario does not have: "
                                            "neutron-l3-agent@nowhere"):
        load_scenario(path)


@pytest.mark.parametrize(("text", "message"), [
    ("network:\n  routers: [{name: r, gateway: internal}]\n", "gateway `internal` is not an external network"),
    ("network:\n  networks: [{name: n, subnets: [{name: s, cidr: 10.0.0.0/24, "
     "allocation_pools: [{start: 10.0.0.1, end: 10.0.0.9}]}]}]\n  routers: []\n", "gateway 10.0.0.1 is inside pool"),
    ("network:\n  agents:\n    neutron-bogus-agent@juju-7f3a21-2: {}\n", "should be BINARY@HOST"),
], ids=["gateway-not-external", "gateway-in-pool", "unknown-binary"])
def test_network_section_errors_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        load_scenario(write(tmp_path, text))


def test_dead_agent_keeps_its_router_and_reports_no_heartbeat() -> None:
    cloud = CloudState(load_scenario("fault-l3-agent-dead"), "http://127.0.0.1:1", "pw")
    (agent,) = [a for a in cloud.network.agents.values() if a.binary == "neutron-l3-agent"]
    assert not agent.alive and agent.router_ids == list(cloud.network.routers)
    beat = agent.heartbeat(cloud.clock.now())
    cloud.clock.advance(300)
    assert agent.heartbeat(cloud.clock.now()) == beat


def test_generated_pools_go_around_the_gateway() -> None:
    cidr = ipaddress.ip_network("10.0.0.0/24")
    assert ipam.generate_pools(cidr, ipaddress.ip_address("10.0.0.1")) == [
        (ipaddress.ip_address("10.0.0.2"), ipaddress.ip_address("10.0.0.254"))]
    assert ipam.generate_pools(cidr, ipaddress.ip_address("10.0.0.100"))[0][1] == ipaddress.ip_address("10.0.0.99")


def test_network_and_broadcast_addresses_are_not_in_the_subnet() -> None:
    cidr = ipaddress.ip_network("192.168.20.0/24")
    assert [ipam.in_subnet(cidr, ipaddress.ip_address(a)) for a in ("192.168.20.0", "192.168.20.1",
                                                                     "192.168.20.255", "10.0.0.1")] == [
        False, True, False, False]
