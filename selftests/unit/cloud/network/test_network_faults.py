"""The network fault scenarios break newton-lxd exactly as their descriptions say."""

from __future__ import annotations

from .conftest import unique


def test_l3_agent_dead(neutron) -> None:
    n = neutron("fault-l3-agent-dead")
    router = n.find("routers", "provider-router")
    (agent,) = n.ok("GET", f"/routers/{router['id']}/l3-agents")["agents"]
    assert (agent["binary"], agent["alive"], agent["host"]) == ("neutron-l3-agent", False, "juju-7f3a21-2")
    others = [a for a in n.ok("GET", "/agents")["agents"] if a["id"] != agent["id"]]
    assert all(a["alive"] for a in others)
    fresh = n.create("routers", "router", name=unique("router"))
    assert n.ok("GET", f"/routers/{fresh['id']}/l3-agents")["agents"] == []


def test_port_stays_down_while_the_server_is_active(neutron) -> None:
    n = neutron("fault-port-stays-down")
    port = n.port()
    server_id = n.boot([{"port": port["id"]}])
    n.advance(600)
    assert n.server(server_id)["status"] == "ACTIVE"
    shown = n.ok("GET", f"/ports/{port['id']}")["port"]
    assert (shown["status"], shown["device_id"]) == ("DOWN", server_id)
