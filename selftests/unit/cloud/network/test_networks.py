"""Networks and subnets over HTTP: the seed's post-deploy networks, who sees what, filters, create and delete."""

from __future__ import annotations

import uuid

from .conftest import unique


def test_seed_networks_are_ext_net_and_internal(neutron) -> None:
    n = neutron()
    ext_net, internal = n.find("networks", "ext_net"), n.find("networks", "internal")
    admin_project = ext_net["tenant_id"]
    assert (ext_net["router:external"], ext_net["shared"], ext_net["status"], ext_net["admin_state_up"]) == (
        True, False, "ACTIVE", True)
    assert (ext_net["provider:network_type"], ext_net["provider:physical_network"], ext_net["mtu"]) == (
        "flat", "physnet1", 1500)
    assert (internal["router:external"], internal["provider:network_type"], internal["mtu"]) == (False, "gre", 1458)
    assert internal["project_id"] == internal["tenant_id"] == admin_project
    assert internal["availability_zones"] == ext_net["availability_zones"] == ["nova"]  # both DHCP-hosted
    # Newton's default auto-allocated-topology plugin marks external networks only
    assert ext_net["is_default"] is False and "is_default" not in internal


def test_seed_subnets_match_the_post_deploy_scripts(neutron) -> None:
    n = neutron()
    ext = n.find("subnets", "ext_net_subnet")
    assert (ext["cidr"], ext["gateway_ip"], ext["enable_dhcp"], ext["ip_version"]) == ("10.0.8.0/24", "10.0.8.1",
                                                                                       False, 4)
    assert ext["allocation_pools"] == [{"start": "10.0.8.201", "end": "10.0.8.254"}]
    internal = n.find("subnets", "internal_subnet")
    assert (internal["cidr"], internal["gateway_ip"], internal["enable_dhcp"]) == ("192.168.20.0/24",
                                                                                   "192.168.20.1", True)
    assert internal["dns_nameservers"] == ["10.0.8.1"] and internal["host_routes"] == []
    assert internal["allocation_pools"] == [{"start": "192.168.20.2", "end": "192.168.20.254"}]
    assert n.find("networks", "internal")["subnets"] == [internal["id"]]
    assert "shared" not in ext and "shared" not in internal  # not visible on subnets in Newton


def test_a_member_sees_external_networks_but_not_the_admin_project_s(neutron) -> None:
    n = neutron()
    names = [net["name"] for net in n.ok("GET", "/networks", token=n.member)["networks"]]
    assert names == ["ext_net"]
    ext_net = n.find("networks", "ext_net", n.member)
    assert not any(key.startswith("provider:") for key in ext_net)
    internal_id = n.find("networks", "internal")["id"]
    hidden = n.call("GET", f"/networks/{internal_id}", n.member)
    assert hidden.status_code == 404
    assert hidden.json() == {"NeutronError": {"type": "NetworkNotFound", "detail": "",
                                              "message": f"Network {internal_id} could not be found."}}


def test_filters_and_fields(neutron) -> None:
    n = neutron()
    external = n.ok("GET", "/networks?router:external=True")["networks"]
    assert [net["name"] for net in external] == ["ext_net"]
    internal = n.find("networks", "internal")
    by_network = n.ok("GET", f"/subnets?network_id={internal['id']}&fields=name&fields=cidr")["subnets"]
    assert by_network == [{"name": "internal_subnet", "cidr": "192.168.20.0/24"}]
    assert n.ok("GET", f"/networks?id={internal['id']}&id={uuid.uuid4()}")["networks"][0]["id"] == internal["id"]


def test_member_creates_a_tenant_network_with_a_subnet_and_deletes_them(neutron) -> None:
    n = neutron()
    network, subnet = n.network_with_subnet("10.20.0.0/24", n.member)
    assert network["status"] == "ACTIVE" and "provider:network_type" not in network
    assert subnet["gateway_ip"] == "10.20.0.1"
    assert subnet["allocation_pools"] == [{"start": "10.20.0.2", "end": "10.20.0.254"}]
    shown = n.ok("GET", f"/networks/{network['id']}")["network"]
    assert (shown["provider:network_type"], shown["subnets"]) == ("gre", [subnet["id"]])
    assert shown["provider:segmentation_id"] != n.find("networks", "internal")["provider:segmentation_id"]
    assert n.call("DELETE", f"/networks/{network['id']}", n.member).status_code == 204
    assert n.call("GET", f"/subnets/{subnet['id']}").status_code == 404


def test_only_admins_make_shared_or_external_networks(neutron) -> None:
    n = neutron()
    refused = n.call("POST", "/networks", n.member, json={"network": {"name": unique("x"), "shared": True}})
    assert refused.status_code == 403
    assert refused.json()["NeutronError"] == {
        "type": "PolicyNotAuthorized", "detail": "",
        "message": "(rule:create_network and rule:create_network:shared) is disallowed by policy"}


def test_a_member_cannot_delete_ext_net(neutron) -> None:
    n = neutron()
    ext_net = n.find("networks", "ext_net")
    refused = n.call("DELETE", f"/networks/{ext_net['id']}", n.member)
    assert refused.status_code == 404
    assert refused.json()["NeutronError"]["message"] == "The resource could not be found."


def test_network_with_ports_is_in_use(neutron) -> None:
    n = neutron()
    network, _ = n.network_with_subnet("10.21.0.0/24", enable_dhcp=False)
    n.create("ports", "port", network_id=network["id"])
    refused = n.call("DELETE", f"/networks/{network['id']}")
    assert refused.status_code == 409
    assert refused.json()["NeutronError"]["type"] == "NetworkInUse"


def test_subnet_checks_its_cidr_and_pools(neutron) -> None:
    n = neutron()
    network = n.create("networks", "network", name=unique("net"))
    body = {"network_id": network["id"], "ip_version": 4}
    bad = n.call("POST", "/subnets", json={"subnet": {**body, "cidr": "10.22.0.1/24"}})
    assert bad.status_code == 400
    assert bad.json()["NeutronError"]["message"] == ("Invalid input for cidr. Reason: '10.22.0.1/24' isn't a "
                                                     "recognized IP subnet cidr, '10.22.0.0/24' is recommended.")
    pools = [{"start": "10.22.0.1", "end": "10.22.0.9"}]
    conflict = n.call("POST", "/subnets", json={"subnet": {**body, "cidr": "10.22.0.0/24", "allocation_pools": pools}})
    assert conflict.status_code == 409
    assert conflict.json()["NeutronError"] == {
        "type": "GatewayConflictWithAllocationPools", "detail": "",
        "message": "Gateway ip 10.22.0.1 conflicts with allocation pool 10.22.0.1-10.22.0.9."}
    unknown = n.call("POST", "/subnets", json={"subnet": {**body, "cidr": "10.22.0.0/24", "colour": "red"}})
    assert unknown.json()["NeutronError"]["message"] == "Unrecognized attribute(s) 'colour'"
