"""Routers over HTTP: provider-router as the scripts left it, gateways, interfaces by subnet or by port."""

from __future__ import annotations

from .conftest import unique


def test_provider_router_has_its_gateway_on_ext_net_and_an_interface_on_internal(neutron) -> None:
    n = neutron()
    router = n.find("routers", "provider-router")
    ext_net, internal_subnet = n.find("networks", "ext_net"), n.find("subnets", "internal_subnet")
    gateway = router["external_gateway_info"]
    assert (gateway["network_id"], gateway["enable_snat"]) == (ext_net["id"], True)
    assert gateway["external_fixed_ips"] == [{"subnet_id": ext_net["subnets"][0], "ip_address": "10.0.8.201"}]
    assert (router["status"], router["distributed"], router["ha"], router["routes"]) == ("ACTIVE", False, False, [])
    assert router["flavor_id"] is None  # l3-flavors: Newton's L3 plugin with its default flavors service plugin
    ports = n.ok("GET", f"/ports?device_id={router['id']}")["ports"]
    by_owner = {p["device_owner"]: p for p in ports}
    assert set(by_owner) == {"network:router_gateway", "network:router_interface"}
    interface = by_owner["network:router_interface"]
    assert interface["fixed_ips"] == [{"subnet_id": internal_subnet["id"], "ip_address": "192.168.20.1"}]
    assert (interface["status"], interface["binding:host_id"]) == ("ACTIVE", "juju-7f3a21-2")
    assert by_owner["network:router_gateway"]["tenant_id"] == ""


def test_a_member_does_not_see_provider_router(neutron) -> None:
    n = neutron()
    assert n.ok("GET", "/routers", token=n.member)["routers"] == []


def test_member_router_with_gateway_and_interfaces(neutron) -> None:
    n = neutron()
    ext_net = n.find("networks", "ext_net", n.member)
    router = n.create("routers", "router", n.member, name=unique("router"),
                      external_gateway_info={"network_id": ext_net["id"]})
    address = router["external_gateway_info"]["external_fixed_ips"][0]["ip_address"]
    assert address.startswith("10.0.8.") and 201 < int(address.rsplit(".", 1)[1]) <= 254
    network, subnet = n.network_with_subnet("10.40.0.0/24", n.member)
    added = n.ok("PUT", f"/routers/{router['id']}/add_router_interface", token=n.member,
                 json={"subnet_id": subnet["id"]})
    assert (added["id"], added["subnet_id"], added["network_id"]) == (router["id"], subnet["id"], network["id"])
    port = n.ok("GET", f"/ports/{added['port_id']}", token=n.member)["port"]
    assert (port["device_owner"], port["fixed_ips"][0]["ip_address"]) == ("network:router_interface", "10.40.0.1")
    again = n.call("PUT", f"/routers/{router['id']}/add_router_interface", n.member, json={"subnet_id": subnet["id"]})
    assert again.status_code == 400
    assert again.json()["NeutronError"]["message"] == (f"Bad router request: Router already has a port on subnet "
                                                       f"{subnet['id']}.")
    in_use = n.call("DELETE", f"/routers/{router['id']}", n.member)
    assert in_use.status_code == 409
    assert in_use.json()["NeutronError"] == {"type": "RouterInUse", "detail": "",
                                             "message": f"Router {router['id']} still has ports"}
    removed = n.ok("PUT", f"/routers/{router['id']}/remove_router_interface", token=n.member,
                   json={"subnet_id": subnet["id"]})
    assert removed["port_id"] == added["port_id"]
    assert n.call("GET", f"/ports/{added['port_id']}").status_code == 404


def test_interface_by_port(neutron) -> None:
    n = neutron()
    router = n.create("routers", "router", name=unique("router"))
    network, _ = n.network_with_subnet("10.41.0.0/24", enable_dhcp=False)
    port = n.create("ports", "port", network_id=network["id"], fixed_ips=[{"ip_address": "10.41.0.1"}])
    added = n.ok("PUT", f"/routers/{router['id']}/add_router_interface", json={"port_id": port["id"]})
    assert added["port_id"] == port["id"]
    shown = n.ok("GET", f"/ports/{port['id']}")["port"]
    assert (shown["device_id"], shown["device_owner"]) == (router["id"], "network:router_interface")
    missing = n.call("PUT", f"/routers/{router['id']}/remove_router_interface", json={"subnet_id": n.find(
        "subnets", "internal_subnet")["id"]})
    assert missing.status_code == 404
    assert missing.json()["NeutronError"]["type"] == "RouterInterfaceNotFoundForSubnet"
    neither = n.call("PUT", f"/routers/{router['id']}/add_router_interface", json={})
    assert neither.json()["NeutronError"]["message"] == ("Bad router request: Either subnet_id or port_id must be "
                                                         "specified.")


def test_gateway_must_be_an_external_network(neutron) -> None:
    n = neutron()
    internal = n.find("networks", "internal")
    refused = n.call("POST", "/routers", json={"router": {"name": unique("router"),
                                                          "external_gateway_info": {"network_id": internal["id"]}}})
    assert refused.status_code == 400
    assert refused.json()["NeutronError"] == {
        "type": "BadRequest", "detail": "",
        "message": f"Bad router request: Network {internal['id']} is not an external network."}
    snat = n.call("POST", "/routers", n.member, json={"router": {"name": unique("router"), "external_gateway_info": {
        "network_id": n.find("networks", "ext_net")["id"], "enable_snat": False}}})
    assert snat.status_code == 403
