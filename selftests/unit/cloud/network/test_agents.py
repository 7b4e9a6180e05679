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
    # Newton's L3 agent counts in each report what it hosts (l3/agent.py _report_state)
    assert {k: agent["configurations"][k] for k in ("routers", "ex_gw_ports", "interfaces", "floating_ips")} == {
        "routers": 1, "ex_gw_ports": 1, "interfaces": 1, "floating_ips": 0}


def test_open_vswitch_agents_report_devices_and_resource_versions(neutron) -> None:
    """ovs_neutron_agent.py: the ports on br-int, the tunnel endpoint, and the object versions it announced."""
    n = neutron()
    agents = n.ok("GET", "/agents?binary=neutron-openvswitch-agent")["agents"]
    by_host = {a["host"]: a for a in agents}
    node_ports = [p for p in n.ok("GET", "/ports")["ports"] if p.get("binding:host_id") == "juju-7f3a21-2"]
    assert by_host["juju-7f3a21-2"]["configurations"]["devices"] == len(node_ports) > 0
    assert by_host["juju-7f3a21-0"]["configurations"]["tunneling_ip"] == "10.0.8.11"
    assert all(a["configurations"]["in_distributed_mode"] is False for a in agents)
    assert all(a["resource_versions"] == {"QosPolicy": "1.3", "Trunk": "1.0", "SubPort": "1.0"} for a in agents)
    others = n.ok("GET", "/agents?binary=neutron-dhcp-agent")["agents"]
    assert others[0]["resource_versions"] == {}


def test_dhcp_agent_hosts_every_seed_network_but_serves_only_internal(neutron) -> None:
    """Newton schedules a network to a DHCP agent when any subnet is made, DHCP or not (a TODO in its scheduler);
    the agent makes a port and counts the network only where a subnet has DHCP."""
    n = neutron()
    internal = n.find("networks", "internal")
    (agent,) = n.ok("GET", f"/networks/{internal['id']}/dhcp-agents")["agents"]
    assert (agent["binary"], agent["host"]) == ("neutron-dhcp-agent", "juju-7f3a21-2")
    hosted = n.ok("GET", f"/agents/{agent['id']}/dhcp-networks")["networks"]
    assert sorted(net["name"] for net in hosted) == ["ext_net", "internal"]
    ext_net = n.find("networks", "ext_net")
    assert [a["id"] for a in n.ok("GET", f"/networks/{ext_net['id']}/dhcp-agents")["agents"]] == [agent["id"]]
    assert n.ok("GET", f"/ports?network_id={ext_net['id']}&device_owner=network:dhcp")["ports"] == []
    internal_ports = n.ok("GET", f"/ports?network_id={internal['id']}")["ports"]
    assert {k: agent["configurations"][k] for k in ("networks", "subnets", "ports")} == {
        "networks": 1, "subnets": 1, "ports": len(internal_ports)}
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
