"""Request bodies as Neutron's API layer checks them (neutron/api/v2/base.py prepare_request_body, attributes.py).

Each resource declares its attributes once: whether POST and PUT may set them, the default (none: required on
create), a converter, and the policy rule an attribute needs (`admin`: `rule:admin_only`; `owner`: the network's
owner or an admin). Checks come in Neutron's order: the body's shape, unknown attributes, attributes the method
may not set, required ones, values, then policy (403 naming the rule, as oslo.policy does).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxdstack.cloud.network import errors

_REQUIRED = object()


def boolean(value: Any) -> bool:
    """neutron_lib converters.convert_to_boolean."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise errors.invalid_input(f"'{value}' cannot be converted to boolean")


def _string(name: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if not isinstance(value, str):
            raise errors.invalid_attribute(name, f"'{value}' is not a valid string")
        if len(value) > 255:
            raise errors.invalid_attribute(name, f"'{value}' exceeds maximum length of 255")
        return value

    return check


def _uuid(name: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        try:
            uuid.UUID(str(value))
        except ValueError:
            raise errors.invalid_attribute(name, f"'{value}' is not a valid UUID") from None
        return str(value)

    return check


def _list(name: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if not isinstance(value, list):
            raise errors.invalid_attribute(name, f"'{value}' is not a list")
        return value

    return check


def _integer(name: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value is None:
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise errors.invalid_attribute(name, f"'{value}' is not an integer") from None

    return check


@dataclass(frozen=True)
class Attr:
    post: bool = True
    put: bool = True
    default: Any = _REQUIRED
    convert: Callable[[Any], Any] | None = None
    rule: str | None = None  # who may set it: "admin" or "owner" (of the network)


def _common() -> dict[str, Attr]:
    return {"name": Attr(default="", convert=_string("name")), "description": Attr(default="", convert=_string(
        "description")), "tenant_id": Attr(put=False, default=None), "project_id": Attr(put=False, default=None)}


NETWORK = {**_common(),
           "admin_state_up": Attr(default=True, convert=boolean),
           "shared": Attr(default=False, convert=boolean, rule="admin"),
           "router:external": Attr(default=False, convert=boolean, rule="admin"),
           "provider:network_type": Attr(put=False, default=None, rule="admin"),
           "provider:physical_network": Attr(put=False, default=None, rule="admin"),
           "provider:segmentation_id": Attr(put=False, default=None, convert=_integer("provider:segmentation_id"),
                                            rule="admin"),
           "port_security_enabled": Attr(default=True, convert=boolean),
           "availability_zone_hints": Attr(put=False, default=[], convert=_list("availability_zone_hints")),
           "mtu": Attr(post=False, put=False)}

SUBNET = {**_common(),
          "network_id": Attr(put=False, convert=_uuid("network_id")),
          "cidr": Attr(put=False, default=None),
          "ip_version": Attr(put=False),
          "gateway_ip": Attr(default="auto"),
          "allocation_pools": Attr(default=None, convert=_list("allocation_pools")),
          "enable_dhcp": Attr(default=True, convert=boolean),
          "dns_nameservers": Attr(default=[], convert=_list("dns_nameservers")),
          "host_routes": Attr(default=[], convert=_list("host_routes")),
          "subnetpool_id": Attr(put=False, default=None),
          "ipv6_ra_mode": Attr(put=False, default=None),
          "ipv6_address_mode": Attr(put=False, default=None),
          "service_types": Attr(default=[], convert=_list("service_types"))}

PORT = {**_common(),
        "network_id": Attr(put=False, convert=_uuid("network_id")),
        "admin_state_up": Attr(default=True, convert=boolean),
        "mac_address": Attr(put=False, default=None, rule="owner"),
        "fixed_ips": Attr(default=None, convert=_list("fixed_ips"), rule="owner"),
        "device_id": Attr(default="", convert=_string("device_id")),
        "device_owner": Attr(default="", convert=_string("device_owner")),
        "security_groups": Attr(default=None, convert=_list("security_groups")),
        "port_security_enabled": Attr(default=True, convert=boolean, rule="owner"),
        "allowed_address_pairs": Attr(default=[], convert=_list("allowed_address_pairs")),
        "extra_dhcp_opts": Attr(default=[], convert=_list("extra_dhcp_opts")),
        "binding:host_id": Attr(default="", rule="admin"),
        "binding:profile": Attr(default={}, rule="admin"),
        "binding:vnic_type": Attr(default="normal")}

ROUTER = {**_common(),
          "admin_state_up": Attr(default=True, convert=boolean),
          "external_gateway_info": Attr(default=None),
          "routes": Attr(post=False, default=[]),
          "distributed": Attr(default=False, convert=boolean, rule="admin"),
          "ha": Attr(default=False, convert=boolean, rule="admin"),
          "availability_zone_hints": Attr(put=False, default=[], convert=_list("availability_zone_hints"))}

SECURITY_GROUP = {**_common()}

RULE = {"description": Attr(put=False, default=""), "tenant_id": Attr(put=False, default=None),
        "project_id": Attr(put=False, default=None),
        "security_group_id": Attr(put=False, convert=_uuid("security_group_id")),
        "direction": Attr(put=False), "ethertype": Attr(put=False, default="IPv4"),
        "protocol": Attr(put=False, default=None), "port_range_min": Attr(put=False, default=None,
                                                                          convert=_integer("port_range_min")),
        "port_range_max": Attr(put=False, default=None, convert=_integer("port_range_max")),
        "remote_ip_prefix": Attr(put=False, default=None), "remote_group_id": Attr(put=False, default=None)}


def parse(body: Any, resource: str, attrs: dict[str, Attr], create: bool, project_id: str, is_admin: bool,
          may_own: Callable[[dict], bool] | None = None) -> dict[str, Any]:
    """The resource's attributes from a request body, defaults filled in on create; `may_own(values)` says whether
    the caller owns the network an `owner` attribute is about (admins always may)."""
    if not body:
        raise errors.body_required()
    if not isinstance(body, dict) or not isinstance(body.get(resource, {}), dict):
        raise errors.bad_body()
    values = body.get(resource)
    if values is None:
        raise errors.body_missing(resource)
    values = dict(values)
    unknown = [key for key in values if key not in attrs]
    if unknown:
        raise errors.unrecognized(unknown)
    for key in values:
        if create and not attrs[key].post:
            raise errors.not_allowed(key, "POST")
        if not create and not attrs[key].put:
            raise errors.read_only(key)
    if create:
        owner = values.get("project_id", values.get("tenant_id"))
        if owner is not None and "project_id" in values and "tenant_id" in values \
                and values["project_id"] != values["tenant_id"]:
            raise errors.project_mismatch()
        if owner is not None and owner != project_id and not is_admin:
            raise errors.foreign_project()
        values["project_id"] = values["tenant_id"] = owner or project_id
        for key, attr in attrs.items():
            if key in values or not attr.post:
                continue
            if attr.default is _REQUIRED:
                raise errors.missing(key)
            values[key] = attr.default
    for key in body[resource]:
        if attrs[key].convert is not None:
            values[key] = attrs[key].convert(values[key])
    _check_policy(body[resource], resource, attrs, create, is_admin, may_own, values)
    return values


def _check_policy(given: dict, resource: str, attrs: dict[str, Attr], create: bool, is_admin: bool,
                  may_own: Callable[[dict], bool] | None, values: dict) -> None:
    if is_admin:
        return
    action = f"{'create' if create else 'update'}_{resource}"
    for key in given:
        rule = attrs[key].rule
        if create and values[key] == attrs[key].default:
            continue  # policy.py _is_attribute_explicitly_set: a default value is not "set"
        refused = rule == "admin" or (rule == "owner" and may_own is not None and not may_own(values))
        if refused:
            raise errors.policy(f"rule:{action} and rule:{action}:{key}")
