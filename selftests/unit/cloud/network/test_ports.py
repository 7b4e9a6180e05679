"""Ports over HTTP: addresses from the allocation pools, fixed IPs reserved, and Neutron's errors for the rest."""

from __future__ import annotations

import re


def test_addresses_come_lowest_first_skipping_the_gateway(neutron) -> None:
    n = neutron()
    network, subnet = n.network_with_subnet("10.30.0.0/29", enable_dhcp=False)
    ports = [n.create("ports", "port", network_id=network["id"]) for _ in range(3)]
    assert [p["fixed_ips"] for p in ports] == [[{"subnet_id": subnet["id"], "ip_address": f"10.30.0.{i}"}]
                                               for i in (2, 3, 4)]
    n.call("DELETE", f"/ports/{ports[0]['id']}")
    again = n.create("ports", "port", network_id=network["id"])
    assert again["fixed_ips"][0]["ip_address"] == "10.30.0.2"


def test_the_dhcp_agent_takes_the_first_address_of_a_dhcp_subnet(neutron) -> None:
    n = neutron()
    network, _ = n.network_with_subnet("10.31.0.0/24")
    dhcp = n.ok("GET", f"/ports?network_id={network['id']}&device_owner=network:dhcp")["ports"]
    assert [p["fixed_ips"][0]["ip_address"] for p in dhcp] == ["10.31.0.2"]
    assert n.create("ports", "port", network_id=network["id"])["fixed_ips"][0]["ip_address"] == "10.31.0.3"


def test_pool_exhausted_is_ip_address_generation_failure(neutron) -> None:
    n = neutron()
    network, _ = n.network_with_subnet("10.32.0.0/30", enable_dhcp=False)
    n.create("ports", "port", network_id=network["id"])
    full = n.call("POST", "/ports", json={"port": {"network_id": network["id"]}})
    assert full.status_code == 409
    assert full.json()["NeutronError"] == {"type": "IpAddressGenerationFailure", "detail": "",
                                           "message": f"No more IP addresses available on network {network['id']}."}


def test_a_requested_fixed_ip_is_reserved(neutron) -> None:
    n = neutron()
    port = n.port(fixed_ips=[{"ip_address": "192.168.20.60"}])
    subnet_id = n.find("subnets", "internal_subnet")["id"]
    assert port["fixed_ips"] == [{"subnet_id": subnet_id, "ip_address": "192.168.20.60"}]
    assert (port["status"], port["device_id"], port["device_owner"]) == ("DOWN", "", "")
    found = n.ok("GET", "/ports?fixed_ips=ip_address=192.168.20.60")["ports"]
    assert [p["id"] for p in found] == [port["id"]]


def test_a_taken_fixed_ip_is_neutron_s_409(neutron) -> None:
    n = neutron()
    n.port(fixed_ips=[{"ip_address": "192.168.20.61"}])
    internal = n.find("networks", "internal")
    taken = n.call("POST", "/ports", json={"port": {"network_id": internal["id"],
                                                    "fixed_ips": [{"ip_address": "192.168.20.61"}]}})
    assert taken.status_code == 409
    subnet_id = internal["subnets"][0]
    assert taken.json() == {"NeutronError": {
        "type": "IpAddressAlreadyAllocated", "detail": "",
        "message": f"IP address 192.168.20.61 already allocated in subnet {subnet_id}"}}


def test_an_address_outside_the_network_is_neutron_s_400(neutron) -> None:
    n = neutron()
    internal = n.find("networks", "internal")
    outside = n.call("POST", "/ports", json={"port": {"network_id": internal["id"],
                                                      "fixed_ips": [{"ip_address": "10.9.9.9"}]}})
    assert outside.status_code == 400
    assert outside.json()["NeutronError"] == {
        "type": "InvalidIpForNetwork", "detail": "",
        "message": "IP address 10.9.9.9 is not a valid IP for any of the subnets on the specified network."}
    in_subnet = {"subnet_id": internal["subnets"][0], "ip_address": "192.168.20.255"}
    broadcast = n.call("POST", "/ports", json={"port": {"network_id": internal["id"], "fixed_ips": [in_subnet]}})
    assert broadcast.status_code == 400
    assert broadcast.json()["NeutronError"] == {
        "type": "InvalidIpForSubnet", "detail": "",
        "message": "IP address 192.168.20.255 is not a valid IP for the specified subnet."}


def test_ports_get_a_neutron_mac_and_the_default_security_group(neutron) -> None:
    n = neutron()
    port = n.port()
    assert re.fullmatch(r"fa:16:3e(:[0-9a-f]{2}){3}", port["mac_address"])
    default = n.default_group(port["project_id"])
    assert port["security_groups"] == [default["id"]]
    assert (port["binding:vif_type"], port["binding:host_id"], port["binding:vnic_type"]) == ("unbound", "",
                                                                                              "normal")


def test_members_do_not_see_binding_details(neutron) -> None:
    n = neutron()
    network, _ = n.network_with_subnet("10.33.0.0/24", n.member)
    port = n.create("ports", "port", n.member, network_id=network["id"])
    assert "binding:host_id" not in port and port["binding:vnic_type"] == "normal"
    assert n.ok("GET", f"/ports/{port['id']}")["port"]["binding:host_id"] == ""


def test_router_ports_are_deleted_through_the_router(neutron) -> None:
    n = neutron()
    router = n.find("routers", "provider-router")
    interface = n.ok("GET", f"/ports?device_id={router['id']}&device_owner=network:router_interface")["ports"][0]
    refused = n.call("DELETE", f"/ports/{interface['id']}")
    assert refused.status_code == 409
    assert refused.json()["NeutronError"] == {
        "type": "ServicePortInUse", "detail": "",
        "message": f"Port {interface['id']} cannot be deleted directly via the port API: has device owner "
                   "network:router_interface."}


def test_update_port_name_and_fixed_ip(neutron) -> None:
    n = neutron()
    port = n.port(fixed_ips=[{"ip_address": "192.168.20.62"}])
    changed = n.ok("PUT", f"/ports/{port['id']}", json={"port": {"name": "renamed",
                                                                 "fixed_ips": [{"ip_address": "192.168.20.63"}]}})
    assert (changed["port"]["name"], changed["port"]["fixed_ips"][0]["ip_address"]) == ("renamed", "192.168.20.63")
    assert changed["port"]["revision_number"] == 2
    assert n.ok("GET", "/ports?fixed_ips=ip_address=192.168.20.62")["ports"] == []
