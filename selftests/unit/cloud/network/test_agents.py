"""Agents (admin only) and the agent schedulers' views, and the extension list."""

from __future__ import annotations

from datetime import datetime


def test_the_bundle_s_agents_are_alive(neutron) -> None:
    n = neutron()
    agents = n.ok("GET", "/agents")["agents"]
    assert sorted((a["agent_type"], a["binary"], a["host"]) for a in agents) == [
        ("DHCP agent", "neutron-dhcp-agent", "juju-7f3a21-2"),
        ("L3 agent", "neutron-l3-agent", "juju-7f3a21-2"),
        ("Metadata agent", "neutron-metadata-agent", "juju-7f3a21-2"),
        ("Open vSwitch agent", "neutron-openvswitch-agent", "juju-7f3a21-0"),
        ("Open vSwitch agent", "neutron-openvswitch-agent", "juju-7f3a21-2"),
    ]
    assert all(a["alive"] and a["admin_state_up"] for a in agents)
    beat = datetime.strptime(agents[0]["heartbeat_timestamp"], "%Y-%m-%d %H:%M:%S")
    started = datetime.strptime(agents[0]["started_at"], "%Y-%m-%d %H:%M:%S")
    assert beat > started
    assert [a["host"] for a in n.ok("GET", "/agents?agent_type=L3 agent")["agents"]] == ["juju-7f3a21-2"]


def test_members_see_no_agents(neutron) -> None:
    n = neutron()
    assert n.ok("GET", "/agents", token=n.member)["agents"] == []
    router = n.find("routers", "provider-router")
    refused = n.call("GET", f"/routers/{router['id']}/l3-agents", n.member)
    assert refused.status_code == 403  # the policy check comes before the router is looked up
    assert refused.json()["NeutronError"] == {"type": "PolicyNotAuthorized", "detail": "",
                                              "message": "(rule:get_l3-agents) is disallowed by policy"}


def test_l3_agent_hosts_provider_router(neutron) -> None:
    n = neutron()
    router = n.find("routers", "provider-router")
    (agent,) = n.ok("GET", f"/routers/{router['id']}/l3-agents")["agents"]
    assert (agent["binary"], agent["alive"], agent["ha_state"]) == ("neutron-l3-agent", True, None)
    hosted = n.ok("GET", f"/agents/{agent['id']}/l3-routers")["routers"]
    assert [r["name"] for r in hosted] == ["provider-router"]


def test_dhcp_agent_serves_internal(neutron) -> None:
    n = neutron()
    internal = n.find("networks", "internal")
    (agent,) = n.ok("GET", f"/networks/{internal['id']}/dhcp-agents")["agents"]
    assert (agent["binary"], agent["host"]) == ("neutron-dhcp-agent", "juju-7f3a21-2")
    served = n.ok("GET", f"/agents/{agent['id']}/dhcp-networks")["networks"]
    assert [net["name"] for net in served] == ["internal"]
    ext_net = n.find("networks", "ext_net")
    assert n.ok("GET", f"/networks/{ext_net['id']}/dhcp-agents")["agents"] == []
    refused = n.call("GET", f"/networks/{ext_net['id']}/dhcp-agents", n.member)
    assert refused.status_code == 403
    assert refused.json()["NeutronError"]["message"] == "(rule:get_dhcp-agents) is disallowed by policy"


def test_extensions_name_what_is_implemented(neutron) -> None:
    n = neutron()
    aliases = {e["alias"] for e in n.ok("GET", "/extensions", token=n.member)["extensions"]}
    assert {"security-group", "router", "external-net", "agent", "l3_agent_scheduler", "dhcp_agent_scheduler",
            "binding", "provider"} <= aliases
    assert "auto-allocated-topology" not in aliases
    assert n.ok("GET", "/extensions/router")["extension"]["name"] == "Neutron L3 Router"
