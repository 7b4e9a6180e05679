"""Nova with Neutron: servers booted on ports and networks, their addresses, and what deleting them leaves."""

from __future__ import annotations

BOOT_SECONDS = 1.0  # newton-lxd's pace


def test_boot_on_a_port_binds_it_and_activates_it_with_the_server(neutron) -> None:
    n = neutron()
    port = n.port(fixed_ips=[{"ip_address": "192.168.20.70"}])
    server_id = n.boot([{"port": port["id"]}])
    bound = n.ok("GET", f"/ports/{port['id']}")["port"]
    assert (bound["device_id"], bound["device_owner"], bound["binding:host_id"]) == (server_id, "compute:nova",
                                                                                     "juju-7f3a21-0")
    assert bound["status"] == "DOWN" and n.server(server_id)["addresses"] == {}
    n.advance(BOOT_SECONDS)
    server = n.server(server_id)
    assert server["status"] == "ACTIVE"
    assert server["addresses"] == {"internal": [{"version": 4, "addr": "192.168.20.70", "OS-EXT-IPS:type": "fixed",
                                                 "OS-EXT-IPS-MAC:mac_addr": port["mac_address"]}]}
    assert n.ok("GET", f"/ports/{port['id']}")["port"]["status"] == "ACTIVE"
    assert [p["id"] for p in n.ok("GET", f"/ports?device_id={server_id}")["ports"]] == [port["id"]]


def test_deleting_the_server_keeps_the_user_s_port_unbound_and_reusable(neutron) -> None:
    n = neutron()
    port = n.port(fixed_ips=[{"ip_address": "192.168.20.71"}])
    first = n.boot([{"port": port["id"]}])
    assert n.nova("DELETE", f"/servers/{first}").status_code == 204
    kept = n.ok("GET", f"/ports/{port['id']}")["port"]
    assert (kept["device_id"], kept["device_owner"], kept["binding:host_id"], kept["status"]) == ("", "", "", "DOWN")
    assert kept["fixed_ips"][0]["ip_address"] == "192.168.20.71"
    second = n.boot([{"port": port["id"]}])
    n.advance(BOOT_SECONDS)
    assert n.server(second)["addresses"]["internal"][0]["addr"] == "192.168.20.71"


def test_a_bound_port_is_nova_s_port_in_use(neutron) -> None:
    n = neutron()
    port = n.port()
    n.boot([{"port": port["id"]}])
    refused = n.boot_request([{"port": port["id"]}])
    assert refused.status_code == 409
    assert refused.json() == {"conflictingRequest": {"code": 409, "message": f"Port {port['id']} is still in use."}}


def test_boot_on_a_network_makes_a_port_and_deleting_the_server_deletes_it(neutron) -> None:
    n = neutron()
    internal = n.find("networks", "internal")
    server_id = n.boot([{"uuid": internal["id"], "fixed_ip": "192.168.20.72"}])
    (port,) = n.ok("GET", f"/ports?device_id={server_id}")["ports"]
    default = n.default_group(port["project_id"])
    assert (port["fixed_ips"][0]["ip_address"], port["security_groups"]) == ("192.168.20.72", [default["id"]])
    taken = n.boot_request([{"uuid": internal["id"], "fixed_ip": "192.168.20.72"}])
    assert taken.status_code == 400
    assert taken.json()["badRequest"]["message"] == ("Fixed IP address 192.168.20.72 is already in use on instance "
                                                     f"{server_id}.")
    n.nova("DELETE", f"/servers/{server_id}")
    assert n.call("GET", f"/ports/{port['id']}").status_code == 404


def test_unknown_network_and_port_are_nova_s_400(neutron) -> None:
    n = neutron()
    missing = "6b5b0a1e-6c60-4c0a-8f53-8d1d2a5e3c11"
    network = n.boot_request([{"uuid": missing}])
    assert network.json() == {"badRequest": {"code": 400, "message": f"Network {missing} could not be found."}}
    port = n.boot_request([{"port": missing}])
    assert port.json() == {"badRequest": {"code": 400, "message": f"Port id {missing} could not be found."}}
    internal = n.find("networks", "internal")
    hidden = n.boot_request([{"uuid": internal["id"]}], token=n.member)
    assert hidden.json()["badRequest"]["message"] == f"Network {internal['id']} could not be found."


def test_auto_is_ambiguous_for_the_admin_project_and_impossible_for_a_member(neutron) -> None:
    """The admin project owns ext_net and internal; demo owns none and Neutron has no auto-allocated-topology."""
    n = neutron()
    ambiguous = n.boot_request("auto")
    assert ambiguous.status_code == 409
    assert ambiguous.json()["conflictingRequest"]["message"] == ("Multiple possible networks found, use a Network "
                                                                 "ID to be more specific.")
    impossible = n.boot_request("auto", token=n.member)
    assert impossible.status_code == 400
    assert impossible.json()["badRequest"]["message"].startswith("Unable to automatically allocate a network for "
                                                                 "project ")


def test_auto_uses_the_one_network_a_project_has(neutron) -> None:
    n = neutron()
    network, _ = n.network_with_subnet("10.50.0.0/24", n.member)
    server_id = n.boot("auto", token=n.member)
    n.advance(BOOT_SECONDS)
    assert list(n.server(server_id, n.member)["addresses"]) == [network["name"]]


def test_none_boots_without_ports(neutron) -> None:
    n = neutron()
    server_id = n.boot("none")
    n.advance(BOOT_SECONDS)
    assert n.server(server_id)["addresses"] == {}
    assert n.ok("GET", f"/ports?device_id={server_id}")["ports"] == []


def test_an_unknown_security_group_is_nova_s_400(neutron) -> None:
    n = neutron()
    refused = n.boot_request("none", security_groups=[{"name": "nope"}])
    assert refused.json() == {"badRequest": {"code": 400, "message": "Security group nope not found."}}


def test_a_network_without_free_addresses_aborts_the_build(neutron) -> None:
    n = neutron()
    network, _ = n.network_with_subnet("10.51.0.0/30", enable_dhcp=False)
    n.create("ports", "port", network_id=network["id"])
    server_id = n.boot([{"uuid": network["id"]}])
    n.advance(BOOT_SECONDS)
    server = n.server(server_id)
    assert (server["status"], server["addresses"]) == ("ERROR", {})
    assert server["fault"]["message"] == (f"Build of instance {server_id} aborted: Failed to allocate the "
                                          "network(s), not rescheduling.")


def test_a_server_s_port_is_build_from_its_plugging_until_it_is_wired(neutron) -> None:
    """ML2 shows BUILD once the agent asks for the plugged device's details (nova-lxd plugs as spawning starts),
    ACTIVE once the agent reports it up: DOWN → BUILD → ACTIVE."""
    n = neutron("fault-slow-boot")  # 600 s of BUILD: scheduling the first half, the host the second
    port = n.port(fixed_ips=[{"ip_address": "192.168.20.71"}])
    server_id = n.boot([{"port": port["id"]}])
    seen = []
    for seconds in (0, 340, 20, 241):  # plugged at 345 s (spawning: 15% into the host's half), ACTIVE at 600 s
        n.advance(seconds)
        seen.append((n.server(server_id)["OS-EXT-STS:task_state"], n.ok("GET", f"/ports/{port['id']}")["port"]
                     ["status"]))
    assert seen == [("scheduling", "DOWN"), ("block_device_mapping", "DOWN"), ("spawning", "BUILD"),
                    (None, "ACTIVE")]
