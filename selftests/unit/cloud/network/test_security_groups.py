"""Security groups over HTTP: the project's default group made on first use, groups and rules."""

from __future__ import annotations

from .conftest import unique


def _rules(group: dict) -> set[tuple]:
    return {(r["direction"], r["ethertype"], r["remote_group_id"] == group["id"]) for r in group[
        "security_group_rules"]}


def test_listing_makes_the_default_group_with_its_rules(neutron) -> None:
    n = neutron()
    (default,) = n.ok("GET", "/security-groups", token=n.member)["security_groups"]
    assert (default["name"], default["description"]) == ("default", "Default security group")
    assert _rules(default) == {("ingress", "IPv4", True), ("ingress", "IPv6", True), ("egress", "IPv4", False),
                               ("egress", "IPv6", False)}
    assert n.ok("GET", "/security-groups", token=n.member)["security_groups"] == [default]


def test_create_group_and_rules(neutron) -> None:
    n = neutron()
    group = n.create("security-groups", "security_group", n.member, name=unique("sg"), description="web")
    assert _rules(group) == {("egress", "IPv4", False), ("egress", "IPv6", False)}
    rule = n.create("security-group-rules", "security_group_rule", n.member, security_group_id=group["id"],
                    direction="ingress", protocol="TCP", port_range_min=22, port_range_max=22,
                    remote_ip_prefix="0.0.0.0/0")
    assert (rule["protocol"], rule["port_range_min"], rule["ethertype"]) == ("tcp", 22, "IPv4")
    again = n.call("POST", "/security-group-rules", n.member, json={"security_group_rule": {
        "security_group_id": group["id"], "direction": "ingress", "protocol": "tcp", "port_range_min": 22,
        "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0"}})
    assert again.status_code == 409
    assert again.json()["NeutronError"] == {"type": "SecurityGroupRuleExists", "detail": "",
                                            "message": f"Security group rule already exists. Rule id is {rule['id']}."}
    shown = n.ok("GET", f"/security-groups/{group['id']}", token=n.member)["security_group"]
    assert len(shown["security_group_rules"]) == 3


def test_default_group_rules_of_neutron(neutron) -> None:
    n = neutron()
    taken = n.call("POST", "/security-groups", n.member, json={"security_group": {"name": "default"}})
    assert taken.status_code == 409
    assert taken.json()["NeutronError"]["type"] == "SecurityGroupDefaultAlreadyExists"
    default = n.find("security-groups", "default", n.member)
    refused = n.call("DELETE", f"/security-groups/{default['id']}", n.member)
    assert refused.status_code == 409
    assert refused.json()["NeutronError"]["message"] == "Insufficient rights for removing default security group."


def test_a_group_in_use_is_not_deleted(neutron) -> None:
    n = neutron()
    group = n.create("security-groups", "security_group", name=unique("sg"))
    n.port(security_groups=[group["id"]])
    refused = n.call("DELETE", f"/security-groups/{group['id']}")
    assert refused.status_code == 409
    assert refused.json()["NeutronError"]["message"] == f"Security Group {group['id']} in use."
