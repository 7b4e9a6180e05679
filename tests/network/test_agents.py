"""Neutron's agents are alive, and every router and DHCP network is hosted by an alive agent: a router bound to a
dead L3 agent's host is dead too (the seed's "High-availability in OpenStack Neutron")."""

import allure
import pytest

pytestmark = [allure.feature("Network"), allure.story("Agent health"), pytest.mark.requires("network")]


def _describe(agents) -> str:
    return ", ".join(f"{a.agent_type} on {a.host} ({'alive' if a.is_alive else 'dead'})" for a in agents) or "none"


@allure.id("network-agents-alive")
@pytest.mark.smoke
def test_every_agent_is_alive(networking, admin_cloud):
    agents = list(admin_cloud.network.agents())
    missing = [kind for kind in networking.agents if not any(a.agent_type == kind for a in agents)]
    assert not missing, f"no {', '.join(missing)} at all (agents: {_describe(agents)})"
    dead = [a for a in agents if not a.is_alive]
    assert not dead, "dead agents: " + "; ".join(f"{a.agent_type} on {a.host} (last heartbeat "
                                                 f"{a.last_heartbeat_at})" for a in dead)


@allure.id("network-router-hosted")
def test_router_is_hosted_by_an_alive_l3_agent(router_name, networking, admin_cloud):
    router = admin_cloud.network.find_router(router_name, ignore_missing=False)
    hosting = list(admin_cloud.network.routers_hosting_l3_agents(router))
    assert any(a.is_alive for a in hosting), \
        f"router {router_name} is hosted by no alive L3 agent (hosting: {_describe(hosting)})"


@allure.id("network-dhcp-hosted")
def test_dhcp_network_is_hosted_by_an_alive_dhcp_agent(dhcp_network_name, networking, admin_cloud):
    network = admin_cloud.network.find_network(dhcp_network_name, ignore_missing=False)
    hosting = list(admin_cloud.network.network_hosting_dhcp_agents(network))
    assert any(a.is_alive for a in hosting), \
        f"network {dhcp_network_name} is served by no alive DHCP agent (hosting: {_describe(hosting)})"
