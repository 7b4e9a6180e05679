"""Security groups and their rules, as Newton's securitygroups_db.py keeps them. No HTTP here.

Every project has a `default` group, made the first time the project needs one (listing groups, creating a group or
a port): it lets the group's own members in and everything out, over IPv4 and IPv6. A new group lets everything out.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from lxdstack.cloud.network import errors
from lxdstack.cloud.network.models import Rule, SecurityGroup, new_id

if TYPE_CHECKING:
    from lxdstack.cloud.network.store import Neutron

# neutron_lib.constants IP_PROTOCOL_MAP, in neutron-lib's order (Newton printed a Python 2 dict, in no fixed order)
PROTOCOLS = ("ah", "dccp", "egp", "esp", "gre", "icmp", "igmp", "ipv6-encap", "ipv6-frag", "ipv6-icmp", "icmpv6",
             "ipv6-nonxt", "ipv6-opts", "ipv6-route", "ospf", "pgm", "rsvp", "sctp", "tcp", "udp", "udplite", "vrrp")
_PORTED = ("tcp", "udp", "6", "17", "dccp", "sctp", "udplite")


def ensure_default(neutron: Neutron, project_id: str) -> SecurityGroup:
    """`_ensure_default_security_group`: the project's default group, made now if it has none."""
    for group in neutron.groups.values():
        if group.is_default and group.project_id == project_id:
            return group
    group = _new_group(neutron, "default", project_id, "Default security group", is_default=True)
    for ethertype in ("IPv4", "IPv6"):
        group.rules.append(_rule(neutron, group, "ingress", ethertype, remote_group_id=group.id))
    return group


def create_group(neutron: Neutron, name: str, project_id: str, description: str = "") -> SecurityGroup:
    ensure_default(neutron, project_id)
    return _new_group(neutron, name, project_id, description)


def _new_group(neutron: Neutron, name: str, project_id: str, description: str,
               is_default: bool = False) -> SecurityGroup:
    now = neutron.clock.now()
    group = SecurityGroup(id=new_id(), name=name, project_id=project_id, created_at=now, updated_at=now,
                          description=description, is_default=is_default)
    for ethertype in ("IPv4", "IPv6"):
        group.rules.append(_rule(neutron, group, "egress", ethertype))
    neutron.groups[group.id] = group
    return group


def _rule(neutron: Neutron, group: SecurityGroup, direction: str, ethertype: str, **attrs: Any) -> Rule:
    return Rule(id=new_id(), security_group_id=group.id, project_id=group.project_id, direction=direction,
                ethertype=ethertype, created_at=neutron.clock.now(), **attrs)


def delete_group(neutron: Neutron, group: SecurityGroup, is_admin: bool) -> None:
    if group.is_default and not is_admin:
        raise errors.cannot_remove_default()
    if any(group.id in p.security_group_ids for p in neutron.ports.values()):
        raise errors.group_in_use(group.id)
    neutron.groups.pop(group.id)


def protocol(value: Any) -> str | None:
    """securitygroup.py convert_protocol: a name (lower-cased) or a number 0-255 (kept as a string)."""
    if value is None:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        if isinstance(value, str) and value.lower() in PROTOCOLS:
            return value.lower()
        raise errors.rule_protocol(str(value), PROTOCOLS) from None
    if not 0 <= number <= 255:
        raise errors.rule_protocol(str(value), PROTOCOLS)
    return str(value)


def create_rule(neutron: Neutron, group: SecurityGroup, attrs: dict[str, Any]) -> Rule:
    """A rule after Newton's checks: remote IP or group (not both), ports only with a protocol, min <= max for
    ported protocols; a rule equal to one the group has is a conflict naming it."""
    proto = protocol(attrs.get("protocol"))
    low, high = attrs.get("port_range_min"), attrs.get("port_range_max")
    if attrs.get("remote_ip_prefix") and attrs.get("remote_group_id"):
        raise errors.rule_remote_both()
    if (low is not None or high is not None) and proto is None:
        raise errors.rule_ports_need_protocol()
    if proto in _PORTED and low is not None and high is not None and low > high:
        raise errors.rule_port_range()
    prefix = attrs.get("remote_ip_prefix")
    if prefix is not None:
        try:
            prefix = str(ipaddress.ip_network(str(prefix), strict=False))
        except ValueError:
            raise errors.invalid_attribute("remote_ip_prefix", f"'{prefix}' is not a valid IP subnet") from None
    remote_group = attrs.get("remote_group_id")
    if remote_group is not None and remote_group not in neutron.groups:
        raise errors.security_group_not_found(str(remote_group))
    rule = _rule(neutron, group, attrs["direction"], attrs.get("ethertype") or "IPv4", protocol=proto,
                 port_range_min=low, port_range_max=high, remote_ip_prefix=prefix, remote_group_id=remote_group,
                 description=attrs.get("description") or "")
    for existing in group.rules:
        if existing.same_as(rule):
            raise errors.rule_exists(existing.id)
    group.rules.append(rule)
    group.touch(neutron.clock.now())
    return rule


def find_rule(neutron: Neutron, rule_id: str) -> tuple[SecurityGroup, Rule] | None:
    for group in neutron.groups.values():
        for rule in group.rules:
            if rule.id == rule_id:
                return group, rule
    return None


def delete_rule(neutron: Neutron, group: SecurityGroup, rule: Rule) -> None:
    group.rules.remove(rule)
    group.touch(neutron.clock.now())
